package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
)

// DigestStore is what the weekly digest needs from storage. *storage.DB
// implements it.
type DigestStore interface {
	// LoadDigest reads a channel's digest facts in one snapshot, as of the
	// end of the week that week returns for the channel's settings, with
	// the running experiments and ideas in brief (no titles) and the week's
	// lists capped at limit.
	LoadDigest(ctx context.Context, team, channel string, week func(experiments.ChannelSettings) experiments.ReviewWeek, limit int) (experiments.DigestFacts, error)
	// FindExperimentsByID returns the whole experiments of ids, in order.
	FindExperimentsByID(ctx context.Context, ids []int64) ([]experiments.Experiment, error)
	// PostUnlessRecent queues msgs, recorded in the tick ledger as a run of
	// kind at at, unless a run of kind or of alsoCounted was recorded
	// after since; then it returns the latest and posts nothing.
	PostUnlessRecent(ctx context.Context, team, channel, kind string, at, since time.Time,
		msgs []experiments.OutboxMessage, alsoCounted ...string) (posted bool, last time.Time, err error)
}

// digestListCap is how many items each list of the digest shows before
// "… and N more": enough to act on this week, few enough to read.
const digestListCap = 8

// digestReport is a channel's digest, ready to render.
type digestReport struct {
	experiments.Digest
	Activity      experiments.WeekActivity // the week's shipped and decided experiments
	StuckTotal    int                      // ideas stuck in planning; StuckIdeas holds the first few
	Team, Channel string
	Command       string // the slash command, for the commands the digest names
}

// loadDigest computes the digest of a channel at now in loc (the channel's
// zone when loc is nil). ok is false for a channel with no experiments,
// which gets no digest.
func (a *App) loadDigest(ctx context.Context, team, channel string, now time.Time, loc *time.Location) (r digestReport, ok bool, err error) {
	var week experiments.ReviewWeek
	reviewed := func(s experiments.ChannelSettings) experiments.ReviewWeek {
		if loc == nil {
			loc = a.zoneOf(s)
		}
		week = experiments.ReviewedWeek(now, loc)
		return week
	}
	f, err := a.store.Digest.LoadDigest(ctx, team, channel, reviewed, digestListCap)
	if err != nil || !f.HasExperiments {
		return r, false, err
	}
	r = digestReport{Digest: experiments.Summarize(f.Facts, week), Activity: f.Week, StuckTotal: f.StuckIdeas,
		Team: team, Channel: channel, Command: a.CommandName}
	return r, true, a.fillShown(ctx, &r)
}

// fillShown replaces the brief experiments that the digest shows (its
// lists' and the next idea) with whole ones, titles and owners included.
// Only the shown ones are read: a list of 1,500 quiet experiments costs
// eight rows.
func (a *App) fillShown(ctx context.Context, r *digestReport) error {
	lists := []*[]experiments.Experiment{&r.Overdue, &r.ReadyEarly, &r.Quiet, &r.StuckIdeas, &r.Unaligned}
	next := []experiments.Experiment{}
	if r.HasNext {
		next = append(next, r.Next.Idea)
		lists = append(lists, &next)
	}
	var ids []int64
	for _, l := range lists {
		for _, e := range digestShown(*l) {
			ids = append(ids, e.ID)
		}
	}
	whole, err := a.store.Digest.FindExperimentsByID(ctx, ids)
	if err != nil {
		return fmt.Errorf("find shown experiments: %w", err)
	}
	byID := make(map[int64]experiments.Experiment, len(whole))
	for _, e := range whole {
		byID[e.ID] = e
	}
	for _, l := range lists {
		for i, e := range digestShown(*l) {
			if w, ok := byID[e.ID]; ok {
				(*l)[i] = w
			}
		}
	}
	if r.HasNext {
		r.Next.Idea = next[0]
	}
	return nil
}

// digestShown returns the items of a list that the digest shows.
func digestShown[T any](list []T) []T { return list[:min(len(list), digestListCap)] }

// DigestTick is the schedule.Job of KindDigest: the digest of its channel
// as of the tick, one post (continued in its thread past Slack's 50 blocks,
// its chart following there), or nothing for a channel with no experiments. It is computed at t.At, not
// t.Now, so that consecutive digests cover consecutive weeks even when one
// runs late.
func (a *App) DigestTick(ctx context.Context, t schedule.Tick) ([]experiments.OutboxMessage, error) {
	r, ok, err := a.loadDigest(ctx, t.Channel.Team, t.Channel.Channel, t.At, t.Loc)
	if err != nil || !ok {
		return nil, err
	}
	return a.digestPosts(r), nil
}

// DigestMessages returns the digest of a channel as of at, in the channel's
// zone, as it would be posted, its chart included; nil for a channel with
// no experiments.
func (a *App) DigestMessages(ctx context.Context, team, channel string, at time.Time) ([]experiments.OutboxMessage, error) {
	r, ok, err := a.loadDigest(ctx, team, channel, at, nil)
	if err != nil || !ok {
		return nil, err
	}
	return a.digestPosts(r), nil
}

// DigestText returns the digest of a channel as of at as readable plain
// text, for a terminal; ok is false for a channel with no experiments.
func (a *App) DigestText(ctx context.Context, team, channel string, at time.Time) (text string, ok bool, err error) {
	r, ok, err := a.loadDigest(ctx, team, channel, at, nil)
	if err != nil || !ok {
		return "", ok, err
	}
	return blockkit.Plain(digestBlocks(r)), true, nil
}
