package experiments

import (
	"slices"
	"testing"
	"time"
)

func TestPlan(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	// 23:30 UTC on 2 March is already 3 March in Rome: the days left
	// count there.
	now := time.Date(2026, 3, 2, 23, 30, 0, 0, time.UTC)
	day := func(s string) Date {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return DateOf(d, time.UTC)
	}
	goal := func(id int64, deadline string) Goal {
		g := Goal{ID: id, Number: int(id), Title: "goal", Metric: "signups", Target: Target{Value: 1000}, CreatedAt: now.Add(-time.Hour)}
		if deadline != "" {
			g.Deadline = day(deadline)
		}
		return g
	}
	run := func(n int, goal int64, deadline string) Experiment {
		return Experiment{ID: int64(n), Number: n, GoalID: goal, Status: StatusRunning, Deadline: day(deadline), LaunchedAt: now.Add(-48 * time.Hour)}
	}
	idea := func(n int, goal int64, ice int) Experiment {
		return Experiment{ID: int64(n), Number: n, GoalID: goal, Status: StatusIdea, ICE: ICE{ice, ice, ice}, CreatedAt: now.Add(-24 * time.Hour)}
	}
	tests := []struct {
		name      string
		f         PlanFacts
		wantOrder []int // goal numbers
		check     func(t *testing.T, p []GoalPlan)
	}{
		{
			name:      "soonest deadline first, none last",
			f:         PlanFacts{Goals: []Goal{goal(1, ""), goal(2, "2026-05-01"), goal(3, "2026-04-01"), goal(4, "")}},
			wantOrder: []int{3, 2, 1, 4},
			check: func(t *testing.T, p []GoalPlan) {
				if !p[0].HasDeadline || p[0].DaysLeft != 29 {
					t.Errorf("G3 days left = %v %d, want 29 (3 March in Rome to 1 April)", p[0].HasDeadline, p[0].DaysLeft)
				}
				if p[2].HasDeadline || p[2].DaysLeft != 0 {
					t.Errorf("G1 (no deadline) = %v %d", p[2].HasDeadline, p[2].DaysLeft)
				}
			},
		},
		{
			name:      "days left in the channel's zone",
			f:         PlanFacts{Goals: []Goal{goal(1, "2026-03-03")}},
			wantOrder: []int{1},
			check: func(t *testing.T, p []GoalPlan) {
				// 3 March already in Rome: due today, not tomorrow.
				if p[0].DaysLeft != 0 {
					t.Errorf("days left = %d, want 0", p[0].DaysLeft)
				}
			},
		},
		{
			name: "overdue experiment: decide it, the most overdue first",
			f: PlanFacts{Goals: []Goal{goal(1, "2026-06-01")},
				Running: []Experiment{run(5, 1, "2026-03-01"), run(4, 1, "2026-02-20"), run(6, 1, "2026-03-10"), run(7, 2, "2026-01-01")}},
			wantOrder: []int{1},
			check: func(t *testing.T, p []GoalPlan) {
				if p[0].Move.Kind != MoveDecide || p[0].Move.Experiment.Number != 4 {
					t.Errorf("move = %+v, want decide #4", p[0].Move)
				}
				if got := numbers(p[0].Running); got != "4,5,6" {
					t.Errorf("running = %s, want 4,5,6", got)
				}
			},
		},
		{
			name: "running on schedule: the one due first",
			f: PlanFacts{Goals: []Goal{goal(1, "")},
				Running: []Experiment{run(5, 1, "2026-03-20"), run(4, 1, "2026-03-12")}},
			wantOrder: []int{1},
			check: func(t *testing.T, p []GoalPlan) {
				if p[0].Move.Kind != MoveRun || p[0].Move.Experiment.Number != 4 {
					t.Errorf("move = %+v, want run, #4 first", p[0].Move)
				}
			},
		},
		{
			name: "nothing running: launch its top idea by ICE, not another goal's",
			f: PlanFacts{Goals: []Goal{goal(1, ""), goal(2, "")},
				Running: []Experiment{run(3, 2, "2026-03-20")},
				Ideas:   []Experiment{idea(8, 1, 5), idea(9, 1, 7), idea(10, 2, 9), idea(11, 0, 10)}},
			wantOrder: []int{1, 2},
			check: func(t *testing.T, p []GoalPlan) {
				if p[0].Move.Kind != MoveLaunch || p[0].Move.Experiment.Number != 9 {
					t.Errorf("G1 move = %+v, want launch #9", p[0].Move)
				}
				if p[1].Move.Kind != MoveRun {
					t.Errorf("G2 move = %+v, want run", p[1].Move)
				}
			},
		},
		{
			name:      "nothing running and no idea: save one",
			f:         PlanFacts{Goals: []Goal{goal(1, "")}, Ideas: []Experiment{idea(8, 2, 5)}},
			wantOrder: []int{1},
			check: func(t *testing.T, p []GoalPlan) {
				if p[0].Move.Kind != MoveIdea {
					t.Errorf("move = %+v, want idea", p[0].Move)
				}
			},
		},
		{
			name: "decisions and the latest reading of the same metric",
			f: PlanFacts{Goals: []Goal{goal(1, "")}, Records: map[int64]GoalRecord{1: {
				Decided: map[Decision]int{DecisionKeep: 2, DecisionKill: 3, DecisionIterate: 1},
				Readings: []Reading{
					{GoalID: 1, Number: 4, Metric: "Signups ", Value: 640, At: now.Add(-2 * time.Hour)},
					{GoalID: 1, Number: 5, Metric: "visits", Value: 9000, At: now.Add(-time.Hour)},
					{GoalID: 1, Number: 6, Metric: "signups", Value: 700, At: now.Add(time.Hour)}, // after now
					{GoalID: 1, Number: 3, Metric: "SIGNUPS", Value: 500, At: now.Add(-3 * time.Hour)},
				}}}},
			wantOrder: []int{1},
			check: func(t *testing.T, p []GoalPlan) {
				g := p[0]
				if g.Kept != 2 || g.Killed != 3 || g.Iterated != 1 {
					t.Errorf("kept/killed/iterated = %d/%d/%d, want 2/3/1", g.Kept, g.Killed, g.Iterated)
				}
				if !g.HasReading || g.Reading.Number != 4 || g.Reading.Value != 640 {
					t.Errorf("reading = %v %+v, want #4's 640", g.HasReading, g.Reading)
				}
			},
		},
		{
			name: "nudge: near the deadline or past it, nothing kept",
			f: PlanFacts{Goals: []Goal{goal(1, "2026-03-17"), goal(2, "2026-03-18"), goal(3, "2026-02-01"), goal(4, "2026-03-05"), goal(5, "")},
				Records: map[int64]GoalRecord{4: {Decided: map[Decision]int{DecisionKeep: 1}}}},
			wantOrder: []int{3, 4, 1, 2, 5},
			check: func(t *testing.T, p []GoalPlan) {
				want := map[int]bool{1: true, 2: false, 3: true, 4: false, 5: false}
				for _, g := range p {
					if g.Nudge != want[g.Goal.Number] {
						t.Errorf("G%d (%d days left) nudge = %v, want %v", g.Goal.Number, g.DaysLeft, g.Nudge, want[g.Goal.Number])
					}
				}
			},
		},
		{
			name: "as of the instant: goals set later left out, closed later in, launched later not running",
			f: PlanFacts{Goals: []Goal{
				{ID: 1, Number: 1, CreatedAt: now.Add(time.Hour)},
				{ID: 2, Number: 2, CreatedAt: now.Add(-time.Hour), Closed: true, ClosedAt: now.Add(time.Hour)},
				{ID: 3, Number: 3, CreatedAt: now.Add(-time.Hour), Closed: true, ClosedAt: now.Add(-time.Minute)},
			}, Running: []Experiment{{ID: 9, Number: 9, GoalID: 2, Status: StatusRunning, LaunchedAt: now.Add(time.Minute)}}},
			wantOrder: []int{2},
			check: func(t *testing.T, p []GoalPlan) {
				if len(p[0].Running) != 0 || p[0].Move.Kind != MoveIdea {
					t.Errorf("G2 = %d running, move %v; want none running", len(p[0].Running), p[0].Move.Kind)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Plan(tt.f, now, rome)
			var got []int
			for _, g := range p {
				got = append(got, g.Goal.Number)
			}
			if !slices.Equal(got, tt.wantOrder) {
				t.Fatalf("goals = %v, want %v", got, tt.wantOrder)
			}
			tt.check(t, p)
		})
	}
}

func TestSameMetric(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"signups", "signups", true},
		{"Signups", " SIGNUPS ", true},
		{"Anmeldungen", "ANMELDUNGEN", true},
		{"Éclairs", "éclairs", true},
		{"signups", "trial signups", false},
		{"", "", false},
	} {
		if got := SameMetric(tt.a, tt.b); got != tt.want {
			t.Errorf("SameMetric(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestDefaultGoalDeadline(t *testing.T) {
	rome, _ := time.LoadLocation("Europe/Rome")
	// 23:30 UTC on 31 December is 1 January in Rome: 90 days from then.
	got := DefaultGoalDeadline(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), rome)
	if want := (Date{2027, time.April, 1}); got != want {
		t.Errorf("DefaultGoalDeadline = %s, want %s", got, want)
	}
}

func numbers(es []Experiment) string {
	s := ""
	for i, e := range es {
		if i > 0 {
			s += ","
		}
		s += e.Ref()[1:]
	}
	return s
}
