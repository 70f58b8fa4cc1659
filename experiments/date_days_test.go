package experiments

import (
	"testing"
	"time"
)

// TestCalendarDaysSince varies the zone and the instants, DST changes
// included: days are calendar days in the viewer's zone, whatever the hours.
func TestCalendarDaysSince(t *testing.T) {
	tests := []struct {
		zone, from, to string
		want           int
	}{
		{"UTC", "2026-11-26 23:59", "2026-11-27 00:00", 1},                  // a minute, but yesterday
		{"UTC", "2026-11-26 00:00", "2026-11-26 23:59", 0},                  // a day's hours, but today
		{"UTC", "2026-10-30 09:00", "2026-11-27 08:00", 28},                 // 27 days and 23 hours: 28 days ago
		{"America/Los_Angeles", "2026-10-30 09:00", "2026-11-27 08:00", 28}, // across the fall-back
		{"America/Los_Angeles", "2026-11-01 00:30", "2026-11-01 23:30", 0},  // the 25-hour day
		{"America/Los_Angeles", "2026-03-07 23:30", "2026-03-09 00:30", 2},  // across the 23-hour day
		{"Europe/Rome", "2026-03-28 12:00", "2026-03-30 11:00", 2},          // 47 hours, two days
		{"Asia/Tokyo", "2026-11-29 23:00", "2026-11-30 01:00", 1},
		{"Australia/Lord_Howe", "2026-10-03 12:00", "2026-10-05 12:00", 2}, // a half-hour DST change
		{"UTC", "2026-11-27 10:00", "2026-11-26 10:00", -1},                // a later day is negative
	}
	for _, tt := range tests {
		loc := metricsZone(t, tt.zone)
		at := metricsClock(t, loc)
		if got := CalendarDaysSince(at(tt.from), at(tt.to), loc); got != tt.want {
			t.Errorf("CalendarDaysSince(%s, %s) in %s = %d, want %d", tt.from, tt.to, tt.zone, got, tt.want)
		}
	}
}

// TestCalendarDaysSinceDependsOnTheViewer checks that one pair of instants
// is a different count of days in different zones: the viewer's calendar
// decides, not the hours between.
func TestCalendarDaysSinceDependsOnTheViewer(t *testing.T) {
	from := time.Date(2026, 11, 26, 20, 0, 0, 0, time.UTC)
	to := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	for zone, want := range map[string]int{"UTC": 1, "Asia/Tokyo": 0, "America/Los_Angeles": 0, "Europe/London": 1} {
		if got := CalendarDaysSince(from, to, metricsZone(t, zone)); got != want {
			t.Errorf("in %s: %d days, want %d", zone, got, want)
		}
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		got, want string
	}{
		{CountOf(0, "launch"), "0 launches"},
		{CountOf(1, "launch"), "1 launch"},
		{CountOf(2, "day"), "2 days"},
		{CountOf(1, "decision"), "1 decision"},
		{PerWeek(1, "launch"), "1 launch a week"},
		{PerWeek(0, "launch"), "0 launches a week"},
		{PerWeek(1.25, "launch"), "1.25 launches a week"},
		{PerWeek(0.999, "launch"), "1 launch a week"}, // as shown, rounded
		{Plural(2, "box"), "boxes"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}
