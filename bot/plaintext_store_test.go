package bot

import (
	"context"
	"errors"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// plainStore is an in-memory store of every group but the digest's, plan's
// and home's, just faithful enough for the handlers to build every reply
// and announcement the renderer is tested on. Experiment 99 is broken:
// finding it fails as storage would on a disk error.
type plainStore struct {
	now      func() time.Time
	settings map[string]experiments.ChannelSettings // by channel; absent: the defaults
	exps     []experiments.Experiment
	goals    []experiments.Goal
	values   []experiments.GoalValue // the goals' own, in the order logged
	checkIns []experiments.CheckIn
	queued   []experiments.OutboxMessage  // what notify returned, oldest first
	skips    map[string]experiments.Skips // by user
}

var errDisk = errors.New("disk I/O error")

func (s *plainStore) queue(msgs []experiments.OutboxMessage) {
	s.queued = append(s.queued, msgs...)
}

// takeQueued returns the queued messages and forgets them.
func (s *plainStore) takeQueued() []experiments.OutboxMessage {
	q := s.queued
	s.queued = nil
	return q
}

// The groups plainStore implements whole.
var (
	_ ExperimentFinder = (*plainStore)(nil)
	_ LifecycleStore   = (*plainStore)(nil)
	_ CheckInLog       = (*plainStore)(nil)
	_ GoalStore        = (*plainStore)(nil)
	_ SettingsStore    = (*plainStore)(nil)
	_ IdeaStore        = (*plainStore)(nil)
)

// storesOf wires every group of Stores that s implements, leaving the
// others nil, for a test that reaches only those.
func storesOf(s any) Stores {
	var st Stores
	st.Experiments, _ = s.(ExperimentFinder)
	st.Lifecycle, _ = s.(LifecycleStore)
	st.CheckIns, _ = s.(CheckInLog)
	st.Goals, _ = s.(GoalStore)
	st.Settings, _ = s.(SettingsStore)
	st.Ideas, _ = s.(IdeaStore)
	st.Digest, _ = s.(DigestStore)
	st.Plan, _ = s.(PlanStore)
	st.Home, _ = s.(HomeStore)
	return st
}

func (s *plainStore) ChannelSettings(_ context.Context, team, channel string) (experiments.ChannelSettings, error) {
	if st, ok := s.settings[channel]; ok {
		return st, nil
	}
	return experiments.DefaultChannelSettings(team, channel), nil
}

func (s *plainStore) ChangeSettings(ctx context.Context, team, channel string, c experiments.SettingsChange) (experiments.ChannelSettings, error) {
	st, _ := s.ChannelSettings(ctx, team, channel)
	st = st.Apply(c)
	return st, s.SaveSchedules(ctx, st, nil, s.now())
}

func (s *plainStore) SaveSchedules(_ context.Context, st experiments.ChannelSettings, _ []string, _ time.Time) error {
	if s.settings == nil {
		s.settings = map[string]experiments.ChannelSettings{}
	}
	s.settings[st.Channel] = st
	return nil
}

func (s *plainStore) SetAway(context.Context, string, string, time.Time) error { return nil }

func (s *plainStore) CreateExperiment(_ context.Context, e *experiments.Experiment, notify Notify) error {
	e.ID, e.Number = int64(len(s.exps)+1), len(s.exps)+1
	s.exps = append(s.exps, *e)
	if notify != nil {
		s.queue(notify(*e))
	}
	return nil
}

func (s *plainStore) FindExperiment(_ context.Context, _ string, number int) (experiments.Experiment, error) {
	if number == 99 {
		return experiments.Experiment{}, errDisk
	}
	if number < 1 || number > len(s.exps) {
		return experiments.Experiment{}, experiments.Errorf(experiments.ENOTFOUND, "no experiment")
	}
	return s.exps[number-1], nil
}

func (s *plainStore) FindExperimentByID(ctx context.Context, id int64) (experiments.Experiment, error) {
	return s.FindExperiment(ctx, "", int(id))
}

func (s *plainStore) UpdateExperiment(_ context.Context, _ string, number int, upd experiments.ExperimentUpdate, notify Notify) (experiments.Experiment, error) {
	e := &s.exps[number-1]
	e.Title, e.Hypothesis, e.Metric = *upd.Title, *upd.Hypothesis, *upd.Metric
	e.Target, e.Deadline, e.GoalID = *upd.Target, *upd.Deadline, *upd.GoalID
	s.queue(notify(*e))
	return *e, nil
}

func (s *plainStore) DecideExperiment(_ context.Context, _ string, number int, d experiments.Decision, learning, by string, notify Notify) (experiments.Experiment, error) {
	e := &s.exps[number-1]
	if err := e.Decide(d, learning, by, s.now()); err != nil {
		return experiments.Experiment{}, err
	}
	s.queue(notify(*e))
	return *e, nil
}

func (s *plainStore) IterateExperiment(ctx context.Context, _ string, number int, learning, change, by string, deadline experiments.Date,
	notify func(decided, followUp experiments.Experiment) []experiments.OutboxMessage) (experiments.Experiment, experiments.Experiment, error) {
	e := &s.exps[number-1]
	next, err := e.Iterate(learning, change, by, s.now(), deadline)
	if err != nil {
		return experiments.Experiment{}, experiments.Experiment{}, err
	}
	decided := *e
	if err := s.CreateExperiment(ctx, &next, nil); err != nil {
		return decided, next, err
	}
	s.queue(notify(decided, next))
	return decided, next, nil
}

func (s *plainStore) LearnExperiment(_ context.Context, _ string, number int, learning, by string, notify Notify) (experiments.Experiment, error) {
	e := &s.exps[number-1]
	if err := e.Learn(learning, by, s.now()); err != nil {
		return experiments.Experiment{}, err
	}
	s.queue(notify(*e))
	return *e, nil
}

// UndoDecision takes back a decision, and removes the follow-up an iterate
// started if it is the newest experiment (as numbers stay dense here).
func (s *plainStore) UndoDecision(_ context.Context, _ string, number int, by string,
	notify func(decided experiments.Experiment, removed *experiments.Experiment) []experiments.OutboxMessage) (experiments.Experiment, error) {
	e := &s.exps[number-1]
	var followUp *experiments.Experiment
	if last := s.exps[len(s.exps)-1]; last.ParentID == e.ID && e.Decision == experiments.DecisionIterate {
		followUp = &last
	}
	if err := e.Undo(by, s.now(), followUp); err != nil {
		return experiments.Experiment{}, err
	}
	decided := *e
	if followUp != nil {
		s.exps = s.exps[:len(s.exps)-1]
	}
	s.queue(notify(decided, followUp))
	return decided, nil
}

func (s *plainStore) AddCheckIn(_ context.Context, _ string, number int, c *experiments.CheckIn,
	notify func(experiments.Experiment, experiments.CheckIn, *float64) []experiments.OutboxMessage) (experiments.Experiment, error) {
	e := s.exps[number-1]
	if err := e.CanCheckIn(); err != nil {
		return e, err
	}
	c.ID, c.ExperimentID, c.At = int64(len(s.checkIns)+1), e.ID, s.now()
	s.checkIns = append(s.checkIns, *c)
	e.LastCheckInAt = c.At
	if notify != nil {
		s.queue(notify(e, *c, firstValue(s.checkIns, e.ID)))
	}
	return e, nil
}

func (s *plainStore) ListCheckIns(_ context.Context, experimentID int64, limit int) ([]experiments.CheckIn, error) {
	var list []experiments.CheckIn
	for i := len(s.checkIns) - 1; i >= 0 && len(list) < limit; i-- {
		if s.checkIns[i].ExperimentID == experimentID {
			list = append(list, s.checkIns[i])
		}
	}
	return list, nil
}

func (s *plainStore) CreateGoal(_ context.Context, g *experiments.Goal, notify func(experiments.Goal) []experiments.OutboxMessage) error {
	g.ID, g.Number = int64(len(s.goals)+1), len(s.goals)+1
	s.goals = append(s.goals, *g)
	s.queue(notify(*g))
	return nil
}

func (s *plainStore) FindGoal(_ context.Context, _ string, number int) (experiments.Goal, error) {
	if number < 1 || number > len(s.goals) {
		return experiments.Goal{}, experiments.Errorf(experiments.ENOTFOUND, "no goal")
	}
	return s.goals[number-1], nil
}

func (s *plainStore) FindGoalByID(ctx context.Context, id int64) (experiments.Goal, error) {
	return s.FindGoal(ctx, "", int(id))
}

func (s *plainStore) ListGoals(_ context.Context, team, channel string) ([]experiments.Goal, error) {
	var list []experiments.Goal
	for _, g := range s.goals {
		if g.Team == team && g.Channel == channel && !g.Closed {
			list = append(list, g)
		}
	}
	return list, nil
}

// ListExperiments filters by team, channel, parent and status, in number
// order, and applies the limit.
func (s *plainStore) ListExperiments(_ context.Context, f experiments.ExperimentFilter) ([]experiments.Experiment, int, error) {
	var list []experiments.Experiment
	for _, e := range s.exps {
		if matches(e, f) {
			list = append(list, e)
		}
	}
	total := len(list)
	if f.Limit > 0 && len(list) > f.Limit {
		list = list[:f.Limit]
	}
	return list, total, nil
}

func matches(e experiments.Experiment, f experiments.ExperimentFilter) bool {
	if (f.Team != nil && e.Team != *f.Team) || (f.Channel != nil && e.Channel != *f.Channel) ||
		(f.ParentID != nil && e.ParentID != *f.ParentID) {
		return false
	}
	if len(f.Statuses) == 0 {
		return true
	}
	for _, st := range f.Statuses {
		if e.Status == st {
			return true
		}
	}
	return false
}
