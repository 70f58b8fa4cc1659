package experiments

import (
	"slices"
	"testing"
	"time"
)

// summaryFacts is a small channel seen from Tokyo on the evening of Sunday
// 2026-11-29 UTC, which is already Monday of 2026-W49 there: a Monday
// digest reviews the week just ended, 2026-W48.
func summaryFacts(t *testing.T) (Facts, time.Time) {
	utc := metricsClock(t, time.UTC)
	nov := func(d int) Date { return Date{2026, time.November, d} }
	return Facts{
		Settings: ChannelSettings{Team: "T1", Channel: "C1"}, // every number left to its default
		Running: []Experiment{
			{Number: 1, Status: StatusRunning, GoalID: 1, Metric: "signups", Target: Target{Value: 500},
				LaunchedAt: utc("2026-11-20 09:00"), LastCheckInAt: utc("2026-11-28 09:00"), Deadline: nov(27)},
			{Number: 2, Status: StatusRunning, LaunchedAt: utc("2026-11-01 09:00"), Deadline: Date{2026, time.December, 10}},
		},
		Ideas: []Experiment{
			{Number: 3, Status: StatusIdea, CreatedAt: utc("2026-10-01 09:00"), ICE: ICE{5, 5, 5}},
			{Number: 4, Status: StatusIdea, CreatedAt: utc("2026-11-25 09:00")},
		},
		Goals: []Goal{{ID: 1, Number: 1}, {ID: 2, Number: 2}},
		Launches: []LaunchFact{
			{CreatedAt: utc("2026-11-18 09:00"), LaunchedAt: utc("2026-11-20 09:00")},
			{CreatedAt: utc("2026-11-01 09:00"), LaunchedAt: utc("2026-11-01 09:00")},
		},
		Decisions: []DecisionFact{
			{Decision: DecisionKeep, LaunchedAt: utc("2026-10-27 09:00"), DecidedAt: utc("2026-11-10 09:00"), Deadline: nov(10)},
			{Decision: DecisionKill, LaunchedAt: utc("2026-11-15 00:00"), DecidedAt: utc("2026-11-29 10:00"), Deadline: nov(29)},
		},
	}, utc("2026-11-29 20:00")
}

func TestSummarize(t *testing.T) {
	f, now := summaryFacts(t)
	d := Summarize(f, ReviewedWeek(now, metricsZone(t, "Asia/Tokyo")))
	day := 24 * time.Hour

	checks := []struct {
		name      string
		got, want any
	}{
		{"week", d.Week, "2026-W48"},
		{"quiet after days default", d.Settings.QuietAfterDays, DefaultQuietAfterDays},
		{"channel kept", d.Settings.Channel, "C1"},
		{"trend length", len(d.Trend), TrendWeeks},
		{"reviewed week", [2]int{d.ThisWeek().Launches, d.ThisWeek().Decisions}, [2]int{0, 1}},
		{"week before", [2]int{d.Trend[6].Launches, d.Trend[6].Decisions}, [2]int{1, 0}},
		{"shipped", d.Shipped(), 0},
		{"win rate", d.WinRate, 0.5},
		{"decided", d.Decided, 2},
		{"time to decision", d.TimeToDecision, 14*day + 5*time.Hour},
		{"planning lag", d.PlanningLag, day},
		{"overdue", experimentNumbers(d.Overdue), []int{1}},
		{"quiet", experimentNumbers(d.Quiet), []int{2}},
		{"stuck ideas", experimentNumbers(d.StuckIdeas), []int{3}},
		{"aimless", experimentNumbers(d.Aimless), []int{2}},
		{"unaligned", experimentNumbers(d.Unaligned), []int{2}},
		{"idle goals", len(d.IdleGoals) == 1 && d.IdleGoals[0].Number == 2, true},
		{"measures", d.Measures, StageMeasures{Tempo: 0.25, TempoTarget: 3, CheckInDiscipline: 0.5, DecisionDiscipline: 2.0 / 3, Decided: 2}},
		{"stage", d.Stage, StageMomentum},
		{"why", d.StageWhy, "5 more launches gets you to maturity."},
	}
	for _, c := range checks {
		if gs, ok := c.got.([]int); ok {
			if !slices.Equal(gs, c.want.([]int)) {
				t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
			}
			continue
		}
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	wantNudges := []string{
		"Decide before you launch more: 1 experiment is past its deadline (#1).",
		"Check in on #2: no word for 7 days or more.",
	}
	if !slices.Equal(d.Nudges, wantNudges) {
		t.Errorf("nudges:\n got %q\nwant %q", d.Nudges, wantNudges)
	}
	if !d.HasTimeToDecision || !d.HasPlanningLag {
		t.Errorf("HasTimeToDecision, HasPlanningLag = %v, %v; want true, true", d.HasTimeToDecision, d.HasPlanningLag)
	}
}

func TestSummarizeEmpty(t *testing.T) {
	now := metricsClock(t, time.UTC)("2026-11-30 09:00") // the default Monday 09:00 digest
	d := Summarize(Facts{}, ReviewedWeek(now, time.UTC))
	if d.Week != "2026-W48" || len(d.Trend) != TrendWeeks {
		t.Errorf("week %q with %d weeks, want the week just ended, 2026-W48, with %d", d.Week, len(d.Trend), TrendWeeks)
	}
	if d.HasTimeToDecision || d.HasPlanningLag || d.Decided != 0 {
		t.Errorf("empty facts gave medians %v, %v and %d decisions", d.HasTimeToDecision, d.HasPlanningLag, d.Decided)
	}
	if d.Stage != StageMomentum {
		t.Errorf("stage %s, want %s", d.Stage, StageMomentum)
	}
	want := []string{"Ship one small test today: nothing launched in week 2026-W48, and a live test teaches more than a better plan."}
	if !slices.Equal(d.Nudges, want) {
		t.Errorf("nudges:\n got %q\nwant %q", d.Nudges, want)
	}
}

func TestDigestThisWeek(t *testing.T) {
	if got := (Digest{}).ThisWeek(); got != (WeekCount{}) {
		t.Errorf("ThisWeek of an empty digest = %+v, want the zero WeekCount", got)
	}
	d := Digest{Trend: []WeekCount{{Year: 2026, Week: 47}, {Year: 2026, Week: 48, Launches: 2}}}
	if got := d.ThisWeek(); got.Week != 48 || got.Launches != 2 {
		t.Errorf("ThisWeek = %+v, want week 48 with 2 launches", got)
	}
}

func TestReviewedWeek(t *testing.T) {
	utc := metricsClock(t, time.UTC)
	tests := []struct{ now, want string }{
		{"2026-11-30 09:00", "2026-W48"}, // Monday: the week just ended
		{"2026-11-30 23:59", "2026-W48"},
		{"2026-12-01 00:01", "2026-W49"}, // Tuesday: this week
		{"2026-12-03 15:00", "2026-W49"}, // an on-demand digest on a Thursday
		{"2026-12-06 23:00", "2026-W49"},
	}
	for _, tt := range tests {
		if got := Summarize(Facts{}, ReviewedWeek(utc(tt.now), time.UTC)).Week; got != tt.want {
			t.Errorf("digest at %s headed %s, want %s", tt.now, got, tt.want)
		}
	}
}
