package experiments

import (
	"slices"
	"testing"
	"time"
)

// experimentNumbers returns the Numbers of es, in order.
func experimentNumbers(es []Experiment) []int {
	out := make([]int, len(es))
	for i, e := range es {
		out[i] = e.Number
	}
	return out
}

func runningExp(n int) Experiment { return Experiment{Number: n, Status: StatusRunning} }

func dueExp(n int, d Date) Experiment {
	e := runningExp(n)
	e.Deadline = d
	return e
}

func TestOverdue(t *testing.T) {
	utc := metricsClock(t, time.UTC)
	tokyo := metricsZone(t, "Asia/Tokyo")
	now := utc("2026-11-26 10:00")
	today := Date{2026, time.November, 26}
	idea := dueExp(9, today.AddDays(-5))
	idea.Status = StatusIdea
	tests := []struct {
		name    string
		running []Experiment
		now     time.Time
		loc     *time.Location
		want    []int
	}{
		{"empty", nil, now, time.UTC, []int{}},
		{"due today is not overdue", []Experiment{dueExp(1, today)}, now, time.UTC, []int{}},
		{"due yesterday is overdue", []Experiment{dueExp(1, today.AddDays(-1))}, now, time.UTC, []int{1}},
		{"no deadline is never overdue", []Experiment{runningExp(1)}, now, time.UTC, []int{}},
		{"ideas are ignored", []Experiment{idea}, now, time.UTC, []int{}},
		{"oldest deadline first, ties by number", []Experiment{
			dueExp(5, today.AddDays(-1)), dueExp(2, today.AddDays(-1)), dueExp(7, today.AddDays(-9)), dueExp(1, today.AddDays(-3))},
			now, time.UTC, []int{7, 1, 2, 5}},
		{"Monday in Tokyo: Sunday's deadline has passed", []Experiment{dueExp(1, Date{2026, time.November, 29})},
			utc("2026-11-29 20:00"), tokyo, []int{1}},
		{"still Sunday in UTC: not yet", []Experiment{dueExp(1, Date{2026, time.November, 29})},
			utc("2026-11-29 20:00"), time.UTC, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := experimentNumbers(Overdue(tt.running, tt.now, tt.loc)); !slices.Equal(got, tt.want) {
				t.Errorf("Overdue = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestQuiet(t *testing.T) {
	at := metricsClock(t, time.UTC)
	now := at("2026-11-26 10:00")
	week := 7 * 24 * time.Hour
	active := func(n int, launched, checkIn time.Time) Experiment {
		e := runningExp(n)
		e.LaunchedAt, e.LastCheckInAt = launched, checkIn
		return e
	}
	old := now.Add(-30 * 24 * time.Hour)
	decidedOne := active(8, old, time.Time{})
	decidedOne.Status = StatusDecided
	tests := []struct {
		name       string
		running    []Experiment
		quietAfter int
		want       []int
	}{
		{"empty", nil, 7, []int{}},
		{"exactly quietAfterDays is quiet", []Experiment{active(1, now.Add(-week), time.Time{})}, 7, []int{1}},
		{"seven calendar days, hours short of 7×24h, is quiet", []Experiment{active(1, at("2026-11-19 23:00"), time.Time{})}, 7, []int{1}},
		{"six calendar days is not", []Experiment{active(1, at("2026-11-20 00:00"), time.Time{})}, 7, []int{}},
		{"a recent check-in beats an old launch", []Experiment{active(1, old, now.Add(-time.Hour))}, 7, []int{}},
		{"an old check-in is quiet", []Experiment{active(1, old, now.Add(-week))}, 7, []int{1}},
		{"no launch and no check-in is never quiet", []Experiment{active(1, time.Time{}, time.Time{})}, 7, []int{}},
		{"zero days means the default", []Experiment{
			active(1, now.Add(-week), time.Time{}), active(2, at("2026-11-20 00:00"), time.Time{})}, 0, []int{1}},
		{"a shorter setting", []Experiment{active(1, now.Add(-48*time.Hour), time.Time{})}, 2, []int{1}},
		{"decided experiments are ignored", []Experiment{decidedOne}, 7, []int{}},
		{"longest quiet first, ties by number", []Experiment{
			active(4, old, now.Add(-week)), active(3, now.Add(-week), time.Time{}), active(6, old, time.Time{})},
			7, []int{6, 3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := experimentNumbers(Quiet(tt.running, tt.quietAfter, now, time.UTC)); !slices.Equal(got, tt.want) {
				t.Errorf("Quiet = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStuckIdeas(t *testing.T) {
	at := metricsClock(t, time.UTC)
	now := at("2026-11-26 10:00")
	days := func(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour) }
	idea := func(n int, created time.Time, ice ICE) Experiment {
		return Experiment{Number: n, Status: StatusIdea, CreatedAt: created, ICE: ice}
	}
	launched := idea(9, days(40), ICE{10, 10, 10})
	launched.Status = StatusRunning
	tests := []struct {
		name  string
		ideas []Experiment
		stale int
		want  []int
	}{
		{"empty", nil, 14, []int{}},
		{"exactly staleDays old is stuck", []Experiment{idea(1, days(14), ICE{})}, 14, []int{1}},
		{"14 calendar days, late in the day, is stuck", []Experiment{idea(1, at("2026-11-12 23:59"), ICE{})}, 14, []int{1}},
		{"13 calendar days is not", []Experiment{idea(1, at("2026-11-13 00:00"), ICE{})}, 14, []int{}},
		{"zero days means the default", []Experiment{idea(1, days(14), ICE{}), idea(2, days(13), ICE{})}, 0, []int{1}},
		{"running experiments are ignored", []Experiment{launched}, 14, []int{}},
		{"ICE first, unscored last, then oldest, then number", []Experiment{
			idea(1, days(60), ICE{}),
			idea(2, days(20), ICE{2, 2, 2}),
			idea(3, days(15), ICE{8, 8, 8}),
			idea(5, days(30), ICE{2, 2, 2}),
			idea(4, days(30), ICE{2, 2, 2}),
			idea(6, days(90), ICE{}),
		}, 14, []int{3, 4, 5, 2, 6, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := experimentNumbers(StuckIdeas(tt.ideas, tt.stale, now, time.UTC)); !slices.Equal(got, tt.want) {
				t.Errorf("StuckIdeas = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestIdleGoals(t *testing.T) {
	goal := func(id int64, closed bool) Goal { return Goal{ID: id, Number: int(id), Closed: closed} }
	serving := func(n int, goalID int64, s Status) Experiment {
		return Experiment{Number: n, GoalID: goalID, Status: s}
	}
	tests := []struct {
		name    string
		goals   []Goal
		running []Experiment
		want    []int
	}{
		{"empty", nil, nil, []int{}},
		{"a goal with nothing running is idle", []Goal{goal(1, false)}, nil, []int{1}},
		{"a running experiment serves its goal", []Goal{goal(1, false), goal(2, false)},
			[]Experiment{serving(1, 2, StatusRunning)}, []int{1}},
		{"a decided experiment does not", []Goal{goal(1, false)},
			[]Experiment{serving(1, 1, StatusDecided)}, []int{1}},
		{"closed goals are ignored", []Goal{goal(1, true)}, nil, []int{}},
		{"ordered by number", []Goal{goal(3, false), goal(1, false), goal(2, false)}, nil, []int{1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := []int{}
			for _, g := range IdleGoals(tt.goals, tt.running) {
				got = append(got, g.Number)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("IdleGoals = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestUnaligned(t *testing.T) {
	withGoal := runningExp(2)
	withGoal.GoalID = 7
	notRunning := runningExp(4)
	notRunning.Status = StatusIdea
	tests := []struct {
		name    string
		running []Experiment
		want    []int
	}{
		{"empty", nil, []int{}},
		{"no goal, ordered by number", []Experiment{runningExp(3), withGoal, runningExp(1), notRunning}, []int{1, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := experimentNumbers(Unaligned(tt.running)); !slices.Equal(got, tt.want) {
				t.Errorf("Unaligned = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAimless(t *testing.T) {
	aimed := func(n int, metric string, target Target) Experiment {
		e := runningExp(n)
		e.Metric, e.Target = metric, target
		return e
	}
	idea := aimed(9, "", Target{})
	idea.Status = StatusIdea
	tests := []struct {
		name    string
		running []Experiment
		want    []int
	}{
		{"empty", nil, []int{}},
		{"metric and target is aimed", []Experiment{aimed(1, "signups", Target{Value: 20, Percent: true})}, []int{}},
		{"metric alone, target alone or neither is aimless, ordered by number", []Experiment{
			aimed(3, "signups", Target{}), aimed(2, "", Target{Value: 500}), aimed(1, "", Target{}), idea}, []int{1, 2, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := experimentNumbers(Aimless(tt.running)); !slices.Equal(got, tt.want) {
				t.Errorf("Aimless = %v, want %v", got, tt.want)
			}
		})
	}
}
