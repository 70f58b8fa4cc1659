package experiments

import (
	"math"
	"testing"
	"time"
)

func TestMeasureGoal(t *testing.T) {
	day0 := at(2026, time.December, 1)
	day := func(n int) time.Time { return day0.AddDate(0, 0, n) }
	values := func(first, latest float64, latestDay int) GoalValues {
		return GoalValues{First: GoalValue{ID: 1, Value: first, At: day0}, Latest: GoalValue{ID: 2, Value: latest, At: day(latestDay)}, Count: 2}
	}
	abs := func(v float64) Target { return Target{Value: v} }
	deadline := Date{2026, time.December, 21}
	tests := []struct {
		name   string
		goal   Goal
		values GoalValues
		want   GoalProgress
	}{
		{"no value", Goal{Target: abs(6000)}, GoalValues{}, GoalProgress{}},
		{"no target: the value alone", Goal{}, values(3000, 4300, 13),
			GoalProgress{HasValue: true, Start: 3000, StartAt: day0, Latest: 4300, LatestAt: day(13)}},
		// 1,300 in 13 days is 100 a day: 1,700 to go is 17 more days,
		// 2026-12-31, 10 days after the deadline.
		{"late", Goal{Target: abs(6000), Deadline: deadline}, values(3000, 4300, 13),
			GoalProgress{HasValue: true, Start: 3000, StartAt: day0, Latest: 4300, LatestAt: day(13), Level: 6000, HasLevel: true,
				Share: 1300.0 / 3000, Pace: PaceLate, ETA: Date{2026, time.December, 31}, DaysLate: 10}},
		{"before the deadline", Goal{Target: abs(6000), Deadline: Date{2027, time.January, 31}}, values(3000, 4300, 13),
			GoalProgress{HasValue: true, Start: 3000, StartAt: day0, Latest: 4300, LatestAt: day(13), Level: 6000, HasLevel: true,
				Share: 1300.0 / 3000, Pace: PaceOnTime, ETA: Date{2026, time.December, 31}}},
		{"on the deadline's day is on time", Goal{Target: abs(6000), Deadline: Date{2026, time.December, 31}}, values(3000, 4300, 13),
			GoalProgress{HasValue: true, Start: 3000, StartAt: day0, Latest: 4300, LatestAt: day(13), Level: 6000, HasLevel: true,
				Share: 1300.0 / 3000, Pace: PaceOnTime, ETA: Date{2026, time.December, 31}}},
		{"no deadline", Goal{Target: abs(6000)}, values(3000, 4300, 13),
			GoalProgress{HasValue: true, Start: 3000, StartAt: day0, Latest: 4300, LatestAt: day(13), Level: 6000, HasLevel: true,
				Share: 1300.0 / 3000, Pace: PaceOnTime, ETA: Date{2026, time.December, 31}}},
		{"a relative target is relative to the start", Goal{Target: Target{Value: 100, Percent: true}}, values(3000, 4300, 13),
			GoalProgress{HasValue: true, Start: 3000, StartAt: day0, Latest: 4300, LatestAt: day(13), Level: 6000, HasLevel: true,
				Share: 1300.0 / 3000, Pace: PaceOnTime, ETA: Date{2026, time.December, 31}}},
		// The explicit start wins over the first value, and the pace runs
		// from the goal's creation.
		{"explicit start", Goal{Target: abs(6000), HasStart: true, Start: 3000, CreatedAt: day0}, GoalValues{
			First: GoalValue{Value: 3900, At: day(9)}, Latest: GoalValue{Value: 4300, At: day(13)}, Count: 2},
			GoalProgress{HasValue: true, Start: 3000, StartAt: day0, Latest: 4300, LatestAt: day(13), Level: 6000, HasLevel: true,
				Share: 1300.0 / 3000, Pace: PaceOnTime, ETA: Date{2026, time.December, 31}}},
		{"an explicit start of 0", Goal{Target: abs(100), HasStart: true, CreatedAt: day0}, GoalValues{
			First: GoalValue{Value: 50, At: day(10)}, Latest: GoalValue{Value: 50, At: day(10)}, Count: 1},
			GoalProgress{HasValue: true, StartAt: day0, Latest: 50, LatestAt: day(10), Level: 100, HasLevel: true,
				Share: 0.5, Pace: PaceOnTime, ETA: Date{2026, time.December, 21}}},
		{"one value: no progress yet", Goal{Target: abs(6000)}, GoalValues{First: GoalValue{Value: 3000, At: day0}, Latest: GoalValue{Value: 3000, At: day0}, Count: 1},
			GoalProgress{HasValue: true, Start: 3000, StartAt: day0, Latest: 3000, LatestAt: day0, Level: 6000, HasLevel: true, Pace: PaceFlat}},
		{"flat", Goal{Target: abs(6000)}, values(3000, 3000, 13),
			GoalProgress{HasValue: true, Start: 3000, StartAt: day0, Latest: 3000, LatestAt: day(13), Level: 6000, HasLevel: true, Pace: PaceFlat}},
		{"backwards", Goal{Target: abs(6000)}, values(3000, 2700, 13),
			GoalProgress{HasValue: true, Start: 3000, StartAt: day0, Latest: 2700, LatestAt: day(13), Level: 6000, HasLevel: true, Share: -0.1, Pace: PaceFlat}},
		{"reached", Goal{Target: abs(6000), Deadline: deadline}, values(3000, 6100, 13),
			GoalProgress{HasValue: true, Start: 3000, StartAt: day0, Latest: 6100, LatestAt: day(13), Level: 6000, HasLevel: true, Share: 3100.0 / 3000, Pace: PaceReached}},
		// A target equal to the start has no way to go: no share, no pace,
		// and no division by zero.
		{"target equals the start", Goal{Target: abs(3000)}, values(3000, 4300, 13),
			GoalProgress{HasValue: true, Start: 3000, StartAt: day0, Latest: 4300, LatestAt: day(13), Level: 3000, HasLevel: true}},
		{"relative target from a start of 0", Goal{Target: Target{Value: 50, Percent: true}}, values(0, 10, 13),
			GoalProgress{HasValue: true, StartAt: day0, Latest: 10, LatestAt: day(13), HasLevel: true}},
		// Lower is better: churn from 50 down to 20, at 35 after 10 days is
		// half way, and 10 more days at this pace.
		{"a target below the start", Goal{Target: abs(20), Deadline: deadline}, values(50, 35, 10),
			GoalProgress{HasValue: true, Start: 50, StartAt: day0, Latest: 35, LatestAt: day(10), Level: 20, HasLevel: true,
				Share: 0.5, Pace: PaceOnTime, ETA: Date{2026, time.December, 21}}},
		{"a target below the start, going up", Goal{Target: abs(20)}, values(50, 55, 10),
			GoalProgress{HasValue: true, Start: 50, StartAt: day0, Latest: 55, LatestAt: day(10), Level: 20, HasLevel: true,
				Share: -1.0 / 6, Pace: PaceFlat}},
		{"too slow to project", Goal{Target: abs(1e12)}, values(0, 1, 1),
			GoalProgress{HasValue: true, StartAt: day0, Latest: 1, LatestAt: day(1), Level: 1e12, HasLevel: true, Share: 1e-12, Pace: PaceFar}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MeasureGoal(tt.goal, tt.values, time.UTC)
			if math.Abs(got.Share-tt.want.Share) > 1e-9 {
				t.Errorf("share = %v, want %v", got.Share, tt.want.Share)
			}
			got.Share = tt.want.Share
			if got != tt.want {
				t.Errorf("MeasureGoal =\n%+v, want\n%+v", got, tt.want)
			}
		})
	}
}

