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

// checkInStoreFake is the store of the check-in tests (and their
// CheckInStore): experiments by number, with the domain's lifecycle rules
// applied as the real store applies them, and every message a notify
// callback returned.
type checkInStoreFake struct {
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

// The groups checkInStoreFake implements whole.
var (
	_ CheckInStore     = (*checkInStoreFake)(nil)
	_ ExperimentFinder = (*checkInStoreFake)(nil)
	_ LifecycleStore   = (*checkInStoreFake)(nil)
	_ CheckInLog       = (*checkInStoreFake)(nil)
	_ SettingsStore    = (*checkInStoreFake)(nil)
	_ HomeStore        = (*checkInStoreFake)(nil)
)

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

func (f *checkInStoreFake) FindExperimentByID(ctx context.Context, id int64) (experiments.Experiment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, e := range f.exps {
		if e.ID == id {
			return e, nil
		}
	}
	return experiments.Experiment{}, experiments.Errorf(experiments.ENOTFOUND, "No experiment with ID %d.", id)
}

// ListExperiments filters by team, channel, parent and status, in number
// order, and applies the limit.
func (f *checkInStoreFake) ListExperiments(_ context.Context, filter experiments.ExperimentFilter) ([]experiments.Experiment, int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var list []experiments.Experiment
	for _, e := range f.exps {
		if matches(e, filter) {
			list = append(list, e)
		}
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Number < list[j].Number })
	total := len(list)
	if filter.Limit > 0 && len(list) > filter.Limit {
		list = list[:filter.Limit]
	}
	return list, total, nil
}

func (f *checkInStoreFake) CreateExperiment(_ context.Context, e *experiments.Experiment, notify Notify) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	e.Number = len(f.exps) + 1
	e.ID = int64(e.Number)
	f.exps[e.Number] = *e
	if notify != nil {
		f.queued = append(f.queued, notify(*e)...)
	}
	return nil
}

// change applies fn to experiment n of team, keeps the result and queues
// what notify returns.
func (f *checkInStoreFake) change(team string, n int, notify Notify, fn func(*experiments.Experiment) error) (experiments.Experiment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.exps[n]
	if !ok || e.Team != team {
		return e, experiments.Errorf(experiments.ENOTFOUND, "No experiment #%d.", n)
	}
	if err := fn(&e); err != nil {
		return e, err
	}
	f.exps[n] = e
	f.queued = append(f.queued, notify(e)...)
	return e, nil
}

func (f *checkInStoreFake) UpdateExperiment(_ context.Context, team string, n int, upd experiments.ExperimentUpdate, notify Notify) (experiments.Experiment, error) {
	return f.change(team, n, notify, func(e *experiments.Experiment) error {
		e.Edit(upd, f.now)
		return nil
	})
}

func (f *checkInStoreFake) LaunchExperiment(_ context.Context, team string, n int, p experiments.LaunchPlan, notify Notify) (experiments.Experiment, error) {
	p.At = f.now
	return f.change(team, n, notify, func(e *experiments.Experiment) error { return e.Launch(p) })
}

// UndoDecision takes back a decision; the check-in tests start no
// follow-up they undo.
func (f *checkInStoreFake) UndoDecision(_ context.Context, team string, n int, by string,
	notify func(decided experiments.Experiment, removed *experiments.Experiment) []experiments.OutboxMessage) (experiments.Experiment, error) {
	return f.change(team, n, func(e experiments.Experiment) []experiments.OutboxMessage { return notify(e, nil) },
		func(e *experiments.Experiment) error { return e.Undo(by, f.now, nil) })
}

func (f *checkInStoreFake) ListCheckIns(_ context.Context, experimentID int64, limit int) ([]experiments.CheckIn, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var list []experiments.CheckIn
	for i := len(f.checkIns) - 1; i >= 0 && len(list) < limit; i-- {
		if f.checkIns[i].ExperimentID == experimentID {
			list = append(list, f.checkIns[i])
		}
	}
	return list, nil
}

func (f *checkInStoreFake) SetAway(_ context.Context, _, user string, until time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if until.After(f.now) {
		f.away = append(f.away, user)
	}
	return nil
}

func (f *checkInStoreFake) ChangeSettings(ctx context.Context, team, channel string, c experiments.SettingsChange) (experiments.ChannelSettings, error) {
	s, _ := f.ChannelSettings(ctx, team, channel)
	s = s.Apply(c)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.settings[channel] = s
	return s, nil
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
