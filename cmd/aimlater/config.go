package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/bot/schedule"
)

// Config is everything aimlater reads from its environment. Load fills it
// from environment variables; tests set fields directly.
type Config struct {
	BotToken        string // SLACK_BOT_TOKEN, xoxb-…
	AppToken        string // SLACK_APP_TOKEN, xapp-… (socket mode)
	APIURL          string // SLACK_API_URL
	DBPath          string // AIMLATER_DB
	TimeZone        string // AIMLATER_TZ, IANA name
	CheckInSchedule string // AIMLATER_CHECKIN_SCHEDULE, cron spec or "off"
	DigestSchedule  string // AIMLATER_DIGEST_SCHEDULE, cron spec or "off"
	CatchUp         string // AIMLATER_CATCHUP, Go duration: how old a missed tick may run
	OutboxMaxAge    string // AIMLATER_OUTBOX_MAX_AGE, Go duration: how long a failing message is retried
	LogLevel        string // AIMLATER_LOG_LEVEL: debug, info, warn, error
	LogFormat       string // AIMLATER_LOG_FORMAT: text or json
	HTTPAddr        string // AIMLATER_HTTP_ADDR, host:port of the operations listener, "" for none
	PProf           string // AIMLATER_PPROF: 1 serves net/http/pprof on HTTPAddr; "" or 0 is off
}

// Defaults of every optional variable.
const (
	DefaultAPIURL          = "https://slack.com/api/"
	DefaultDBPath          = "aimlater.db"
	DefaultTimeZone        = "UTC"
	DefaultCheckInSchedule = "0 10 * * 2,4"
	DefaultDigestSchedule  = "0 9 * * 1"
	DefaultCatchUp         = "12h"
	DefaultOutboxMaxAge    = "24h"
	DefaultLogLevel        = "info"
	DefaultLogFormat       = "text"
)

// ScheduleOff turns a schedule off.
const ScheduleOff = "off"

// LoadConfig reads the configuration through getenv (os.Getenv in main),
// applying the default of every variable that is unset or blank.
func LoadConfig(getenv func(string) string) Config {
	get := func(name, def string) string {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			return v
		}
		return def
	}
	return Config{
		BotToken:        get("SLACK_BOT_TOKEN", ""),
		AppToken:        get("SLACK_APP_TOKEN", ""),
		APIURL:          get("SLACK_API_URL", DefaultAPIURL),
		DBPath:          get("AIMLATER_DB", DefaultDBPath),
		TimeZone:        get("AIMLATER_TZ", DefaultTimeZone),
		CheckInSchedule: get("AIMLATER_CHECKIN_SCHEDULE", DefaultCheckInSchedule),
		DigestSchedule:  get("AIMLATER_DIGEST_SCHEDULE", DefaultDigestSchedule),
		CatchUp:         get("AIMLATER_CATCHUP", DefaultCatchUp),
		OutboxMaxAge:    get("AIMLATER_OUTBOX_MAX_AGE", DefaultOutboxMaxAge),
		LogLevel:        get("AIMLATER_LOG_LEVEL", DefaultLogLevel),
		LogFormat:       get("AIMLATER_LOG_FORMAT", DefaultLogFormat),
		HTTPAddr:        get("AIMLATER_HTTP_ADDR", ""),
		PProf:           get("AIMLATER_PPROF", ""),
	}
}

// ValidateLocal checks what every subcommand needs: the zone, the schedules
// and the logging settings. Each error names the variable and the problem.
func (c Config) ValidateLocal() error {
	if _, err := time.LoadLocation(c.TimeZone); err != nil {
		return fmt.Errorf("AIMLATER_TZ: unknown time zone %q (want an IANA name such as Europe/Rome)", c.TimeZone)
	}
	if err := ValidateSchedule(c.CheckInSchedule); err != nil {
		return fmt.Errorf("AIMLATER_CHECKIN_SCHEDULE: %w", err)
	}
	if err := ValidateSchedule(c.DigestSchedule); err != nil {
		return fmt.Errorf("AIMLATER_DIGEST_SCHEDULE: %w", err)
	}
	if d, err := time.ParseDuration(c.CatchUp); err != nil || d < 0 {
		return fmt.Errorf("AIMLATER_CATCHUP: %q is not a duration of 0 or more (want e.g. 12h, 90m or 0 for no catch-up)", c.CatchUp)
	}
	if d, err := time.ParseDuration(c.OutboxMaxAge); err != nil || d <= 0 {
		return fmt.Errorf("AIMLATER_OUTBOX_MAX_AGE: %q is not a duration above 0 (want e.g. 24h or 90m)", c.OutboxMaxAge)
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		return fmt.Errorf("AIMLATER_LOG_LEVEL: %w", err)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("AIMLATER_LOG_FORMAT: %q is not text or json", c.LogFormat)
	}
	return c.validateHTTP()
}