// The day the target falls on is a calendar day of the channel's zone.
func TestMeasureGoalETAInZone(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	start := time.Date(2026, time.December, 1, 20, 0, 0, 0, time.UTC)
	g := Goal{Target: Target{Value: 200}}
	v := GoalValues{First: GoalValue{Value: 0, At: start}, Latest: GoalValue{Value: 100, At: start.Add(24 * time.Hour)}, Count: 2}
	if got := MeasureGoal(g, v, time.UTC).ETA; got != (Date{2026, time.December, 3}) {
		t.Errorf("ETA in UTC = %v, want 2026-12-03", got)
	}
	if got := MeasureGoal(g, v, tokyo).ETA; got != (Date{2026, time.December, 4}) {
		t.Errorf("ETA in Tokyo = %v, want 2026-12-04", got)
	}
}

func TestParseGoalLog(t *testing.T) {
	for _, tt := range []struct {
		in    string
		value float64
		note  string
	}{
		{"4300", 4300, ""},
		{"4,300 after the launch email", 4300, "after the launch email"},
		{"-40 refunds", -40, "refunds"},
		{"3.5", 3.5, ""},
	} {
		v, note, err := ParseGoalLog(tt.in)
		if err != nil || v != tt.value || note != tt.note {
			t.Errorf("ParseGoalLog(%q) = %v, %q, %v; want %v, %q", tt.in, v, note, err, tt.value, tt.note)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"", "/exp goal log G1 4300"},
		{"  ", "/exp goal log G1 4300"},
		{"3,5", "not a value I can log"},
		{"+20", "reads as a change"},
		{"lots", "not a value I can log"},
	} {
		_, _, err := ParseGoalLog(tt.in)
		assertUserError(t, err, tt.want)
	}
}

