package experiments

import (
	"testing"
	"time"
)

func TestSkipExpiry(t *testing.T) {
	at := time.Date(2026, 11, 23, 9, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		now  time.Time
		want bool
	}{
		{"at once", at, true},
		{"the next day", at.AddDate(0, 0, 1), true},
		{"a millisecond before the week ends", at.Add(IdeaSkip - time.Millisecond), true},
		{"the week is over", at.Add(IdeaSkip), false},
		{"a month later", at.AddDate(0, 1, 0), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := SkipActive(at, tt.now); got != tt.want {
				t.Errorf("SkipActive(%v, %v) = %v, want %v", at, tt.now, got, tt.want)
			}
			// What a store reads from SkipsSince is exactly what is active.
			if got := !at.Before(SkipsSince(tt.now)); got != tt.want {
				t.Errorf("skip at %v read since %v = %v, want %v", at, SkipsSince(tt.now), got, tt.want)
			}
		})
	}
}

func TestSkipsHideAndComeBack(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	ideas := []Experiment{
		{ID: 1, Number: 1, Status: StatusIdea, ICE: ICE{9, 9, 9}},
		{ID: 2, Number: 2, Status: StatusIdea, ICE: ICE{5, 5, 5}},
		{ID: 3, Number: 3, Status: StatusIdea},
	}
	skips := Skips{1: now.AddDate(0, 0, -2), 2: now.AddDate(0, 0, -6), 3: now.AddDate(0, 0, -8)}
	pick, ok := NextIdea(ideas, nil, nil, skips.Hides(now), now, time.UTC)
	if !ok || pick.Idea.Number != 3 {
		t.Fatalf("NextIdea = %+v, %v; want #3, whose skip is over", pick, ok)
	}
	back, ok := skips.FirstBack(ideas, now)
	if want := now.AddDate(0, 0, 1); !ok || !back.Equal(want) {
		t.Errorf("FirstBack = %v, %v; want %v (#2's week ends first)", back, ok, want)
	}
	if _, ok := (Skips{3: now.AddDate(0, 0, -8)}).FirstBack(ideas, now); ok {
		t.Error("FirstBack found a skip that is over")
	}
	if (Skips(nil)).Hides(now)(ideas[0]) {
		t.Error("no skips hid an idea")
	}
}

func TestCanSkip(t *testing.T) {
	for _, tt := range []struct {
		status Status
		ok     bool
	}{{StatusIdea, true}, {StatusRunning, false}, {StatusDecided, false}} {
		e := Experiment{Number: 6, Status: tt.status, Decision: DecisionKill}
		if err := e.CanSkip(); (err == nil) != tt.ok {
			t.Errorf("CanSkip of a %s = %v, want ok %v", tt.status, err, tt.ok)
		}
	}
}
