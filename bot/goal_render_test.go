package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

func TestGroupedNumber(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{
		{0, "0"}, {42, "42"}, {999, "999"}, {1000, "1,000"}, {4300, "4,300"}, {123456, "123,456"},
		{1234567.5, "1,234,567.5"}, {-40, "-40"}, {-1200, "-1,200"}, {3.25, "3.25"}, {1e12, "1,000,000,000,000"},
	} {
		if got := experiments.GroupedNumber(tt.in); got != tt.want {
			t.Errorf("experiments.GroupedNumber(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestProgressBar(t *testing.T) {
	for _, tt := range []struct {
		share float64
		want  string
	}{
		{-0.5, "░░░░░░░░░░"}, {0, "░░░░░░░░░░"}, {0.099, "░░░░░░░░░░"}, {0.433, "▓▓▓▓░░░░░░"},
		{0.999, "▓▓▓▓▓▓▓▓▓░"}, {1, "▓▓▓▓▓▓▓▓▓▓"}, {1.7, "▓▓▓▓▓▓▓▓▓▓"},
	} {
		if got := progressBar(tt.share); got != tt.want {
			t.Errorf("progressBar(%v) = %q, want %q", tt.share, got, tt.want)
		}
	}
}

// Each pace reads as one sentence; a goal that cannot be measured says
// how to make it measurable.
func TestGoalProgressWords(t *testing.T) {
	g := experiments.Goal{Number: 1, Metric: "MRR", Target: experiments.Target{Value: 6000}, Deadline: experiments.Date{Year: 2027, Month: time.January, Day: 10}}
	base := experiments.GoalProgress{HasValue: true, Start: 3000, Latest: 4300, Level: 6000, HasLevel: true, Share: 1300.0 / 3000}
	with := func(pace experiments.PaceKind, eta experiments.Date, late int) experiments.GoalProgress {
		p := base
		p.Pace, p.ETA, p.DaysLate = pace, eta, late
		return p
	}
	eta := experiments.Date{Year: 2027, Month: time.January, Day: 20}
	tests := []struct {
		name           string
		g              experiments.Goal
		p              experiments.GoalProgress
		progress, pace string
	}{
		{"late", g, with(experiments.PaceLate, eta, 10), "MRR 4,300 of 6,000 · 43% of the way from 3,000 `▓▓▓▓░░░░░░`",
			"at this pace 6,000 by 2027-01-20, 10 days after the deadline"},
		{"on time", g, with(experiments.PaceOnTime, eta, 0), "", "at this pace 6,000 by 2027-01-20, before the deadline"},
		{"no deadline", experiments.Goal{Number: 1, Target: g.Target}, with(experiments.PaceOnTime, eta, 0), "4,300 of 6,000", "at this pace 6,000 by 2027-01-20"},
		{"flat", g, with(experiments.PaceFlat, experiments.Date{}, 0), "", "no progress yet"},
		{"reached", g, with(experiments.PaceReached, experiments.Date{}, 0), "", "target reached"},
		{"far", g, with(experiments.PaceFar, experiments.Date{}, 0), "", "at this pace 6,000 is more than 100 years away"},
		{"backwards", g, experiments.GoalProgress{HasValue: true, Start: 3000, Latest: 2700, Level: 6000, HasLevel: true, Share: -0.1, Pace: experiments.PaceFlat},
			"MRR 2,700 of 6,000 · moving away from the target, from 3,000 `░░░░░░░░░░`", "no progress yet"},
		{"no target", experiments.Goal{Number: 1, Metric: "MRR"}, experiments.GoalProgress{HasValue: true, Start: 3000, Latest: 4300},
			"MRR 4,300 · no target to measure it against: `/exp goal edit G1 target:…`", ""},
		{"target at the start", g, experiments.GoalProgress{HasValue: true, Start: 6000, Latest: 4300, Level: 6000, HasLevel: true},
			"MRR 4,300 · its target 6,000 is where it started: `/exp goal edit G1 start:… target:…`", ""},
		{"no value", g, experiments.GoalProgress{}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			progress, pace := goalProgressText(tt.g, tt.p, "/exp"), goalPaceText(tt.g, tt.p)
			if !strings.Contains(progress, tt.progress) || !tt.p.HasValue && progress != "" {
				t.Errorf("progress = %q, want it to contain %q (nothing with no value)", progress, tt.progress)
			}
			if pace != tt.pace {
				t.Errorf("pace = %q, want %q", pace, tt.pace)
			}
		})
	}
}

// With no value of its own, a goal lists its experiments' values (theirs,
// latest first, a few) beside the hint; the digest's short form drops
// their ages.
func TestGoalNoValueText(t *testing.T) {
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
	g := experiments.Goal{Number: 2, Metric: "signups"}
	readings := []experiments.Reading{{Number: 7, Value: 1200, At: now}, {Number: 4, Value: 640, At: now.AddDate(0, 0, -3)},
		{Number: 3, Value: 1, At: now.AddDate(0, 0, -4)}, {Number: 1, Value: 2, At: now.AddDate(0, 0, -5)}}
	for _, tt := range []struct {
		name     string
		readings []experiments.Reading
		loc      *time.Location
		want     string
	}{
		{"none", nil, time.UTC, "no value yet — log the goal's own number: `/exp goal log G2 4300`"},
		{"with ages", readings, time.UTC, "no value yet; its experiments on signups: #7 1,200 (today), #4 640 (3 days ago), #3 1 (4 days ago) +1 — log the goal's own number: `/exp goal log G2 4300`"},
		{"short", readings[:1], nil, "no value yet; its experiments on signups: #7 1,200 — log the goal's own number: `/exp goal log G2 4300`"},
	} {
		if got := goalNoValueText(g, tt.readings, "/exp", now, tt.loc); got != tt.want {
			t.Errorf("%s: %q\nwant %q", tt.name, got, tt.want)
		}
	}
}
