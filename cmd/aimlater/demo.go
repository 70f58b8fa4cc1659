package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/storage"
)

const demoHint = "aimlater demo [--db aimlater-demo.db] [--user U1]"

// demoChannel is the channel of the demo's team; a database whose only
// channel it is, in the console's team, is a demo database.
const demoChannel = "CDEMO"

// defaultDemoDB is where the demo keeps its database unless --db says
// otherwise: never AIMLATER_DB, which may hold a real team's work.
const defaultDemoDB = "aimlater-demo.db"

// cmdDemo seeds a database of its own with eight weeks of a marketing
// team's history, shows that channel's digest and the check-in DMs as of
// the Monday morning that follows, and leaves the console open there, on a
// clock set to that Monday.
func cmdDemo(ctx context.Context, env *environment, args []string) error {
	fs := newFlagSet("demo")
	path := fs.String("db", defaultDemoDB, "the demo's own database, rewritten on each run")
	user := fs.String("user", "U1", "Slack user ID to act as")
	if err := parseFlags(fs, args, demoHint); err != nil {
		return err
	}
	if err := checkSlackID(*user); err != nil {
		return usagef("demo: %v", err)
	}
	if err := clearDemoDB(ctx, *path); err != nil {
		return err
	}
	own := *env
	own.cfg.DBPath = *path
	db, err := openOwnDB(&own)
	if err != nil {
		return err
	}
	defer db.Close()
	c := newConsole(&own, db, *user, demoChannel)
	monday := experiments.ReviewedWeek(c.clock.Now(), c.zone).End // the Monday after the week reviewed now
	if err := seedDemo(ctx, db, monday); err != nil {
		return err
	}
	c.clock.Set(monday.Add(9 * time.Hour))
	db.Now = c.clock.Now
	if err := c.showDemo(ctx); err != nil {
		return err
	}
	return c.run(ctx, env.stdin)
}

// clearDemoDB removes the demo database at path, if there is one, and
// refuses to touch any other file.
func clearDemoDB(ctx context.Context, path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if !isDemoDB(ctx, path) {
		return usagef("demo: %s exists and is not a demo database; it stays as it is. Pick another path with --db", path)
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("demo: remove the old demo database: %w", err)
		}
	}
	return nil
}

// isDemoDB reports whether path is an aimlater database whose only channel
// is the demo's.
func isDemoDB(ctx context.Context, path string) bool {
	db, err := storage.OpenExisting(path)
	if err != nil {
		return false
	}
	defer db.Close()
	channels, err := db.ListChannels(ctx)
	if err != nil || len(channels) == 0 {
		return false
	}
	for _, ch := range channels {
		if ch.Team != consoleTeam || ch.Channel != demoChannel {
			return false
		}
	}
	return true
}

// showDemo says what the demo holds, then shows the digest and the
// check-in DMs as the Monday ticks would send them.
func (c *console) showDemo(ctx context.Context) error {
	fmt.Fprintf(c.out, "aimlater demo: eight weeks of a marketing team's experiments in #%s (database %s).\n", demoChannel, c.dbPath)
	fmt.Fprintln(c.out, c.clockLine())
	fmt.Fprint(c.out, "Here is what Monday morning brings: the weekly digest, then the check-in DMs.\n\n")
	for _, line := range []string{":tick digest", ":tick checkins"} {
		if _, err := c.line(ctx, line); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.out, "Your turn: you are @%s in #%s. Try list, show #10, decide #8 kill <what you learned>, digest, :now %s, :help.\n\n",
		c.user, c.channel, c.clock.Now().In(c.zone).AddDate(0, 0, 7).Format(nowLayout))
	return nil
}
