package experiments

import (
	"fmt"
	"time"
)

// Date is a calendar day with no time and no zone: a deadline is "by Friday",
// whatever the clock says. It is compared with now in the channel's zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar day of t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String formats the date as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Start returns midnight at the start of the day in loc.
func (d Date) Start(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days later (earlier for negative n).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC), time.UTC)
}

// DaysUntil returns the number of calendar days from d to other: 0 for the
// same day, negative when other is earlier. It counts days directly rather
// than through time.Duration, which overflows past about 292 years.
func (d Date) DaysUntil(other Date) int { return other.dayNumber() - d.dayNumber() }

// dayNumber is the count of days since a fixed epoch (proleptic Gregorian),
// normalising out-of-range months and days as time.Date does. A valid day
// of the common era, every deadline, is counted without time.Date: the
// digest counts thousands of deadlines.
func (d Date) dayNumber() int {
	y, yday := d.Year-1, 0
	if d.Year >= 1 && d.Month >= time.January && d.Month <= time.December && d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month) {
		yday = daysBefore[d.Month-1] + d.Day
		if d.Month > time.February && isLeap(d.Year) {
			yday++
		}
	} else {
		t := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
		y, yday = t.Year()-1, t.YearDay()
	}
	return y*365 + y/4 - y/100 + y/400 + yday
}

// daysBefore counts the days of a common year before each month.
var daysBefore = [12]int{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

func isLeap(year int) bool { return year%4 == 0 && (year%100 != 0 || year%400 == 0) }

// daysIn returns the number of days of month m (1–12) of year y.
func daysIn(y int, m time.Month) int {
	if m == time.February && isLeap(y) {
		return 29
	}
	if m == time.December {
		return 31
	}
	return daysBefore[m] - daysBefore[m-1]
}

// Before reports whether d is an earlier day than other.
func (d Date) Before(other Date) bool { return d.DaysUntil(other) > 0 }

// CalendarDaysSince counts the calendar days from t to now in loc, the
// viewer's zone: 0 on the same day, 1 for yesterday, however few hours
// apart; negative when t is on a later day. It is the one way a "days ago",
// "quiet for N days" or "waiting N days" is counted, in DMs, digests and
// lists alike, and the way Quiet and StuckIdeas judge their N days, so a
// DST change shifts no count.
func CalendarDaysSince(t, now time.Time, loc *time.Location) int {
	return DateOf(t, loc).DaysUntil(DateOf(now, loc))
}

// ISOWeek returns the ISO year and week the day d belongs to.
func (d Date) ISOWeek() (year, week int) {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).ISOWeek()
}
