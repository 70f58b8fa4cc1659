package bot

import (
	"context"
	"fmt"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// CheckInStore is what the check-in round needs from storage. *storage.DB
// implements it.
type CheckInStore interface {
	// CheckInRound returns the channel's running experiments with
	// LastCheckInAt filled in, and the team's users away at the given time.
	CheckInRound(ctx context.Context, team, channel string, at time.Time) (running []experiments.Experiment, away []string, err error)
}

// CheckIns builds a channel's round of check-ins: one DM per owner of
// running experiments, listing them all with buttons to log a result or
// decide. Owners who are away, and owners with nothing running, get nothing.
type CheckIns struct {
	// CommandName is the slash command as users type it, for the hints.
	CommandName string

	store CheckInStore
	zones ZoneLookup
}

// NewCheckIns returns the check-in round over store; zones, if not nil,
// gives owners' own zones for the "days left" wording.
func NewCheckIns(store CheckInStore, zones ZoneLookup) *CheckIns {
	return &CheckIns{CommandName: "/exp", store: store, zones: zones}
}

// Job is the TickJob of KindCheckIns. It reads the channel once, makes no
// network call (owners' zones come from the cache, see UserZones) and
// writes nothing: the scheduler records the DMs with the tick.
func (c *CheckIns) Job(ctx context.Context, t Tick) ([]experiments.OutboxMessage, error) {
	running, away, err := c.store.CheckInRound(ctx, t.Channel.Team, t.Channel.Channel, t.At)
	if err != nil {
		return nil, fmt.Errorf("check-in round: %w", err)
	}
	owners, byOwner := groupByOwner(running, away, t.At)
	msgs := make([]experiments.OutboxMessage, 0, len(owners))
	for _, owner := range owners {
		v := dmView{team: t.Channel.Team, channel: t.Channel.Channel, items: byOwner[owner], now: t.Now,
			loc: ownerZone(c.zones, t.Channel.Team, owner, t.Loc), command: c.CommandName}
		msgs = append(msgs, checkInDM(owner, v))
	}
	return msgs, nil
}

// groupByOwner groups the experiments to check in on by owner, owners in
// the order of their first experiment. It leaves out owners who are away
// and experiments launched after the tick: a round that runs late, as a
// catch-up, covers what was running when it was due.
func groupByOwner(running []experiments.Experiment, away []string, at time.Time) ([]string, map[string][]dmItem) {
	skip := make(map[string]bool, len(away))
	for _, u := range away {
		skip[u] = true
	}
	var owners []string
	byOwner := map[string][]dmItem{}
	for _, e := range running {
		if skip[e.Owner] || e.LaunchedAt.After(at) {
			continue
		}
		if _, ok := byOwner[e.Owner]; !ok {
			owners = append(owners, e.Owner)
		}
		byOwner[e.Owner] = append(byOwner[e.Owner], dmItem{e: e})
	}
	return owners, byOwner
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
