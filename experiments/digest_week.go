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

// StuckBefore returns the instant before which an idea must have been
// created to be stuck in planning as of w, as StuckIdeas judges: the start,
// in w's zone, of the calendar day IdeaStaleDays (DefaultIdeaStaleDays when
// unset) before the day after w.AsOf. An idea created that long ago or more,
// counted in calendar days (see CalendarDaysSince), is stuck.
func StuckBefore(s ChannelSettings, w ReviewWeek) time.Time {
	days := positiveOr(s.IdeaStaleDays, DefaultIdeaStaleDays)
	return DateOf(w.AsOf, w.Loc).AddDays(1 - days).Start(w.Loc)
}

// WeekActivity is what a channel shipped and decided in the reviewed week,
// the instants [From, To] of ReviewWeek.Window. Its lists are capped by
// whoever reads them (they are shown, not counted); the totals count
// everything.
type WeekActivity struct {
	From, To time.Time

	Shipped      []Experiment // launched in the window, earliest launch first
	ShippedTotal int
	Decided      []Experiment // decided in the window, earliest decision first
	DecidedTotal int
	Verdicts     map[Decision]int // decisions in the window by verdict
}

// ReviewLag is how far into an ISO week a digest still reviews the week
// before.
const ReviewLag = 24 * time.Hour

// ReviewWeek is the one ISO week a digest reviews, and the instant it is
// reviewed as of. Every section and number of a digest is computed from it:
// what shipped and was decided in it, the trend that ends with it, the
// tempo over it and the weeks before, the win rate and the stage as of its
// AsOf, and the lists of what was running, quiet, overdue or stuck then.
type ReviewWeek struct {
	Year, Week int       // ISO year and week number
	Start      time.Time // Monday 00:00 of the week in Loc
	End        time.Time // the next Monday 00:00 in Loc; not in the week
	// AsOf is the earlier of now and the week's last millisecond (stored
	// times have no finer grain): nothing after it counts anywhere.
	AsOf time.Time
	Loc  *time.Location
}

// ReviewedWeek returns the week a digest at now reviews in loc: the ISO
// week that holds now − ReviewLag. On a Monday, the default digest day,
// that is the week just ended, reviewed as of its last millisecond, so
// Monday's launches wait for next week's digest; on any later day it is
// the current week so far, so a digest asked for on a Thursday shows this
// week's launches.
func ReviewedWeek(now time.Time, loc *time.Location) ReviewWeek {
	return weekOf(weekMonday(now.Add(-ReviewLag), loc), now, loc)
}

// weekOf returns the ISO week starting on monday, as of the earlier of now
// and its end.
func weekOf(monday Date, now time.Time, loc *time.Location) ReviewWeek {
	y, wk := monday.ISOWeek()
	w := ReviewWeek{Year: y, Week: wk, Start: monday.Start(loc), End: monday.AddDays(7).Start(loc), Loc: loc}
	w.AsOf = now
	if last := w.End.Add(-time.Millisecond); now.After(last) {
		w.AsOf = last
	}
	return w
}

// Label formats the week as "2026-W48".
func (w ReviewWeek) Label() string { return WeekCount{Year: w.Year, Week: w.Week}.Label() }

// Window returns the first and last instants of the week that count: Start
// and AsOf, both included.
func (w ReviewWeek) Window() (from, to time.Time) { return w.Start, w.AsOf }

// Contains reports whether t falls in the Window.
func (w ReviewWeek) Contains(t time.Time) bool { return !t.Before(w.Start) && !t.After(w.AsOf) }

// Partial reports whether the week is still under way at AsOf.
func (w ReviewWeek) Partial() bool { return w.AsOf.Before(w.End.Add(-time.Millisecond)) }

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
	if y, w := monday.ISOWeek(); week < 1 || y != year || w != week {
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
