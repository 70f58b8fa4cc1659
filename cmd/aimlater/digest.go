package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/storage"
)

const digestHint = "aimlater digest --channel C [--team T] [--week YYYY-Www] [--post] [--chart FILE]"

// digestClock is the clock of `aimlater digest` without --week; tests pin
// it.
var digestClock = time.Now

// digestOptions are the flags of `aimlater digest`.
type digestOptions struct {
	channel, team, week string
	post                bool
	chart               string // a file to write the digest's chart to, as a PNG
}

// cmdDigest prints a channel's weekly digest as plain text, with no Slack
// needed, or with --post sends it to the channel. Without --week it is the
// digest as of now; with it, as of the last instant of that ISO week in the
// channel's zone. Either way the lists of present state (overdue, quiet,
// stuck, goals) are today's, judged at that instant: the database keeps no
// history of what was running when.
func cmdDigest(ctx context.Context, env *environment, args []string) error {
	opts, err := parseDigestFlags(args)
	if err != nil {
		return err
	}
	if opts.post {
		if err := env.cfg.Validate(); err != nil {
			return usageError{err.Error()}
		}
	}
	db, err := openDB(env)
	if err != nil {
		return err
	}
	defer db.Close()
	log := newLogger(env.cfg, env.stderr)
	ch, at, err := digestTarget(ctx, env, log, db, opts)
	if err != nil {
		return err
	}
	app := bot.NewApp(appStores(db), log, env.cfg.Location())
	if opts.post {
		return postDigest(ctx, env, app, ch, at, opts.chart)
	}
	if err := printDigest(ctx, env, app, ch, at); err != nil || opts.chart == "" {
		return err
	}
	return saveDigestChart(ctx, env, app, ch, at, opts.chart)
}

// parseDigestFlags reads and checks the flags of `aimlater digest`.
func parseDigestFlags(args []string) (digestOptions, error) {
	var o digestOptions
	fs := newFlagSet("digest")
	fs.StringVar(&o.channel, "channel", "", "the channel ID, e.g. C0123ABCD")
	fs.StringVar(&o.team, "team", "", "the team ID, when the channel ID is not enough")
	fs.StringVar(&o.week, "week", "", "an ISO week, e.g. 2026-W48: the digest as of its end")
	fs.BoolVar(&o.post, "post", false, "send the digest to the channel")
	fs.StringVar(&o.chart, "chart", "", "write the digest's chart to this file, as a PNG")
	if err := parseFlags(fs, args, digestHint); err != nil {
		return o, err
	}
	if o.channel == "" {
		return o, usagef("digest: --channel is required (usage: %s)", digestHint)
	}
	return o, nil
}

// digestTarget finds the channel and the instant the digest is as of. A
// channel whose zone does not load has its weeks in the default zone, as
// the bot's digest has (schedule.ZoneOf, which warns on log).
func digestTarget(ctx context.Context, env *environment, log *slog.Logger, db *storage.DB, o digestOptions) (experiments.ChannelSettings, time.Time, error) {
	ch, err := findDigestChannel(ctx, db, o.team, o.channel)
	if err != nil {
		return ch, time.Time{}, err
	}
	if o.week == "" {
		return ch, digestClock(), nil
	}
	at, err := experiments.ISOWeekEnd(o.week, schedule.ZoneOf(ch, env.cfg.Location(), log))
	if err != nil {
		return ch, time.Time{}, usagef("digest: --week: %s", experiments.ErrorMessage(err))
	}
	return ch, at, nil
}

// findDigestChannel returns the settings of the channel, in team when one
// is given; a channel ID found in several teams needs --team.
func findDigestChannel(ctx context.Context, db *storage.DB, team, channel string) (experiments.ChannelSettings, error) {
	all, err := db.ListChannels(ctx)
	if err != nil {
		return experiments.ChannelSettings{}, err
	}
	var found []experiments.ChannelSettings
	var teams []string
	for _, ch := range all {
		if ch.Channel == channel && (team == "" || ch.Team == team) {
			found, teams = append(found, ch), append(teams, ch.Team)
		}
	}
	switch len(found) {
	case 0:
		return experiments.ChannelSettings{}, fmt.Errorf("digest: no experiments in channel %s%s: nothing to digest", channel, inTeam(team))
	case 1:
		return found[0], nil
	}
	return experiments.ChannelSettings{}, usagef("digest: channel %s is in teams %s: pick one with --team", channel, strings.Join(teams, ", "))
}

// inTeam is " of team T" when a team was given, for error messages.
func inTeam(team string) string {
	if team == "" {
		return ""
	}
	return " of team " + team
}

// printDigest writes the digest as readable text to stdout.
func printDigest(ctx context.Context, env *environment, app *bot.App, ch experiments.ChannelSettings, at time.Time) error {
	text, ok, err := app.DigestText(ctx, ch.Team, ch.Channel, at)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	if !ok {
		return fmt.Errorf("digest: no experiments in channel %s: nothing to digest", ch.Channel)
	}
	_, err = fmt.Fprintln(env.stdout, text)
	return err
}
