package experiments

import (
	"testing"
	"time"
	_ "time/tzdata" // the zone tests must not depend on the host's zoneinfo
)

// metricsZone loads an IANA zone or fails the test.
func metricsZone(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

// metricsClock returns a parser of "2006-01-02 15:04" wall times in loc.
func metricsClock(tb testing.TB, loc *time.Location) func(string) time.Time {
	return func(s string) time.Time {
		tb.Helper()
		t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			tb.Fatalf("parse %q: %v", s, err)
		}
		return t
	}
}

// weekSummary is a WeekCount without its Start, for compact wants.
type weekSummary struct {
	label               string
	launches, decisions int
}

func summarizeWeeks(weeks []WeekCount) []weekSummary {
	out := make([]weekSummary, len(weeks))
	for i, w := range weeks {
		out[i] = weekSummary{w.Label(), w.Launches, w.Decisions}
	}
	return out
}

func launchesAt(ts ...time.Time) []LaunchFact {
	out := make([]LaunchFact, len(ts))
	for i, t := range ts {
		out[i] = LaunchFact{CreatedAt: t, LaunchedAt: t}
	}
	return out
}

func TestWeeklyTrend(t *testing.T) {
	utc := metricsClock(t, time.UTC)
	rome := metricsClock(t, metricsZone(t, "Europe/Rome"))
	tokyo := metricsZone(t, "Asia/Tokyo")
	tests := []struct {
		name      string
		now       time.Time
		loc       *time.Location
		launches  []LaunchFact
		decisions []DecisionFact
		want      []weekSummary
	}{
		{"empty", utc("2026-11-26 10:00"), time.UTC, nil, nil, []weekSummary{
			{"2026-W41", 0, 0}, {"2026-W42", 0, 0}, {"2026-W43", 0, 0}, {"2026-W44", 0, 0},
			{"2026-W45", 0, 0}, {"2026-W46", 0, 0}, {"2026-W47", 0, 0}, {"2026-W48", 0, 0}}},
		{"year boundary with 2026-W53", utc("2027-01-20 12:00"), time.UTC,
			launchesAt(utc("2026-11-29 23:59"), utc("2026-11-30 00:00"), utc("2027-01-01 09:00"),
				utc("2027-01-03 23:59"), utc("2027-01-20 12:00"), utc("2027-01-20 12:01")),
			[]DecisionFact{{Decision: DecisionKeep, DecidedAt: utc("2027-01-04 00:00")}},
			[]weekSummary{
				{"2026-W49", 1, 0}, {"2026-W50", 0, 0}, {"2026-W51", 0, 0}, {"2026-W52", 0, 0},
				{"2026-W53", 2, 0}, {"2027-W01", 0, 1}, {"2027-W02", 0, 0}, {"2027-W03", 1, 0}}},
		{"spring DST in Rome", rome("2026-04-01 12:00"), metricsZone(t, "Europe/Rome"),
			launchesAt(rome("2026-03-29 23:30"), rome("2026-03-30 00:30"), rome("2026-03-23 00:00")),
			nil,
			[]weekSummary{
				{"2026-W07", 0, 0}, {"2026-W08", 0, 0}, {"2026-W09", 0, 0}, {"2026-W10", 0, 0},
				{"2026-W11", 0, 0}, {"2026-W12", 0, 0}, {"2026-W13", 2, 0}, {"2026-W14", 1, 0}}},
		{"Monday in Tokyo reviews the week just ended; Monday's launch waits", utc("2026-11-29 20:00"), tokyo,
			launchesAt(utc("2026-11-29 10:00"), utc("2026-11-29 16:00")), nil,
			[]weekSummary{
				{"2026-W41", 0, 0}, {"2026-W42", 0, 0}, {"2026-W43", 0, 0}, {"2026-W44", 0, 0},
				{"2026-W45", 0, 0}, {"2026-W46", 0, 0}, {"2026-W47", 0, 0}, {"2026-W48", 1, 0}}},
		{"same instant is still Sunday in UTC", utc("2026-11-29 20:00"), time.UTC,
			launchesAt(utc("2026-11-29 10:00"), utc("2026-11-29 16:00")), nil,
			[]weekSummary{
				{"2026-W41", 0, 0}, {"2026-W42", 0, 0}, {"2026-W43", 0, 0}, {"2026-W44", 0, 0},
				{"2026-W45", 0, 0}, {"2026-W46", 0, 0}, {"2026-W47", 0, 0}, {"2026-W48", 2, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarizeWeeks(WeeklyTrend(tt.launches, tt.decisions, ReviewedWeek(tt.now, tt.loc)))
			if len(got) != len(tt.want) {
				t.Fatalf("got %d weeks, want %d: %v", len(got), len(tt.want), got)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("week %d: got %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestWeeklyTrendStarts(t *testing.T) {
	loc := metricsZone(t, "Europe/Rome")
	rome := metricsClock(t, loc)
	tests := []struct {
		name      string
		now       time.Time
		wantLast  time.Time
		wantSpan  time.Duration // from the start of the previous week
		wantWeeks int
	}{
		{"spring forward", rome("2026-04-01 12:00"), rome("2026-03-30 00:00"), 167 * time.Hour, TrendWeeks},
		{"fall back", rome("2026-10-28 12:00"), rome("2026-10-26 00:00"), 169 * time.Hour, TrendWeeks},
		{"plain week", rome("2026-11-26 12:00"), rome("2026-11-23 00:00"), 168 * time.Hour, TrendWeeks},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			weeks := WeeklyTrend(nil, nil, ReviewedWeek(tt.now, loc))
			if len(weeks) != tt.wantWeeks {
				t.Fatalf("got %d weeks, want %d", len(weeks), tt.wantWeeks)
			}
			last, prev := weeks[len(weeks)-1], weeks[len(weeks)-2]
			if !last.Start.Equal(tt.wantLast) {
				t.Errorf("last week starts %v, want %v", last.Start, tt.wantLast)
			}
			if got := last.Start.Sub(prev.Start); got != tt.wantSpan {
				t.Errorf("previous week lasted %v, want %v", got, tt.wantSpan)
			}
		})
	}
}

func TestTempo(t *testing.T) {
	utc := metricsClock(t, time.UTC)
	now := utc("2026-11-25 10:00") // Wednesday of 2026-W48: W45–W48, W48 so far
	tests := []struct {
		name     string
		launches []LaunchFact
		want     float64
	}{
		{"empty", nil, 0},
		{"first instant of the oldest week counts", launchesAt(utc("2026-11-02 00:00")), 0.25},
		{"the week before does not", launchesAt(utc("2026-11-01 23:59")), 0},
		{"the reviewed week counts", launchesAt(utc("2026-11-23 00:00"), utc("2026-11-25 10:00")), 0.5},
		{"after now does not", launchesAt(utc("2026-11-25 10:01")), 0},
		{"twelve over four weeks", launchesAt(
			utc("2026-11-02 09:00"), utc("2026-11-03 09:00"), utc("2026-11-04 09:00"),
			utc("2026-11-09 09:00"), utc("2026-11-10 09:00"), utc("2026-11-11 09:00"),
			utc("2026-11-16 09:00"), utc("2026-11-17 09:00"), utc("2026-11-18 09:00"),
			utc("2026-11-23 09:00"), utc("2026-11-24 09:00"), utc("2026-11-25 09:00")), 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tempo(tt.launches, ReviewedWeek(now, time.UTC)); got != tt.want {
				t.Errorf("Tempo = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestTempoOnMonday checks that a Monday digest counts the week just ended,
// not Monday's launches.
func TestTempoOnMonday(t *testing.T) {
	utc := metricsClock(t, time.UTC)
	launches := launchesAt(utc("2026-11-27 09:00"), utc("2026-11-30 08:00"), utc("2026-11-30 08:30"))
	if got := Tempo(launches, ReviewedWeek(utc("2026-11-30 09:00"), time.UTC)); got != 0.25 {
		t.Errorf("Tempo on Monday = %v, want 0.25 (Friday's launch; Monday's two belong to next week)", got)
	}
}

func TestLookBackStart(t *testing.T) {
	w := ReviewedWeek(metricsClock(t, time.UTC)("2026-11-26 10:00"), time.UTC)
	want := w.AsOf.Add(-WinRateWindow) // 90 days reach further back than 8 ISO weeks
	if got := LookBackStart(w); !got.Equal(want) {
		t.Errorf("LookBackStart = %v, want %v", got, want)
	}
	trendStart := WeeklyTrend(nil, nil, w)[0].Start
	if got := LookBackStart(w); got.After(trendStart) {
		t.Errorf("LookBackStart = %v, after the trend start %v", got, trendStart)
	}
}

func decisionAt(d Decision, launched, at time.Time) DecisionFact {
	return DecisionFact{Decision: d, LaunchedAt: launched, DecidedAt: at}
}

func TestWinRate(t *testing.T) {
	now := metricsClock(t, time.UTC)("2026-11-26 10:00")
	day := 24 * time.Hour
	l := now.Add(-100 * day)
	tests := []struct {
		name        string
		decisions   []DecisionFact
		wantRate    float64
		wantDecided int
	}{
		{"empty", nil, 0, 0},
		{"iterate and kill are decided but not wins", []DecisionFact{
			decisionAt(DecisionKeep, l, now.Add(-day)), decisionAt(DecisionKill, l, now.Add(-day)),
			decisionAt(DecisionIterate, l, now.Add(-day)), decisionAt(DecisionIterate, l, now.Add(-day))}, 0.25, 4},
		{"exactly 90 days ago is out", []DecisionFact{decisionAt(DecisionKeep, l, now.Add(-WinRateWindow))}, 0, 0},
		{"just inside 90 days is in", []DecisionFact{
			decisionAt(DecisionKeep, l, now.Add(-WinRateWindow+time.Nanosecond))}, 1, 1},
		{"now is in, later is out", []DecisionFact{
			decisionAt(DecisionKill, l, now), decisionAt(DecisionKeep, l, now.Add(time.Second))}, 0, 1},
		{"no decision value is ignored", []DecisionFact{
			decisionAt(DecisionNone, l, now.Add(-day)), decisionAt(DecisionKeep, l, now.Add(-day))}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rate, n := WinRate(tt.decisions, now)
			if rate != tt.wantRate || n != tt.wantDecided {
				t.Errorf("WinRate = %v, %d; want %v, %d", rate, n, tt.wantRate, tt.wantDecided)
			}
		})
	}
}

func TestMedianTimeToDecision(t *testing.T) {
	now := metricsClock(t, time.UTC)("2026-11-26 10:00")
	h := time.Hour
	span := func(d time.Duration) DecisionFact { return decisionAt(DecisionKill, now.Add(-h-d), now.Add(-h)) }
	tests := []struct {
		name      string
		decisions []DecisionFact
		want      time.Duration
		wantOK    bool
	}{
		{"empty", nil, 0, false},
		{"odd count", []DecisionFact{span(3 * h), span(1 * h), span(2 * h)}, 2 * h, true},
		{"even count is the mean of the middle two", []DecisionFact{span(10 * h), span(1 * h), span(4 * h), span(2 * h)}, 3 * h, true},
		{"outside the window is ignored", []DecisionFact{
			span(5 * h), decisionAt(DecisionKeep, now.Add(-WinRateWindow-h), now.Add(-WinRateWindow))}, 5 * h, true},
		{"no launch time is skipped", []DecisionFact{decisionAt(DecisionKeep, time.Time{}, now)}, 0, false},
		{"negative span counts as zero", []DecisionFact{decisionAt(DecisionKeep, now, now.Add(-h))}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := MedianTimeToDecision(tt.decisions, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("MedianTimeToDecision = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestMedianPlanningLag(t *testing.T) {
	now := metricsClock(t, time.UTC)("2026-11-26 10:00")
	h := time.Hour
	lag := func(d time.Duration) LaunchFact {
		return LaunchFact{CreatedAt: now.Add(-h - d), LaunchedAt: now.Add(-h)}
	}
	tests := []struct {
		name     string
		launches []LaunchFact
		want     time.Duration
		wantOK   bool
	}{
		{"empty", nil, 0, false},
		{"launches with new count as zero", []LaunchFact{lag(0), lag(48 * h), lag(0)}, 0, true},
		{"even count is the mean of the middle two", []LaunchFact{lag(0), lag(24 * h)}, 12 * h, true},
		{"exactly 90 days ago is out", []LaunchFact{
			lag(6 * h), {CreatedAt: now.Add(-WinRateWindow - h), LaunchedAt: now.Add(-WinRateWindow)}}, 6 * h, true},
		{"no creation time is skipped", []LaunchFact{{LaunchedAt: now}}, 0, false},
		{"negative lag counts as zero", []LaunchFact{{CreatedAt: now, LaunchedAt: now.Add(-h)}}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := MedianPlanningLag(tt.launches, now)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("MedianPlanningLag = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}
