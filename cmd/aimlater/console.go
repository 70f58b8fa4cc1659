package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/storage"
)

// consoleTeam is the workspace (team) ID of everything done in the console.
// No real Slack team has it, so console experiments never mix with a real
// workspace's in a shared database.
const consoleTeam = "T0CONSOLE"

// consoleClock is the console's clock for the bot and the database. Only
// tests change it, to pin a session's dates.
var consoleClock = time.Now

// maxConsoleLine bounds one line of input.
const maxConsoleLine = 1 << 20

// ticker runs a scheduled job — "checkins" or "digest" — for one channel
// now: it records the tick and queues its messages in the outbox as a
// scheduled tick does, and returns them. *schedule.Scheduler implements it.
type ticker interface {
	TickNow(ctx context.Context, kind, team, channel string) ([]experiments.OutboxMessage, error)
}

// consoleOutbox is what the console needs of the outbox: in the console the
// terminal is the transport, so it shows each due message and marks it sent.
// *storage.DB implements it.
type consoleOutbox interface {
	DueMessages(ctx context.Context, now time.Time, limit int) ([]experiments.OutboxMessage, error)
	MarkSent(ctx context.Context, id int64, at time.Time) error
	MarkDead(ctx context.Context, id int64, lastErr string) error
}

// console feeds lines from a terminal or a script to the bot's handlers and
// prints the replies and the messages they queue as plain text.
type console struct {
	app    *bot.App
	outbox consoleOutbox
	ticker ticker // nil: :tick says ticks are not available

	team, user, channel string
	dbPath              string
	clock               *consoleTime   // the one clock of the App, the store and the scheduler
	zone                *time.Location // the zone :now reads times in
	out                 io.Writer
	// interactive shows a banner and a prompt; otherwise each command is
	// echoed after "> ", so a script's output reads as a transcript.
	interactive bool
	chartDir    string // where saveCharts writes digest charts, once made
}

// consoleHint is the usage of `aimlater console`.
const consoleHint = "aimlater console [--user U1] [--channel C1]"

// cmdConsole runs every command in a terminal, no Slack needed.
func cmdConsole(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet("console")
	user := fs.String("user", "U1", "Slack user ID to act as")
	channel := fs.String("channel", "C1", "Slack channel ID to act in")
	if err := parseFlags(fs, args, consoleHint); err != nil {
		return err
	}
	for _, id := range []string{*user, *channel} {
		if err := checkSlackID(id); err != nil {
			return usagef("console: %v", err)
		}
	}
	db, err := openOwnDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	return newConsole(env, db, *user, *channel).run(ctx, env.stdin)
}

// newConsole wires a console on db acting as user in channel: the App, the
// store and the scheduler all on the console's one clock.
func newConsole(env *environment, db *storage.DB, user, channel string) *console {
	clock := &consoleTime{base: consoleClock}
	db.Now = clock.Now
	app := bot.NewApp(appStores(db), consoleLogger(env.cfg, env.stderr), env.cfg.Location())
	app.Now = clock.Now
	return &console{app: app, outbox: db, ticker: consoleTicker(env, db, app, clock.Now),
		team: consoleTeam, user: user, channel: channel, dbPath: env.cfg.DBPath,
		clock: clock, zone: env.cfg.Location(), out: env.stdout, interactive: isTerminal(env.stdin)}
}

// consoleLogger logs warnings and errors only, unless AIMLATER_LOG_LEVEL
// asks for debug: the terminal is for the replies.
func consoleLogger(cfg Config, w io.Writer) *slog.Logger {
	if cfg.LogLevel != "debug" && cfg.LogLevel != "error" {
		cfg.LogLevel = "warn"
	}
	return newLogger(cfg, w)
}

// consoleTicker returns the scheduler that runs :tick: the very one serve
// runs, recording its ticks in the same ledger, on the console's clock.
func consoleTicker(env *environment, db *storage.DB, app *bot.App, now func() time.Time) ticker {
	app.Schedules = scheduleDefaults(env.cfg)
	s := newScheduler(db, consoleLogger(env.cfg, env.stderr), env.cfg, app, channelZonesOnly{}, nil)
	s.Now = now
	return s
}

