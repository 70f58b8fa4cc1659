package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/storage"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata")

// consoleNow is the pinned time of every console test: a Thursday.
var consoleNow = time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)

// pinConsoleClock pins the console's clock for one test.
func pinConsoleClock(t *testing.T) {
	t.Helper()
	old := consoleClock
	consoleClock = func() time.Time { return consoleNow }
	t.Cleanup(func() { consoleClock = old })
}

// consoleEnv is a console configuration with a database in a temp dir.
func consoleEnv(t *testing.T) map[string]string {
	return map[string]string{"AIMLATER_DB": filepath.Join(t.TempDir(), "console.db"), "AIMLATER_TZ": "UTC"}
}

// runConsole runs `aimlater console args…` on script as stdin.
func runConsole(t *testing.T, env map[string]string, script string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"console"}, args...), envOf(env), strings.NewReader(script), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// consoleScript is the scripted session of testdata/console.golden: the
// whole loop, bad input, the check-in and digest ticks of a channel with
// experiments and of one without, a scope error, the meta commands, and a line
// after :quit that never runs.
const consoleScript = `# Comments and blank lines are skipped.
goal Double trial signups metric:signups target:+100% by:2027-03-31
/exp new Try LinkedIn carousel ads metric:signups target:+20% by:2w goal:G1
idea Referral bonus for annual plans metric:upgrades ice:7/5/8

launch #2
list
log #1 412 signups after week one
show #1
decide #1 keep carousels doubled signups
decide #2 iterate referrals work, double the bonus
goals
list all
new
decide #9 keep
log #1
frobnicate
:user U2
new Webinar <pricing> & Q&A by:fri
list
:tick checkins
:tick digest
:channel C2
show #1
:tick checkins
:tick
:user bad-id!
:nope
:help
:quit
list
`

