package experiments

import (
	"reflect"
	"testing"
	"time"
)

// TestSummarizeDecideCues: the digest flags, from the Progress storage
// read, the running experiments DecideCue says are ready, and lists those
// not overdue as ready early, by number.
func TestSummarizeDecideCues(t *testing.T) {
	w := ReviewedWeek(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), time.UTC)
	launched := w.AsOf.AddDate(0, 0, -20)
	exp := func(id int64, deadline Date, target Target) Experiment {
		return Experiment{ID: id, Number: int(id), Status: StatusRunning, LaunchedAt: launched, Deadline: deadline,
			Metric: "signups", Target: target}
	}
	later, past := Date{Year: 2026, Month: 12, Day: 20}, Date{Year: 2026, Month: 11, Day: 20}
	f := Facts{Running: []Experiment{
		exp(1, later, Target{Value: 15}),                 // 19 logged: past the target
		exp(2, later, Target{Value: 15}),                 // 12 logged: not yet
		exp(3, past, Target{Value: 100}),                 // overdue and marked off track
		exp(4, later, Target{Value: 20, Percent: true}),  // 100 → 125: +25%
		exp(5, later, Target{Value: 500}),                // no check-in
		exp(6, later, Target{Value: -10, Percent: true}), // 100 → 95: not down 10% yet
	}, Progress: map[int64]Progress{
		1: {OnTrack: true, HasValue: true, Value: 19},
		2: {OnTrack: true, HasValue: true, Value: 12},
		3: {OnTrack: false},
		4: {OnTrack: true, HasValue: true, Value: 125, HasFirst: true, First: 100},
		6: {OnTrack: true, HasValue: true, Value: 95, HasFirst: true, First: 100},
	}}
	d := Summarize(f, w)
	want := map[int64]string{
		1: "19 logged, past the target of 15",
		3: "marked off track",
		4: "+25% since the first check-in, past the target of +20%",
	}
	if !reflect.DeepEqual(d.Cues, want) {
		t.Errorf("Cues = %v, want %v", d.Cues, want)
	}
	var early []int
	for _, e := range d.ReadyEarly {
		early = append(early, e.Number)
	}
	if !reflect.DeepEqual(early, []int{1, 4}) {
		t.Errorf("ReadyEarly = %v, want [1 4]: #3 is overdue already", early)
	}
}

// TestSummarizeNextIdea: the digest's next idea is NextIdea's over the
// candidates, with the goals as they stood at the week's end: a goal
// closed since was open then, one set since did not exist.
func TestSummarizeNextIdea(t *testing.T) {
	w := ReviewedWeek(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), time.UTC)
	before, after := w.AsOf.AddDate(0, 0, -30), w.AsOf.Add(time.Hour)
	closedSince := Goal{ID: 1, Number: 1, CreatedAt: before, Closed: true, ClosedAt: after}
	newer := Goal{ID: 2, Number: 2, CreatedAt: after}
	idea := func(n int, ice ICE, goal int64) Experiment {
		return Experiment{ID: int64(n), Number: n, Status: StatusIdea, ICE: ice, GoalID: goal, CreatedAt: before}
	}
	tests := []struct {
		name     string
		ideas    []Experiment
		want     int
		goalIdle bool
	}{
		{"an idea for a goal closed since still moves it", []Experiment{idea(1, ICE{9, 9, 9}, 0), idea(2, ICE{3, 3, 3}, 1)}, 2, true},
		{"a goal set since counts for nothing", []Experiment{idea(1, ICE{9, 9, 9}, 0), idea(2, ICE{3, 3, 3}, 2)}, 1, false},
		{"no idea, no suggestion", nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Summarize(Facts{Goals: []Goal{closedSince, newer}, NextIdeas: tt.ideas}, w)
			if got := d.Next.Idea.Number; got != tt.want || d.HasNext != (tt.want != 0) || d.Next.GoalIdle != tt.goalIdle {
				t.Errorf("Next = #%d (has %v, idle goal %v), want #%d (idle goal %v)", got, d.HasNext, d.Next.GoalIdle, tt.want, tt.goalIdle)
			}
		})
	}
}

func TestNudgeStuckIdeaNamesTheNextIdea(t *testing.T) {
	d := digestWith(func(d *Digest) {
		d.StuckIdeas = []Experiment{{Number: 4, ICE: ICE{8, 6, 9}}}
		d.Next, d.HasNext = NextPick{Idea: Experiment{Number: 19, ICE: ICE{6, 5, 7}}, Goal: Goal{Number: 2}, GoalIdle: true, WaitedDays: 24}, true
	})
	want := "Shoot one of your ideas this week: #19 (ICE 6.0) is next, waiting 24 days, and it moves G2, which has nothing running."
	if got, ok := nudgeStuckIdea(d); !ok || got != want {
		t.Errorf("nudge = %q, %v; want %q", got, ok, want)
	}
}