// channelZonesOnly knows no user's zone: the console has no users.info, so
// check-in DMs speak in the channel's zone.
type channelZonesOnly struct{}

// UserZone implements bot.ZoneLookup.
func (channelZonesOnly) UserZone(string, string) (*time.Location, bool) { return nil, false }

// isTerminal reports whether r is a terminal, where a person types.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// run reads lines until the end of input, :quit or ctx's end.
func (c *console) run(ctx context.Context, in io.Reader) error {
	if c.interactive {
		c.banner()
	}
	done := make(chan struct{})
	defer close(done)
	lines, readErr := readLines(in, done)
	for {
		if c.interactive {
			fmt.Fprint(c.out, "> ")
		}
		select {
		case <-ctx.Done():
			fmt.Fprintln(c.out)
			return nil
		case line, ok := <-lines:
			if !ok {
				if c.interactive {
					fmt.Fprintln(c.out)
				}
				return <-readErr
			}
			if quit, err := c.line(ctx, line); quit || err != nil {
				return err
			}
		}
	}
}

// readLines sends the lines of in until its end or until done closes, then
// the read error, if any, on the second channel. Reading runs apart so that
// a cancelled ctx ends the console even while it waits for a line.
func readLines(in io.Reader, done <-chan struct{}) (<-chan string, <-chan error) {
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 0, 64*1024), maxConsoleLine)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-done:
				return
			}
		}
		if err := sc.Err(); err != nil {
			errc <- fmt.Errorf("read input: %w", err)
		}
		close(errc)
	}()
	return lines, errc
}

// line runs one line: a blank line or a # comment does nothing, a
// :command is the console's own, anything else goes to the bot.
func (c *console) line(ctx context.Context, line string) (quit bool, err error) {
	text := strings.TrimSpace(line)
	if text == "" || strings.HasPrefix(text, "#") {
		return false, nil
	}
	if !c.interactive {
		fmt.Fprintf(c.out, "> %s\n", text)
	}
	if strings.HasPrefix(text, ":") {
		quit, err = c.meta(ctx, text)
	} else {
		err = c.command(ctx, text)
	}
	if !quit && err == nil {
		fmt.Fprintln(c.out)
	}
	return quit, err
}

// command runs text through the bot's handlers, as Slack would deliver it
// after the command name, then shows what it queued.
func (c *console) command(ctx context.Context, text string) error {
	text = withoutCommandName(text, c.app.CommandName)
	r := c.app.Handle(ctx, bot.Command{Team: c.team, Channel: c.channel, User: c.user, Text: text})
	fmt.Fprintln(c.out, bot.RenderReply(r))
	return c.drain(ctx)
}

// withoutCommandName drops a leading "/exp", so both "/exp new …" and
// "new …" work.
func withoutCommandName(text, name string) string {
	word, rest, _ := strings.Cut(text, " ")
	if strings.EqualFold(word, name) {
		return strings.TrimSpace(rest)
	}
	return text
}

// drain shows every due message of the console's team and marks it sent;
// one it cannot show is marked dead, as the sender would. Other teams'
// messages are left for their sender.
func (c *console) drain(ctx context.Context) error {
	now := c.clock.Now()
	msgs, err := c.outbox.DueMessages(ctx, now, 0)
	if err != nil {
		return fmt.Errorf("read outbox: %w", err)
	}
	for _, m := range msgs {
		if m.Team != c.team {
			continue
		}
		if err := c.show(ctx, m, now); err != nil {
			return err
		}
	}
	return nil
}

// show prints one message and records the outcome.
func (c *console) show(ctx context.Context, m experiments.OutboxMessage, now time.Time) error {
	text, err := bot.RenderOutboxMessage(m)
	if err != nil {
		fmt.Fprintf(c.out, "→ message %d cannot be shown: %v\n", m.ID, err)
		if err := c.outbox.MarkDead(ctx, m.ID, "console: "+err.Error()); err != nil {
			return fmt.Errorf("mark message %d dead: %w", m.ID, err)
		}
		return nil
	}
	fmt.Fprintln(c.out, text)
	if err := c.saveCharts(m); err != nil {
		return err
	}
	if err := c.outbox.MarkSent(ctx, m.ID, now); err != nil {
		return fmt.Errorf("mark message %d sent: %w", m.ID, err)
	}
	return nil
}
