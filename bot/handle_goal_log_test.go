package bot

import (
	"strings"
	"testing"
	"time"
)

// kpiSession is a plain session with goal G1 "Grow subscribers" to 6,000
// by 2026-12-21, set by U1 in C1, and a clock the test moves with advance.
func kpiSession(t *testing.T) (s *plainSession, advance func(days int)) {
	s = newPlainSession(t)
	now := s.store.now()
	s.store.now = func() time.Time { return now }
	s.app.Now = s.store.now
	s.as("U1", "C1", "goal Grow subscribers metric:subscribers target:6,000 by:2026-12-21")
	return s, func(days int) { now = now.AddDate(0, 0, days) }
}

// `goal log` records the goal's own number and answers with its progress
// and pace; `goals` shows the same.
func TestGoalLogShowsProgress(t *testing.T) {
	s, advance := kpiSession(t)
	if got := s.as("U2", "C1", "goal log G1 3,000 before the launch"); !strings.Contains(got, "Logged 3,000 on goal G1") ||
		!strings.Contains(got, "subscribers 3,000 of 6,000 · 0% of the way from 3,000 `░░░░░░░░░░` · no progress yet, logged today") {
		t.Errorf("first log:\n%s", got)
	}
	advance(13)
	// 1,300 in 13 days: 1,700 to go at 100 a day is 2026-12-26.
	want := "subscribers 4,300 of 6,000 · 43% of the way from 3,000 `▓▓▓▓░░░░░░` · at this pace 6,000 by 2026-12-26, 5 days after the deadline"
	if got := s.as("U2", "C1", "goal log G1 4300"); !strings.Contains(got, want) {
		t.Errorf("second log:\n%s\nwant %q", got, want)
	}
	if got := s.as("U1", "C1", "goals"); !strings.Contains(got, want+", logged today") {
		t.Errorf("goals:\n%s\nwant %q", got, want)
	}
	if len(s.store.values) != 2 || s.store.values[0].Note != "before the launch" || s.store.values[1].By != "U2" {
		t.Errorf("values = %+v, want 2 with the note and who logged them", s.store.values)
	}
	// An explicit start wins over the first value.
	if got := s.as("U1", "C1", "goal edit G1 start:1,300"); !strings.Contains(got, "target 6000 · by 2026-12-21 · from 1,300") {
		t.Errorf("goal edit start:\n%s", got)
	}
	if got := s.as("U1", "C1", "goals"); !strings.Contains(got, "4,300 of 6,000 · 63% of the way from 1,300") {
		t.Errorf("goals after start:1,300:\n%s", got)
	}
}

func TestGoalLogRefusals(t *testing.T) {
	tests := []struct {
		name, user, channel, text, want string
	}{
		{"no value", "U1", "C1", "goal log G1", "e.g. `/exp goal log G1 4300"},
		{"not a number", "U1", "C1", "goal log G1 lots", "not a value I can log"},
		{"the comma of decimals", "U1", "C1", "goal log G1 3,5", "not a value I can log"},
		{"a change", "U1", "C1", "goal log G1 +20", "reads as a change"},
		{"another channel", "U1", "C2", "goal log G1 4300", "There is no goal G1 here"},
		{"someone else's DM", "U2", "D2", "goal log G1 4300", "There is no goal G1 here"},
		{"without the G", "U1", "C1", "goal log 1", "Write the goal with its G"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := kpiSession(t)
			if got := s.as(tt.user, tt.channel, tt.text); !strings.Contains(got, "⚠️") || !strings.Contains(got, tt.want) {
				t.Errorf("%q:\n%s\nwant an error saying %q", tt.text, got, tt.want)
			}
			if len(s.store.values) != 0 || len(s.store.goals) != 1 {
				t.Errorf("stored %d values and %d goals, want none and 1", len(s.store.values), len(s.store.goals))
			}
		})
	}
}

// The goal's author reaches it from a DM, as the other goal verbs do.
func TestGoalLogFromTheAuthorsDM(t *testing.T) {
	s, _ := kpiSession(t)
	if got := s.as("U1", "D1", "goal log G1 3000"); !strings.Contains(got, "Logged 3,000 on goal G1") {
		t.Errorf("from U1's DM:\n%s", got)
	}
}

func TestGoalLogClosedGoal(t *testing.T) {
	s, _ := kpiSession(t)
	s.as("U1", "C1", "goal close G1")
	got := s.as("U1", "C1", "goal log G1 4300")
	if !strings.Contains(got, "Goal G1 is closed, so it takes no new value: reopen it with `/exp goal reopen G1`") {
		t.Errorf("log on a closed goal:\n%s", got)
	}
	if len(s.store.values) != 0 {
		t.Errorf("stored %+v on a closed goal", s.store.values)
	}
}

// A goal with no value of its own says how to log one.
func TestGoalsHintWithoutValue(t *testing.T) {
	s, _ := kpiSession(t)
	if got := s.as("U1", "C1", "goals"); !strings.Contains(got, "no value yet — log the goal's own number: `/exp goal log G1 4300`") {
		t.Errorf("goals:\n%s", got)
	}
}
