package experiments

import (
	"testing"
	"time"
)

// TestSummarizeChartWeeks checks the chart's series: ChartWeeks weeks
// ending with the reviewed one, keeps counted apart, the trend their tail,
// and every decision of them inside what storage loads (LookBackStart).
func TestSummarizeChartWeeks(t *testing.T) {
	utc := metricsClock(t, time.UTC)
	w := ReviewedWeek(utc("2026-11-26 10:00"), time.UTC)
	f := Facts{
		Launches: launchesAt(utc("2026-09-07 09:00"), utc("2026-11-23 09:00"), utc("2026-11-24 09:00")),
		Decisions: []DecisionFact{
			{Decision: DecisionKeep, DecidedAt: utc("2026-09-08 09:00")},
			{Decision: DecisionKill, DecidedAt: utc("2026-09-09 09:00")},
			{Decision: DecisionKeep, DecidedAt: utc("2026-11-25 09:00")},
			{Decision: DecisionIterate, DecidedAt: utc("2026-11-25 10:00")},
		},
	}
	d := Summarize(f, w)
	if len(d.Weeks) != ChartWeeks {
		t.Fatalf("got %d weeks, want %d", len(d.Weeks), ChartWeeks)
	}
	first, last := d.Weeks[0], d.Weeks[ChartWeeks-1]
	if first.Label() != "2026-W37" || last.Label() != "2026-W48" {
		t.Errorf("weeks run %s to %s, want 2026-W37 to 2026-W48", first.Label(), last.Label())
	}
	if first.Launches != 1 || first.Decisions != 2 || first.Keeps != 1 {
		t.Errorf("W37 = %+v, want 1 launch, 2 decisions, 1 keep", first)
	}
	if last.Launches != 2 || last.Decisions != 2 || last.Keeps != 1 {
		t.Errorf("W48 = %+v, want 2 launches, 2 decisions, 1 keep", last)
	}
	for i, wk := range d.Trend {
		if wk != d.Weeks[ChartWeeks-TrendWeeks+i] {
			t.Errorf("trend week %d = %+v, want the chart's %+v", i, wk, d.Weeks[ChartWeeks-TrendWeeks+i])
		}
	}
	if start := LookBackStart(w); start.After(first.Start) {
		t.Errorf("LookBackStart %v is after the chart's first week %v: its launches would not be loaded", start, first.Start)
	}
}
