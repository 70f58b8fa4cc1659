package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/aimlater/aimlater/storage"
)

// checkTimeout bounds each call to Slack and the database probe: a check
// that hangs is no answer either.
const checkTimeout = 10 * time.Second

// checkResult is one line of `aimlater check`: what was checked, whether it
// passed, and what was found or, when it failed, how to fix it.
type checkResult struct {
	name   string
	ok     bool
	detail string
}

func pass(name, format string, args ...any) checkResult {
	return checkResult{name: name, ok: true, detail: fmt.Sprintf(format, args...)}
}

func fail(name, format string, args ...any) checkResult {
	return checkResult{name: name, detail: fmt.Sprintf(format, args...)}
}

// String is the line printed: "✓ name: detail" or "✗ name: detail".
func (r checkResult) String() string {
	mark := "✓"
	if !r.ok {
		mark = "✗"
	}
	return mark + " " + r.name + ": " + r.detail
}

// errChecksFailed makes check exit 1 after its lines said why.
var errChecksFailed = errors.New("some checks failed (see the ✗ lines above)")

// cmdCheck checks what serve needs before serve runs: the configuration,
// both tokens with Slack, the bot token's scopes against the manifest's,
// and the database. It prints one line per check and fails if any did.
func cmdCheck(ctx context.Context, env *environment, args []string) error {
	if len(args) > 0 {
		return usagef("check takes no arguments")
	}
	c := checker{cfg: env.cfg, http: &http.Client{Timeout: checkTimeout}, manifest: manifestYAML}
	failed := false
	for _, r := range c.run(ctx) {
		fmt.Fprintln(env.stdout, r)
		failed = failed || !r.ok
	}
	if failed {
		return errChecksFailed
	}
	return nil
}

// checker runs the checks of `aimlater check`.
type checker struct {
	cfg      Config
	http     *http.Client
	manifest string // the manifest whose scopes the bot token must have
}

// run runs every check in order. A check whose input is already known to
// be wrong (a malformed token, an unknown zone) is not run: the config
// line says what to fix.
func (c checker) run(ctx context.Context) []checkResult {
	results := []checkResult{c.config()}
	urlOK := c.validAPIURL()
	if checkToken("SLACK_BOT_TOKEN", c.cfg.BotToken, "xoxb-") == nil && urlOK {
		results = append(results, c.slackBot(ctx)...)
	} else {
		results = append(results, fail("bot token", "not checked with Slack: fix the configuration first"))
	}
	if checkToken("SLACK_APP_TOKEN", c.cfg.AppToken, "xapp-") == nil && urlOK {
		results = append(results, c.appToken(ctx))
	} else {
		results = append(results, fail("app token", "not checked with Slack: fix the configuration first"))
	}
	return append(results, c.database(ctx))
}

// config is serve's own validation, so check and serve never disagree.
func (c checker) config() checkResult {
	if err := c.cfg.Validate(); err != nil {
		return fail("config", "%v", err)
	}
	return pass("config", "valid (zone %s, check-ins %q, digest %q)",
		c.cfg.TimeZone, c.cfg.CheckInSchedule, c.cfg.DigestSchedule)
}

func (c checker) validAPIURL() bool {
	return strings.HasPrefix(c.cfg.APIURL, "http://") || strings.HasPrefix(c.cfg.APIURL, "https://")
}

// database opens the database as export does, beside a running serve if
// there is one (Open takes no lock: see the README's "Self-check"),
// applies any migration not applied yet and runs a write transaction.
func (c checker) database(ctx context.Context) checkResult {
	const name = "database"
	if err := c.cfg.ValidateLocal(); err != nil {
		return fail(name, "not checked: fix the configuration first")
	}
	path := c.cfg.DBPath
	_, statErr := os.Stat(path)
	db, err := storage.Open(path)
	if err != nil {
		return fail(name, "%v: check that AIMLATER_DB names a file in a directory this user can write", err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	v, err := db.SchemaVersion(ctx)
	if err == nil {
		err = probeWrite(ctx, db)
	}
	if err != nil {
		return fail(name, "%s opens but cannot be written: %v; check the file's owner and mode, and the disk", path, err)
	}
	created := ""
	if errors.Is(statErr, os.ErrNotExist) {
		created = "created, "
	}
	return pass(name, "%s: %sschema version %d, writable", path, created, v)
}

// probeWrite runs a write transaction through the database's writer that
// changes nothing: it forgets the idempotency keys seen before year 1.
// BEGIN IMMEDIATE takes the write lock, so a read-only file or directory
// fails here; a transaction that changed no page writes nothing to the
// WAL and costs no fsync.
func probeWrite(ctx context.Context, db *storage.DB) error {
	_, err := db.PruneKeys(ctx, time.Time{})
	return err
}