func TestConsoleScriptedSession(t *testing.T) {
	pinConsoleClock(t)
	env := consoleEnv(t)
	code, stdout, stderr := runConsole(t, env, consoleScript)
	if code != exitOK || stderr != "" {
		t.Errorf("exit = %d, stderr = %q; want 0 and nothing", code, stderr)
	}
	// The digest's chart goes beside the database, in the test's temp dir.
	checkGolden(t, "console.golden", strings.ReplaceAll(stdout, filepath.Dir(env["AIMLATER_DB"]), "$DB_DIR"))
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (go test ./cmd/aimlater -run Console -update creates it): %v", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cmd/aimlater -run Console -update accepts it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestConsolePipedScriptExitsZero(t *testing.T) {
	code, stdout, stderr := runConsole(t, consoleEnv(t), "new Test A\nlist\n")
	if code != exitOK || stderr != "" {
		t.Fatalf("exit = %d, stderr = %q; want 0 and nothing", code, stderr)
	}
	for _, want := range []string{"> new Test A\n", "Launched #1 Test A", "→ post to #C1:", "> list\n", "#1 Test A · running"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
}

func TestConsoleFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string // in stdout, or in stderr for a usage error
	}{
		{"defaults", nil, exitOK, "You are @U1 in #C1."},
		{"user and channel", []string{"--user", "U7", "--channel", "C9"}, exitOK, "You are @U7 in #C9."},
		{"direct message", []string{"--channel", "D3"}, exitOK, "You are @U1 in #D3 (a direct message"},
		{"unknown flag", []string{"--team", "T1"}, exitUsage, "console: flag provided but not defined: -team"},
		{"bad user", []string{"--user", "U 1"}, exitUsage, `console: "U 1" is not a Slack ID`},
		{"argument", []string{"list"}, exitUsage, `unexpected argument "list"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runConsole(t, consoleEnv(t), ":user\n", tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit = %d, want %d (stderr %q)", code, tt.wantCode, stderr)
			}
			if got := stdout + stderr; !strings.Contains(got, tt.want) {
				t.Errorf("output = %q, want it to contain %q", got, tt.want)
			}
		})
	}
}

func TestConsoleNeedsNoTokensButAValidConfig(t *testing.T) {
	env := consoleEnv(t)
	env["AIMLATER_TZ"] = "Mars/Olympus"
	code, _, stderr := runConsole(t, env, "list\n")
	if code != exitUsage || !strings.Contains(stderr, "AIMLATER_TZ") {
		t.Errorf("exit = %d, stderr = %q; want %d naming AIMLATER_TZ", code, stderr, exitUsage)
	}
}

// fakeTicker queues msgs through the outbox as a real tick does, or fails.
type fakeTicker struct {
	db    *storage.DB
	msgs  []experiments.OutboxMessage
	err   error
	calls []string
}

func (f *fakeTicker) TickNow(ctx context.Context, kind, team, channel string) ([]experiments.OutboxMessage, error) {
	f.calls = append(f.calls, kind+" "+team+" "+channel)
	if f.err != nil {
		return nil, f.err
	}
	return f.msgs, f.db.EnqueueMessages(ctx, f.msgs...)
}

// newTestConsole is a console on a fresh database, acting as U1 in C1.
func newTestConsole(t *testing.T) (*console, *storage.DB, *bytes.Buffer) {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), "console.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := &consoleTime{base: func() time.Time { return consoleNow }}
	db.Now = clock.Now
	app := bot.NewApp(appStores(db), nil, time.UTC)
	app.Now = clock.Now
	var out bytes.Buffer
	return &console{app: app, outbox: db, team: consoleTeam, user: "U1", channel: "C1", clock: clock, zone: time.UTC, out: &out}, db, &out
}

// outboxMessage is a payload as the bot writes it.
func outboxMessage(kind, channel, payload string) experiments.OutboxMessage {
	return experiments.OutboxMessage{Team: consoleTeam, Channel: channel, Kind: kind, Payload: []byte(payload)}
}

func TestConsoleTick(t *testing.T) {
	dm := outboxMessage("dm", "", `{"user":"U1","text":"How is #1 going?","blocks":[]}`)
	post := outboxMessage("post", "C1", `{"channel":"C1","text":"*Weekly digest*","blocks":[]}`)
	tests := []struct {
		name   string
		line   string
		ticker *fakeTicker // nil: no ticker wired
		want   string
		calls  int
	}{
		{"not wired", ":tick checkins", nil, "> :tick checkins\nTicks are not available yet in this build.\n\n", 0},
		{"no kind", ":tick", &fakeTicker{}, "> :tick\nSay which tick: :tick checkins or :tick digest.\n\n", 0},
		{"unknown kind", ":tick weekly", &fakeTicker{}, "> :tick weekly\nSay which tick: :tick checkins or :tick digest.\n\n", 0},
		{"check-ins", ":tick checkins", &fakeTicker{msgs: []experiments.OutboxMessage{dm}},
			"> :tick checkins\nTick checkins for #C1: 1 message.\n→ DM to @U1:\n  How is #1 going?\n\n", 1},
		{"digest", ":tick digest", &fakeTicker{msgs: []experiments.OutboxMessage{post, dm}},
			"> :tick digest\nTick digest for #C1: 2 messages.\n→ post to #C1:\n  Weekly digest\n→ DM to @U1:\n  How is #1 going?\n\n", 1},
		{"nothing due", ":tick digest", &fakeTicker{}, "> :tick digest\nTick digest for #C1: nothing to send.\n\n", 1},
		{"user error", ":tick digest", &fakeTicker{err: experiments.Errorf(experiments.ECONFLICT, "The digest is off here.")},
			"> :tick digest\n⚠️ The digest tick failed: The digest is off here.\n\n", 1},
		{"internal error", ":tick digest", &fakeTicker{err: errors.New("record tick: disk full")},
			"> :tick digest\n⚠️ The digest tick failed: record tick: disk full\n\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, db, out := newTestConsole(t)
			if tt.ticker != nil {
				tt.ticker.db = db
				c.ticker = tt.ticker
			}
			if err := c.run(context.Background(), strings.NewReader(tt.line+"\n")); err != nil {
				t.Fatalf("run: %v", err)
			}
			if got := out.String(); got != tt.want {
				t.Errorf("output =\n%q\nwant\n%q", got, tt.want)
			}
			if tt.ticker != nil && len(tt.ticker.calls) != tt.calls {
				t.Errorf("TickNow calls = %v, want %d", tt.ticker.calls, tt.calls)
			}
			if tt.calls > 0 && tt.ticker.calls[0] != tt.line[len(":tick "):]+" T0CONSOLE C1" {
				t.Errorf("TickNow(%q), want kind, team T0CONSOLE and channel C1", tt.ticker.calls[0])
			}
			if n, _ := db.PendingCount(context.Background()); n != 0 {
				t.Errorf("%d messages still pending, want all shown", n)
			}
		})
	}
}

func TestConsoleShowsOnlyItsTeamsMessagesAndBuriesBadOnes(t *testing.T) {
	c, db, out := newTestConsole(t)
	ctx := context.Background()
	other := experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: "post", Payload: []byte(`{"channel":"C1","text":"real team"}`)}
	bad := outboxMessage("post", "C1", `{"text":"no channel"}`)
	if err := db.EnqueueMessages(ctx, other, bad); err != nil {
		t.Fatal(err)
	}
	if err := c.run(ctx, strings.NewReader("list\n")); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); strings.Contains(got, "real team") || !strings.Contains(got, "→ message 2 cannot be shown: ") {
		t.Errorf("output = %q, want message 2 reported and the other team's message left alone", got)
	}
	due, err := db.DueMessages(ctx, consoleNow, 0)
	if err != nil || len(due) != 1 || due[0].Team != "T1" {
		t.Errorf("due = %v, %v; want only the other team's message", due, err)
	}
}

func TestConsoleEndsWhenContextEnds(t *testing.T) {
	c, _, _ := newTestConsole(t)
	in, w := io.Pipe() // never written: the console waits for a line
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.run(ctx, in) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run = %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("console still waiting for input after its context ended")
	}
}

func TestConsoleRejectsTooLongALine(t *testing.T) {
	c, _, _ := newTestConsole(t)
	err := c.run(context.Background(), strings.NewReader(strings.Repeat("x", maxConsoleLine+1)))
	if err == nil || !strings.Contains(err.Error(), "read input") {
		t.Errorf("run = %v, want a read input error", err)
	}
}

func TestWithoutCommandName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/exp new A", "new A"},
		{"/EXP list", "list"},
		{"/exp", ""},
		{"new /exp", "new /exp"},
		{"/expo list", "/expo list"},
	}
	for _, tt := range tests {
		if got := withoutCommandName(tt.in, "/exp"); got != tt.want {
			t.Errorf("withoutCommandName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestConsoleLoggerKeepsTheTerminalForReplies(t *testing.T) {
	tests := []struct {
		level string
		on    slog.Level // the lowest level logged
	}{
		{"debug", slog.LevelDebug},
		{"info", slog.LevelWarn},
		{"warn", slog.LevelWarn},
		{"error", slog.LevelError},
	}
	for _, tt := range tests {
		log := consoleLogger(Config{LogLevel: tt.level, LogFormat: "text"}, io.Discard)
		ctx := context.Background()
		if !log.Enabled(ctx, tt.on) || log.Enabled(ctx, tt.on-1) {
			t.Errorf("AIMLATER_LOG_LEVEL=%s: console logs from %v, want from %v", tt.level, lowestEnabled(log), tt.on)
		}
	}
}

// lowestEnabled is the lowest standard level log writes.
func lowestEnabled(log *slog.Logger) slog.Level {
	for _, l := range []slog.Level{slog.LevelDebug, slog.LevelInfo, slog.LevelWarn, slog.LevelError} {
		if log.Enabled(context.Background(), l) {
			return l
		}
	}
	return slog.LevelError + 1
}
