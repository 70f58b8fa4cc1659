package experiments

import (
	"slices"
	"testing"
)

func TestSortHomeRunning(t *testing.T) {
	d := func(day int) Date { return Date{Year: 2026, Month: 3, Day: day} }
	list := []Experiment{
		{Number: 1}, // no deadline: last
		{Number: 2, Deadline: d(20)},
		{Number: 3, Deadline: d(1)}, // the oldest: first
		{Number: 4, Deadline: d(20)},
		{Number: 5, Deadline: d(5)},
		{Number: 6},
	}
	SortHomeRunning(list)
	var got []int
	for _, e := range list {
		got = append(got, e.Number)
	}
	if want := []int{3, 5, 2, 4, 1, 6}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

// TestHomeIdeaOrder: the goals of every channel make one order; an idea of
// a goal that a running experiment of its channel serves is not preferred.
func TestHomeIdeaOrder(t *testing.T) {
	g1 := Goal{ID: 1, Channel: "C1"}
	g2 := Goal{ID: 2, Channel: "C2"}
	channels := []HomeChannel{
		{Channel: "C1", Facts: Facts{Goals: []Goal{g1}}},
		{Channel: "C2", Facts: Facts{Goals: []Goal{g2}, Running: []Experiment{{Status: StatusRunning, GoalID: 2}}}},
	}
	ideas := []Experiment{
		{Number: 1, ICE: ICE{9, 9, 9}},
		{Number: 2, GoalID: 2, ICE: ICE{8, 8, 8}},
		{Number: 3, GoalID: 1, ICE: ICE{1, 1, 1}},
	}
	HomeIdeaOrder(channels).Sort(ideas)
	if got := []int{ideas[0].Number, ideas[1].Number, ideas[2].Number}; !slices.Equal(got, []int{3, 1, 2}) {
		t.Errorf("order %v, want [3 1 2]: the idle goal's idea first, then by ICE", got)
	}
}
