package bot

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// checkInStoreFake is the Store (and CheckInStore) of the check-in tests:
// experiments by number, with the domain's lifecycle rules applied as the
// real store applies them, and every message a notify callback returned.
// Methods no test needs panic through the nil embedded Store.
type checkInStoreFake struct {
	Store
	mu        sync.Mutex
	exps      map[int]experiments.Experiment
	away      []string
	settings  map[string]experiments.ChannelSettings
	queued    []experiments.OutboxMessage
	checkIns  []experiments.CheckIn
	schedules []savedSchedules
	now       time.Time
}

// savedSchedules is one call of SaveSchedules.
type savedSchedules struct {
	settings experiments.ChannelSettings
	restart  []string
	at       time.Time
}

func newCheckInStoreFake(now time.Time, exps ...experiments.Experiment) *checkInStoreFake {
	f := &checkInStoreFake{exps: map[int]experiments.Experiment{}, settings: map[string]experiments.ChannelSettings{}, now: now}
	for _, e := range exps {
		f.exps[e.Number] = e
	}
	return f
}

func (f *checkInStoreFake) CheckInRound(_ context.Context, team, channel string, at time.Time) (experiments.CheckInRound, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var running, unlearned []experiments.Experiment
	for _, e := range f.exps {
		switch {
		case e.Team != team || e.Channel != channel:
		case e.Status == experiments.StatusRunning:
			running = append(running, e)
		case experiments.NeedsLearning(e, at):
			unlearned = append(unlearned, e)
		}
	}
	byNumber := func(l []experiments.Experiment) {
		sort.Slice(l, func(i, j int) bool { return l[i].Number < l[j].Number })
	}
	byNumber(running)
	byNumber(unlearned)
	r := experiments.CheckInRound{Experiments: append(running, unlearned...), Away: f.away}
	for _, e := range running {
		r.Cues = append(r.Cues, f.cue(e))
	}
	return r, nil
}

// cue is DecideCue of e's latest check-in, as storage reads it.
func (f *checkInStoreFake) cue(e experiments.Experiment) string {
	var last *experiments.CheckIn
	for i := range f.checkIns {
		if c := &f.checkIns[i]; c.ExperimentID == e.ID && (last == nil || !c.At.Before(last.At)) {
			last = c
		}
	}
	if last == nil {
		return ""
	}
	cue, _ := experiments.DecideCue(e, firstValue(f.checkIns, e.ID), *last)
	return cue
}

func (f *checkInStoreFake) FindExperiment(_ context.Context, team string, n int) (experiments.Experiment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.exps[n]
	if !ok || e.Team != team {
		return e, experiments.Errorf(experiments.ENOTFOUND, "No experiment #%d.", n)
	}
	return e, nil
}

func (f *checkInStoreFake) ChannelSettings(_ context.Context, team, channel string) (experiments.ChannelSettings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s, ok := f.settings[channel]; ok {
		return s, nil
	}
	return experiments.DefaultChannelSettings(team, channel), nil
}

func (f *checkInStoreFake) SaveSchedules(_ context.Context, s experiments.ChannelSettings, restart []string, at time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.settings[s.Channel] = s
	f.schedules = append(f.schedules, savedSchedules{s, restart, at})
	return nil
}

func (f *checkInStoreFake) AddCheckIn(_ context.Context, team string, n int, c *experiments.CheckIn,
	notify func(experiments.Experiment, experiments.CheckIn, *float64) []experiments.OutboxMessage) (experiments.Experiment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e := f.exps[n]
	if err := e.CanCheckIn(); err != nil {
		return e, err
	}
	c.At, c.ExperimentID = f.now, e.ID
	e.LastCheckInAt = f.now
	f.exps[n] = e
	f.checkIns = append(f.checkIns, *c)
	if notify != nil {
		f.queued = append(f.queued, notify(e, *c, firstValue(f.checkIns, e.ID))...)
	}
	return e, nil
}

func (f *checkInStoreFake) DecideExperiment(_ context.Context, team string, n int, d experiments.Decision, learning, by string, notify Notify) (experiments.Experiment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e := f.exps[n]
	if err := e.Decide(d, learning, by, f.now); err != nil {
		return e, err
	}
	f.exps[n] = e
	f.queued = append(f.queued, notify(e)...)
	return e, nil
}

func (f *checkInStoreFake) IterateExperiment(_ context.Context, team string, n int, learning, change, by string, deadline experiments.Date,
	notify func(decided, followUp experiments.Experiment) []experiments.OutboxMessage) (experiments.Experiment, experiments.Experiment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e := f.exps[n]
	next, err := e.Iterate(learning, change, by, f.now, deadline)
	if err != nil {
		return e, next, err
	}
	next.Number = len(f.exps) + 1
	f.exps[n], f.exps[next.Number] = e, next
	f.queued = append(f.queued, notify(e, next)...)
	return e, next, nil
}

// running is a running experiment of channel C1 in team T1.
func running(n int, owner, title string) experiments.Experiment {
	return experiments.Experiment{ID: int64(n), Number: n, Team: "T1", Channel: "C1", Owner: owner, Title: title,
		Metric: "signups", Target: experiments.Target{Value: 20, Percent: true},
		Deadline: experiments.Date{Year: 2026, Month: 6, Day: 12}, Status: experiments.StatusRunning,
		CreatedAt: utc("2026-05-29T09:00:00Z"), LaunchedAt: utc("2026-05-29T09:00:00Z")}
}

// wire is an outbox message's payload as JSON would carry it.
type wire struct {
	Channel string            `json:"channel"`
	User    string            `json:"user"`
	TS      string            `json:"ts"`
	Text    string            `json:"text"`
	Blocks  []json.RawMessage `json:"blocks"`
}

func decodeWire(t *testing.T, m experiments.OutboxMessage) wire {
	t.Helper()
	var w wire
	if err := json.Unmarshal(m.Payload, &w); err != nil {
		t.Fatalf("payload of %s message: %v", m.Kind, err)
	}
	return w
}

// allText is every text of a message's blocks, one per line, as a user
// reads them.
func (w wire) allText() string {
	var out []string
	for _, raw := range w.Blocks {
		var v any
		_ = json.Unmarshal(raw, &v)
		collectTexts(v, &out)
	}
	return strings.Join(out, "\n")
}

func collectTexts(v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["text"].(string); ok {
			*out = append(*out, s)
		}
		for k, child := range x {
			if _, isString := child.(string); k != "text" || !isString {
				collectTexts(child, out)
			}
		}
	case []any:
		for _, child := range x {
			collectTexts(child, out)
		}
	}
}

// zonesFake is a ZoneLookup with fixed answers.
type zonesFake map[string]*time.Location

func (z zonesFake) UserZone(_, user string) (*time.Location, bool) {
	loc, ok := z[user]
	return loc, ok
}

// blocksOfWire reads a payload's blocks back into Block Kit.
func blocksOfWire(t *testing.T, w wire) []slack.Block {
	t.Helper()
	raw, _ := json.Marshal(w.Blocks)
	var b slack.Blocks
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	return b.BlockSet
}

// firstValue is the first value logged on experiment id, as storage reads
// it for AddCheckIn's notify.
func firstValue(list []experiments.CheckIn, id int64) *float64 {
	for _, c := range list {
		if c.ExperimentID == id && c.Value != nil {
			return c.Value
		}
	}
	return nil
}
