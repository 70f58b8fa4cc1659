package experiments

import (
	"slices"
	"testing"
	"time"
)

func TestICEScoreIsTheAverage(t *testing.T) {
	for _, tt := range []struct {
		ice  ICE
		want string
	}{
		{ICE{}, "0.0"},
		{ICE{8, 6, 9}, "7.7"},
		{ICE{10, 10, 10}, "10.0"},
		{ICE{1, 1, 2}, "1.3"},
	} {
		if got := tt.ice.ScoreText(); got != tt.want {
			t.Errorf("%v.ScoreText() = %q, want %q", tt.ice, got, tt.want)
		}
	}
}

func TestIdeaOrder(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	idle := Goal{ID: 1, Number: 1}
	served := Goal{ID: 2, Number: 2}
	running := []Experiment{{Number: 50, Status: StatusRunning, GoalID: served.ID}}
	idea := func(n int, ice ICE, goal int64, daysOld int) Experiment {
		return Experiment{Number: n, Status: StatusIdea, ICE: ice, GoalID: goal, CreatedAt: t0.AddDate(0, 0, -daysOld)}
	}
	for _, tt := range []struct {
		name  string
		ideas []Experiment
		want  []int
	}{
		{"an idle goal's idea beats a better ICE", []Experiment{
			idea(1, ICE{10, 10, 10}, 0, 1), idea(2, ICE{2, 2, 2}, idle.ID, 1)}, []int{2, 1}},
		{"a served goal counts for nothing", []Experiment{
			idea(1, ICE{2, 2, 2}, served.ID, 1), idea(2, ICE{3, 3, 3}, 0, 1)}, []int{2, 1}},
		{"higher average first, unscored last", []Experiment{
			idea(1, ICE{}, 0, 9), idea(2, ICE{5, 5, 5}, 0, 1), idea(3, ICE{9, 1, 9}, 0, 1)}, []int{3, 2, 1}},
		{"equal ICE: the oldest first", []Experiment{
			idea(1, ICE{5, 5, 5}, 0, 1), idea(2, ICE{6, 5, 4}, 0, 8)}, []int{2, 1}},
		{"equal everything: lowest number", []Experiment{
			idea(7, ICE{5, 5, 5}, 0, 3), idea(4, ICE{5, 5, 5}, 0, 3)}, []int{4, 7}},
		{"two idle-goal ideas rank by ICE", []Experiment{
			idea(1, ICE{3, 3, 3}, idle.ID, 9), idea(2, ICE{4, 4, 4}, idle.ID, 1)}, []int{2, 1}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ideas := slices.Clone(tt.ideas)
			NewIdeaOrder([]Goal{idle, served}, running).Sort(ideas)
			if got := experimentNumbers(ideas); !slices.Equal(got, tt.want) {
				t.Errorf("order = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNextIdea(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	goal := Goal{ID: 3, Number: 3, Title: "Grow signups"}
	ideas := []Experiment{
		{Number: 5, Status: StatusIdea, ICE: ICE{9, 9, 9}, CreatedAt: now.AddDate(0, 0, -2)},
		{Number: 6, Status: StatusIdea, ICE: ICE{4, 4, 4}, GoalID: goal.ID, CreatedAt: now.AddDate(0, 0, -12)},
	}
	pick, ok := NextIdea(ideas, []Goal{goal}, nil, nil, now, time.UTC)
	if !ok || pick.Idea.Number != 6 || !pick.GoalIdle || pick.Goal.Number != 3 || pick.WaitedDays != 12 {
		t.Fatalf("NextIdea = %+v, %v; want #6 serving idle G3, waited 12 days", pick, ok)
	}
	skip6 := func(e Experiment) bool { return e.Number == 6 }
	if pick, ok = NextIdea(ideas, []Goal{goal}, nil, skip6, now, time.UTC); !ok || pick.Idea.Number != 5 || pick.Goal.ID != 0 {
		t.Fatalf("with #6 skipped: %+v, %v; want #5 with no goal", pick, ok)
	}
	all := func(Experiment) bool { return true }
	if _, ok = NextIdea(ideas, []Goal{goal}, nil, all, now, time.UTC); ok {
		t.Fatal("every idea skipped, still a pick")
	}
	if _, ok = NextIdea(nil, nil, nil, nil, now, time.UTC); ok {
		t.Fatal("no ideas, still a pick")
	}
}
