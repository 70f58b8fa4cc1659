package experiments

import (
	"fmt"
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
			if got := Summarize(Facts{}, ReviewedWeek(end, loc)).Week; got != label {
				t.Errorf("digest at the end of %s in %s is headed %s", label, zone, got)
			}
			if got := Summarize(Facts{}, ReviewedWeek(end.Add(ReviewLag), loc)).Week; got != label {
				t.Errorf("ReviewLag after the end of %s in %s is headed %s", label, zone, got)
			}
			if got := Summarize(Facts{}, ReviewedWeek(end.Add(ReviewLag+time.Millisecond), loc)).Week; got == label {
				t.Errorf("more than ReviewLag after the end of %s in %s is still %s", label, zone, got)
			}
		}
	}
}

// TestReviewWeekBounds varies the weekday and hour: the week is the ISO
// week of now − ReviewLag, its window starts on its Monday 00:00 and ends
// at the earlier of now and its last millisecond.
func TestReviewWeekBounds(t *testing.T) {
	la := metricsZone(t, "America/Los_Angeles")
	at := metricsClock(t, la)
	tests := []struct {
		now, label, start, asOf string
		partial                 bool
	}{
		{"2026-11-30 09:00", "2026-W48", "2026-11-23 00:00", "2026-11-29 23:59:59.999", false}, // Monday: last week, whole
		{"2026-11-30 23:59", "2026-W48", "2026-11-23 00:00", "2026-11-29 23:59:59.999", false},
		{"2026-12-01 00:00", "2026-W49", "2026-11-30 00:00", "2026-12-01 00:00:00.000", true}, // Tuesday: this week so far
		{"2026-12-06 23:59", "2026-W49", "2026-11-30 00:00", "2026-12-06 23:59:00.000", true},
		{"2026-11-03 10:00", "2026-W45", "2026-11-02 00:00", "2026-11-03 10:00:00.000", true}, // the week after clocks go back
		{"2026-11-02 10:00", "2026-W44", "2026-10-26 00:00", "2026-11-01 23:59:59.999", false},
	}
	for _, tt := range tests {
		w := ReviewedWeek(at(tt.now), la)
		from, to := w.Window()
		got := [4]string{w.Label(), from.In(la).Format("2006-01-02 15:04"), to.In(la).Format("2006-01-02 15:04:05.000"), fmt.Sprint(w.Partial())}
		want := [4]string{tt.label, tt.start, tt.asOf, fmt.Sprint(tt.partial)}
		if got != want {
			t.Errorf("ReviewedWeek(%s) = %v, want %v", tt.now, got, want)
		}
		if !w.Contains(from) || !w.Contains(to) || w.Contains(from.Add(-time.Millisecond)) || w.Contains(to.Add(time.Millisecond)) {
			t.Errorf("ReviewedWeek(%s): Contains disagrees with the window [%v, %v]", tt.now, from, to)
		}
	}
}

// TestStuckBefore checks the bound against StuckIdeas itself: an idea
// created a millisecond before StuckBefore is stuck, one at it is not.
func TestStuckBefore(t *testing.T) {
	for _, zone := range []string{"UTC", "Europe/Rome", "America/Los_Angeles"} {
		loc := metricsZone(t, zone)
		w := ReviewedWeek(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), loc)
		for _, days := range []int{0, 1, 14, 30} {
			s := ChannelSettings{IdeaStaleDays: days}
			bound := StuckBefore(s, w)
			ideas := []Experiment{
				{Number: 1, Status: StatusIdea, CreatedAt: bound.Add(-time.Millisecond)},
				{Number: 2, Status: StatusIdea, CreatedAt: bound},
			}
			got := StuckIdeas(ideas, days, w.AsOf, loc)
			if len(got) != 1 || got[0].Number != 1 {
				t.Errorf("%s, stale days %d: StuckIdeas at the bound = %v, want only #1", zone, days, experimentNumbers(got))
			}
		}
	}
}