// validateHTTP checks the operations listener: a host:port with a numeric
// port, and pprof only on 0 or 1, and only with a listener to serve it.
func (c Config) validateHTTP() error {
	if c.PProf != "" && c.PProf != "0" && c.PProf != "1" {
		return fmt.Errorf("AIMLATER_PPROF: %q is not 0 or 1", c.PProf)
	}
	if c.HTTPAddr == "" {
		if c.PProf == "1" {
			return errors.New("AIMLATER_PPROF: 1 needs AIMLATER_HTTP_ADDR (e.g. 127.0.0.1:9090) to serve on")
		}
		return nil
	}
	_, port, err := net.SplitHostPort(c.HTTPAddr)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
		return fmt.Errorf("AIMLATER_HTTP_ADDR: %q is not host:port (want e.g. 127.0.0.1:9090)", c.HTTPAddr)
	}
	return nil
}

// Validate checks everything serve needs: ValidateLocal plus both tokens.
func (c Config) Validate() error {
	if err := checkToken("SLACK_BOT_TOKEN", c.BotToken, "xoxb-"); err != nil {
		return err
	}
	if err := checkToken("SLACK_APP_TOKEN", c.AppToken, "xapp-"); err != nil {
		return err
	}
	if !strings.HasPrefix(c.APIURL, "http://") && !strings.HasPrefix(c.APIURL, "https://") {
		return fmt.Errorf("SLACK_API_URL: %q is not an http(s) URL", c.APIURL)
	}
	return c.ValidateLocal()
}

// Location returns the configured zone; call after ValidateLocal.
func (c Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// CatchUpWindow returns how old a missed tick may be and still run; call
// after ValidateLocal.
func (c Config) CatchUpWindow() time.Duration {
	d, err := time.ParseDuration(c.CatchUp)
	if err != nil {
		return 12 * time.Hour
	}
	return d
}

// OutboxMaxAgeDuration returns how long a message that keeps failing is
// retried before it is given up; call after ValidateLocal.
func (c Config) OutboxMaxAgeDuration() time.Duration {
	d, err := time.ParseDuration(c.OutboxMaxAge)
	if err != nil || d <= 0 {
		return outbox.DefaultMaxAge
	}
	return d
}

// The placeholders .env.example holds in place of the tokens. They pass the
// prefix check, and serve would then retry auth forever; a test keeps them
// equal to the file's values.
const (
	placeholderBotToken = "xoxb-your-bot-token"
	placeholderAppToken = "xapp-your-app-token"
)

// checkToken never echoes the token itself: it must not reach a log or a
// terminal scrollback.
func checkToken(name, token, prefix string) error {
	if token == "" {
		return fmt.Errorf("%s: missing (want a token starting with %s; see .env.example)", name, prefix)
	}
	if token == placeholderBotToken || token == placeholderAppToken {
		return fmt.Errorf("%s: still the placeholder of .env.example: fill in %s in .env", name, name)
	}
	if !strings.HasPrefix(token, prefix) || len(token) <= len(prefix) {
		return fmt.Errorf("%s: malformed (want a token starting with %s)", name, prefix)
	}
	return nil
}

// ValidateSchedule checks an operator's default schedule with the code
// that runs it (schedule.CheckDefault): a robfig/cron standard spec (5
// fields, CRON_TZ=, descriptors such as @daily and @every 3s) or "off".
func ValidateSchedule(spec string) error {
	return schedule.CheckDefault(spec)
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return l, fmt.Errorf("%q is not debug, info, warn or error", s)
	}
	return l, nil
}
