package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
)

// CheckInStore is what the check-in round needs from storage. *storage.DB
// implements it.
type CheckInStore interface {
	// CheckInRound returns the channel's running experiments in number
	// order, with at least what a check-in DM shows filled in (Number,
	// Owner, Title, Metric, Target, Deadline, Status, LaunchedAt,
	// LastCheckInAt) and their cues, then those decided with no learning
	// in the window, and the team's users away at the given time (see
	// experiments.CheckInRound).
	CheckInRound(ctx context.Context, team, channel string, at time.Time) (experiments.CheckInRound, error)
}

// CheckIns builds a channel's round of check-ins: one DM per owner of
// running experiments, listing them all with buttons to log a result or
// decide (an experiment whose latest check-in says "decide now?" flagged,
// its decide buttons first), then the experiments they decided lately
// with no learning, each with a button to write it. Owners who are away,
// and owners with nothing to do, get nothing.
type CheckIns struct {
	// CommandName is the slash command as users type it, for the hints.
	CommandName string

	store CheckInStore
	zones ZoneLookup
}

// NewCheckIns returns the check-in round over store; zones, if not nil,
// gives owners' own zones for the "days left" wording.
func NewCheckIns(store CheckInStore, zones ZoneLookup) *CheckIns {
	return &CheckIns{CommandName: experiments.DefaultCommandName, store: store, zones: zones}
}

// Job is the schedule.Job of schedule.KindCheckIns. It reads the channel
// once, makes no network call (owners' zones come from the cache, see
// UserZones) and writes nothing: the scheduler records the DMs with the
// tick.
func (c *CheckIns) Job(ctx context.Context, t schedule.Tick) ([]experiments.OutboxMessage, error) {
	r, err := c.store.CheckInRound(ctx, t.Channel.Team, t.Channel.Channel, t.At)
	if err != nil {
		return nil, fmt.Errorf("check-in round: %w", err)
	}
	listed := r.Experiments
	round := groupByOwner(listed, r.Away, t.At)
	msgs := make([]experiments.OutboxMessage, 0, len(round.owners))
	var items []dmItem // one owner's at a time
	var buf []byte     // one DM's payload at a time
	for _, o := range round.owners {
		items = items[:0]
		for i := o.first; i >= 0; i = round.next[i] {
			items = append(items, dmItem{e: listed[i], cue: cueAt(r.Cues, i)})
		}
		v := dmView{team: t.Channel.Team, channel: t.Channel.Channel, items: items, now: t.Now,
			loc: ownerZone(c.zones, t.Channel.Team, o.owner, t.Loc), command: c.CommandName}
		var m experiments.OutboxMessage
		m, buf = checkInDM(o.owner, v, buf)
		msgs = append(msgs, m)
	}
	return msgs, nil
}

// cueAt is cues[i], "" past its end: the decided experiments after the
// running ones have no cue.
func cueAt(cues []string, i int) string {
	if i < len(cues) {
		return cues[i]
	}
	return ""
}

// roundOwners is a round's experiments grouped by owner, as indexes into
// the round's list: each owner's first, then next[i] after i, -1 at the
// end. Indexes, not copies: a round lists thousands of experiments.
type roundOwners struct {
	owners []ownerList
	next   []int
}

// ownerList is one owner's experiments in a roundOwners.
type ownerList struct {
	owner       string
	first, last int
}

// groupByOwner groups the experiments to check in on by owner, owners in
// the order of their first experiment, each owner's in the round's order.
// It leaves out owners who are away and experiments launched after the
// tick: a round that runs late, as a catch-up, covers what was running
// when it was due.
func groupByOwner(running []experiments.Experiment, away []string, at time.Time) roundOwners {
	skip := make(map[string]bool, len(away))
	for _, u := range away {
		skip[u] = true
	}
	r := roundOwners{next: make([]int, len(running))}
	slot := map[string]int{}
	for i, e := range running {
		r.next[i] = -1
		if skip[e.Owner] || e.LaunchedAt.After(at) {
			continue
		}
		s, ok := slot[e.Owner]
		if !ok {
			slot[e.Owner] = len(r.owners)
			r.owners = append(r.owners, ownerList{owner: e.Owner, first: i, last: i})
			continue
		}
		r.next[r.owners[s].last], r.owners[s].last = i, i
	}
	return r
}

// ownerZone is the owner's zone when known, else fallback (the channel's).
func ownerZone(zones ZoneLookup, team, owner string, fallback *time.Location) *time.Location {
	if zones == nil {
		return fallback
	}
	if loc, ok := zones.UserZone(team, owner); ok {
		return loc
	}
	return fallback
}
