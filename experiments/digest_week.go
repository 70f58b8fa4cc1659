package experiments

import (
	"regexp"
	"strconv"
	"time"
)

// DigestFacts is what a channel's digest is built from: the Facts its
// metrics need, and the week's activity it lists but computes nothing from.
type DigestFacts struct {
	Facts
	Week WeekActivity
	// HasExperiments is false for a channel with no experiment at all,
	// which gets no digest: there is nothing to review and nobody to nudge.
	HasExperiments bool
	// StuckIdeas counts the ideas stuck in planning (see StuckIdeas). Ideas
	// are the one list no share is computed from, so storage reads only the
	// first few of them, in StuckIdeas' order, into Facts.Ideas: a backlog
	// of thousands costs a count, not thousands of rows.
	StuckIdeas int
}

// StuckBefore returns the creation time at or before which an idea is
// stuck in planning at now, as StuckIdeas judges: now minus the channel's
// IdeaStaleDays (DefaultIdeaStaleDays when unset) of 24 hours.
func StuckBefore(s ChannelSettings, now time.Time) time.Time {
	return now.Add(-time.Duration(positiveOr(s.IdeaStaleDays, DefaultIdeaStaleDays)) * dayLength)
}

// WeekActivity is what a channel shipped and decided in the digest's week,
// the window (From, To] of WeekWindow. Its lists are capped by whoever reads
// them (they are shown, not counted); the totals count everything.
type WeekActivity struct {
	From, To time.Time

	Shipped      []Experiment // launched in the window, earliest launch first
	ShippedTotal int
	Decided      []Experiment // decided in the window, earliest decision first
	DecidedTotal int
	Verdicts     map[Decision]int // decisions in the window by verdict
}

// WeekWindow returns the digest's week ending at now: (now − RecentWindow,
// now], the window of RecentLaunches. A digest posted on a Monday morning
// thus reviews the seven days before it rather than a few hours of the new
// ISO week; the ISO week of now only labels it.
func WeekWindow(now time.Time) (from, to time.Time) {
	return now.Add(-RecentWindow), now
}

// isoWeekLabel matches "2026-W48" (or "2026-w48").
var isoWeekLabel = regexp.MustCompile(`^(\d{4})-[Ww](\d{2})$`)

// ISOWeekEnd returns the last instant, to the millisecond, of the ISO week
// labelled like "2026-W48" in loc: the millisecond before the next Monday
// 00:00 there. A digest "as of" a past week is computed at that instant.
// Milliseconds because stored times have no finer grain, so nothing stored
// falls between it and the next week.
func ISOWeekEnd(label string, loc *time.Location) (time.Time, error) {
	m := isoWeekLabel.FindStringSubmatch(label)
	if m == nil {
		return time.Time{}, Errorf(EINVALID, "%q is not an ISO week: want YYYY-Www, e.g. 2026-W48.", label)
	}
	year, _ := strconv.Atoi(m[1])
	week, _ := strconv.Atoi(m[2])
	monday := isoWeekMonday(year, week)
	if y, w := time.Date(monday.Year, monday.Month, monday.Day, 12, 0, 0, 0, time.UTC).ISOWeek(); week < 1 || y != year || w != week {
		return time.Time{}, Errorf(EINVALID, "%d has no ISO week %d: want YYYY-Www, e.g. %d-W01.", year, week, year)
	}
	return monday.AddDays(7).Start(loc).Add(-time.Millisecond), nil
}

// isoWeekMonday returns the Monday of ISO week (year, week): 4 January is
// always in week 1, so week 1 starts on the Monday on or before it.
func isoWeekMonday(year, week int) Date {
	jan4 := time.Date(year, time.January, 4, 12, 0, 0, 0, time.UTC)
	back := (int(jan4.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return DateOf(jan4, time.UTC).AddDays(-back + 7*(week-1))
}