func TestParseGoalEdit(t *testing.T) {
	u, err := ParseGoalEdit("start:3,000 target:6000", friday, time.UTC)
	if err != nil || u.Start == nil || *u.Start != 3000 || *u.Target != (Target{Value: 6000}) || u.Title != nil {
		t.Fatalf("ParseGoalEdit = %+v, %v", u, err)
	}
	g := Goal{Title: "Grow"}
	g.Edit(u, "U1", friday)
	if !g.HasStart || g.Start != 3000 || g.Target.Value != 6000 {
		t.Errorf("edited goal = %+v, want start 3000, target 6000", g)
	}
	zero, err := ParseGoalEdit("start:0", friday, time.UTC)
	if err != nil || zero.Start == nil || *zero.Start != 0 {
		t.Errorf("ParseGoalEdit(start:0) = %+v, %v; want a start of 0", zero, err)
	}
	for _, tt := range []struct{ in, want string }{
		{"start:lots", "not a value I can log"},
		{"start:+5", "reads as a change"},
		{"start:1 start:2", "given twice"},
		{"start:", "needs a value"},
		{"ice:8/6/9", "`start:`"},
	} {
		_, err := ParseGoalEdit(tt.in, friday, time.UTC)
		assertUserError(t, err, tt.want)
	}
	// An experiment has no start: its baseline is its first check-in.
	_, err = ParseOptions("start:3000", friday, time.UTC)
	assertUserError(t, err, "`start:` is not something I can change")
}

func TestLatestReadings(t *testing.T) {
	t1, t2 := friday.Add(-2*time.Hour), friday.Add(-time.Hour)
	readings := []Reading{
		{Number: 4, Metric: "signups", Value: 300, At: t1},
		{Number: 7, Metric: "Signups ", Value: 640, At: t2},
		{Number: 9, Metric: "signups", Value: 500, At: t2},
		{Number: 4, Metric: "signups", Value: 310, At: t2.Add(-time.Minute)},
		{Number: 5, Metric: "revenue", Value: 9999, At: t2},
		{Number: 6, Metric: "signups", Value: 1, At: friday.Add(time.Hour)}, // after now
	}
	got := LatestReadings(readings, "signups", friday)
	want := []Reading{readings[2], readings[1], readings[3]}
	if len(got) != len(want) {
		t.Fatalf("LatestReadings = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("LatestReadings[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}
