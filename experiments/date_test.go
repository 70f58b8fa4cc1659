package experiments

import (
	"testing"
	"time"
)

func TestDaysUntil(t *testing.T) {
	tests := []struct {
		from, to Date
		want     int
	}{
		{Date{2026, 11, 26}, Date{2026, 11, 26}, 0},
		{Date{2026, 11, 26}, Date{2026, 11, 27}, 1},
		{Date{2026, 11, 27}, Date{2026, 11, 26}, -1},
		{Date{2026, 12, 31}, Date{2027, 1, 1}, 1},
		{Date{2028, 2, 28}, Date{2028, 3, 1}, 2}, // leap year
		{Date{2100, 2, 28}, Date{2100, 3, 1}, 1}, // not a leap year
		{Date{1900, 1, 1}, Date{2400, 1, 1}, 36524 + 146097},
		{Date{2026, 3, 28}, Date{2026, 3, 30}, 2}, // across Europe's DST change, which Date ignores
	}
	for _, tt := range tests {
		if got := tt.from.DaysUntil(tt.to); got != tt.want {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestDateOfUsesTheZone(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	at := time.Date(2026, 11, 29, 20, 0, 0, 0, time.UTC) // Sunday in UTC, Monday in Tokyo
	if got, want := DateOf(at, tokyo), (Date{2026, 11, 30}); got != want {
		t.Errorf("DateOf in Tokyo = %s, want %s", got, want)
	}
	if got, want := (Date{2026, 11, 30}).AddDays(-30), (Date{2026, 10, 31}); got != want {
		t.Errorf("AddDays(-30) = %s, want %s", got, want)
	}
}

// TestDayNumberCountsAsTimeDate checks the day count of every day from
// year 1 to 3000, and of days out of range (normalised), against
// time.Date's.
func TestDayNumberCountsAsTimeDate(t *testing.T) {
	byTime := func(d Date) int {
		t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
		y := t.Year() - 1
		return y*365 + y/4 - y/100 + y/400 + t.YearDay()
	}
	for day := time.Date(1, 1, 1, 12, 0, 0, 0, time.UTC); day.Year() <= 3000; day = day.AddDate(0, 0, 1) {
		d := DateOf(day, time.UTC)
		if got, want := d.dayNumber(), byTime(d); got != want {
			t.Fatalf("%s: dayNumber = %d, want %d", d, got, want)
		}
	}
	for _, d := range []Date{{}, {2026, 2, 29}, {2026, 13, 1}, {2026, 0, 10}, {2026, 4, 31}, {2026, 1, 0}, {0, 3, 1}, {-5, 6, 15}} {
		if got, want := d.dayNumber(), byTime(d); got != want {
			t.Errorf("%+v: dayNumber = %d, want %d", d, got, want)
		}
	}
}
