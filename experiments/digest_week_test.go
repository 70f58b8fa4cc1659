package experiments

import (
	"testing"
	"time"
)

// TestISOWeekEnd varies the label: the end is the millisecond before the
// next Monday in the zone, DST weeks included, and labels of weeks that do
// not exist are refused.
func TestISOWeekEnd(t *testing.T) {
	rome := metricsZone(t, "Europe/Rome")
	tests := []struct {
		label string
		want  string // in Rome; "" for an error
	}{
		{"2026-W48", "2026-11-29 23:59:59.999 +0100"},
		{"2026-w48", "2026-11-29 23:59:59.999 +0100"},
		{"2026-W01", "2026-01-04 23:59:59.999 +0100"}, // week 1 starts in December 2025
		{"2026-W53", "2027-01-03 23:59:59.999 +0100"}, // 2026 starts on a Thursday: 53 weeks
		{"2020-W53", "2021-01-03 23:59:59.999 +0100"},
		{"2026-W13", "2026-03-29 23:59:59.999 +0200"}, // clocks go forward that Sunday
		{"2026-W44", "2026-11-01 23:59:59.999 +0100"}, // the week clocks go back
		{"2025-W53", ""}, // 2025 has 52 weeks
		{"2026-W00", ""},
		{"2026-W54", ""},
		{"2026W48", ""},
		{"2026-48", ""},
		{"26-W48", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got, err := ISOWeekEnd(tt.label, rome)
		switch {
		case tt.want == "" && ErrorCode(err) != EINVALID:
			t.Errorf("ISOWeekEnd(%q) = %v, %v; want an EINVALID error", tt.label, got, err)
		case tt.want != "" && (err != nil || got.In(rome).Format("2006-01-02 15:04:05.000 -0700") != tt.want):
			t.Errorf("ISOWeekEnd(%q) = %v, %v; want %s", tt.label, got.In(rome), err, tt.want)
		}
	}
}

// TestISOWeekEndLabelsItsWeek checks that a digest computed at the end of a
// week, and until ReviewLag after it, is headed with that week,
// for every week of a few years.
func TestISOWeekEndLabelsItsWeek(t *testing.T) {
	for _, zone := range []string{"Europe/Rome", "Pacific/Kiritimati", "America/Los_Angeles"} {
		loc := metricsZone(t, zone)
		for day := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC); day.Year() < 2028; day = day.AddDate(0, 0, 7) {
			y, w := day.ISOWeek()
			label := WeekCount{Year: y, Week: w}.Label()
			end, err := ISOWeekEnd(label, loc)
			if err != nil {
				t.Fatalf("ISOWeekEnd(%q, %s): %v", label, zone, err)
			}
			if got := Summarize(Facts{}, end, loc).Week; got != label {
				t.Errorf("digest at the end of %s in %s is headed %s", label, zone, got)
			}
			if got := Summarize(Facts{}, end.Add(ReviewLag), loc).Week; got != label {
				t.Errorf("ReviewLag after the end of %s in %s is headed %s", label, zone, got)
			}
			if got := Summarize(Facts{}, end.Add(ReviewLag+time.Millisecond), loc).Week; got == label {
				t.Errorf("more than ReviewLag after the end of %s in %s is still %s", label, zone, got)
			}
		}
	}
}

func TestWeekWindow(t *testing.T) {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	from, to := WeekWindow(now)
	if got, want := from, now.Add(-7*24*time.Hour); !got.Equal(want) || !to.Equal(now) {
		t.Errorf("WeekWindow(%v) = (%v, %v], want (%v, %v]", now, from, to, want, now)
	}
	// The week's launches are the ones RecentLaunches counts.
	launches := []LaunchFact{{LaunchedAt: from}, {LaunchedAt: from.Add(time.Millisecond)}, {LaunchedAt: to}}
	if got := RecentLaunches(launches, now); got != 2 {
		t.Errorf("RecentLaunches over the window's edges = %d, want 2 (from is out, to is in)", got)
	}
}

// TestStuckBefore checks the bound against StuckIdeas itself: an idea
// created at StuckBefore is stuck, one a millisecond later is not.
func TestStuckBefore(t *testing.T) {
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for _, days := range []int{0, 1, 14, 30} {
		s := ChannelSettings{IdeaStaleDays: days}
		bound := StuckBefore(s, now)
		ideas := []Experiment{
			{Number: 1, Status: StatusIdea, CreatedAt: bound},
			{Number: 2, Status: StatusIdea, CreatedAt: bound.Add(time.Millisecond)},
		}
		got := StuckIdeas(ideas, days, now)
		if len(got) != 1 || got[0].Number != 1 {
			t.Errorf("stale days %d: StuckIdeas at the bound = %v, want only #1", days, experimentNumbers(got))
		}
	}
}
