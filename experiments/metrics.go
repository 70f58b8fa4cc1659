package experiments

import (
	"fmt"
	"slices"
	"time"
)

// Look-back spans besides those in facts.go.
const (
	TempoWeeks   = 4                  // complete ISO weeks the tempo averages over
	RecentWindow = 7 * 24 * time.Hour // "lately", for RecentLaunches
)

// WeekCount is one ISO week of a trend: how many experiments were launched
// and decided in it.
type WeekCount struct {
	Year, Week int       // ISO year and week number
	Start      time.Time // Monday 00:00 of the week, in the channel's zone
	Launches   int
	Decisions  int
}

// Label formats the ISO week as "2026-W48".
func (w WeekCount) Label() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Week) }

// WeeklyTrend counts launches and decisions per ISO week for the last
// TrendWeeks weeks, oldest first; the last element is the current, partial
// week. Weeks are calendar weeks in loc (Monday to Sunday, ISO numbering),
// so a week that spans a DST change is 167 or 169 hours long. A launch counts
// in the week that holds its LaunchedAt in loc, a decision in the week that
// holds its DecidedAt; events after now, and events older than the oldest
// week, are not counted. Weeks with nothing in them are present with zero
// counts.
func WeeklyTrend(launches []LaunchFact, decisions []DecisionFact, now time.Time, loc *time.Location) []WeekCount {
	return weeklyCounts(launches, decisions, now, now, loc, TrendWeeks)
}

// Tempo returns the launches per week over the TempoWeeks complete ISO weeks
// (in loc) before the current one: their launch count divided by TempoWeeks.
// The current, partial week does not count, so the tempo does not dip early
// in the week.
func Tempo(launches []LaunchFact, now time.Time, loc *time.Location) float64 {
	weeks := weeklyCounts(launches, nil, now, now, loc, TempoWeeks+1)
	total := 0
	for _, w := range weeks[:TempoWeeks] {
		total += w.Launches
	}
	return float64(total) / TempoWeeks
}

// RecentLaunches counts the launches with LaunchedAt in (now-RecentWindow,
// now]: exactly 7 days ago is out, now is in. Unlike the current ISO week it
// does not depend on the weekday the digest is posted on.
func RecentLaunches(launches []LaunchFact, now time.Time) int {
	n := 0
	for _, l := range launches {
		if l.LaunchedAt.After(now.Add(-RecentWindow)) && !l.LaunchedAt.After(now) {
			n++
		}
	}
	return n
}

// LookBackStart returns the earliest instant any digest metric looks at: the
// earlier of the start of the oldest trend week (in loc) and now minus
// WinRateWindow. Storage loads the launch and decision facts at or after it.
func LookBackStart(now time.Time, loc *time.Location) time.Time {
	trend := weekMonday(now, loc).AddDays(-7 * (TrendWeeks - 1)).Start(loc)
	window := now.Add(-WinRateWindow)
	if trend.Before(window) {
		return trend
	}
	return window
}

// weeklyCounts counts launches and decisions up to now in the n ISO weeks
// (in loc) that end with the week holding last, oldest first.
func weeklyCounts(launches []LaunchFact, decisions []DecisionFact, last, now time.Time, loc *time.Location, n int) []WeekCount {
	weeks := make([]WeekCount, n)
	index := make(map[[2]int]int, n)
	monday := weekMonday(last, loc)
	for i := range weeks {
		day := monday.AddDays(-7 * (n - 1 - i))
		y, w := time.Date(day.Year, day.Month, day.Day, 12, 0, 0, 0, time.UTC).ISOWeek()
		weeks[i] = WeekCount{Year: y, Week: w, Start: day.Start(loc)}
		index[[2]int{y, w}] = i
	}
	for _, l := range launches {
		if i, ok := weekIndex(index, l.LaunchedAt, now, loc); ok {
			weeks[i].Launches++
		}
	}
	for _, d := range decisions {
		if i, ok := weekIndex(index, d.DecidedAt, now, loc); ok {
			weeks[i].Decisions++
		}
	}
	return weeks
}

// weekIndex returns the position of t's ISO week (in loc) among the indexed
// weeks; false when t is after now or outside them.
func weekIndex(index map[[2]int]int, t, now time.Time, loc *time.Location) (int, bool) {
	if t.After(now) {
		return 0, false
	}
	y, w := t.In(loc).ISOWeek()
	i, ok := index[[2]int{y, w}]
	return i, ok
}

// weekMonday returns the Monday of the ISO week that holds t in loc.
func weekMonday(t time.Time, loc *time.Location) Date {
	day := DateOf(t, loc)
	back := (int(t.In(loc).Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return day.AddDays(-back)
}

// inWindow reports whether t lies in the look-back window (now-WinRateWindow,
// now]: exactly WinRateWindow ago is out, now itself is in.
func inWindow(t, now time.Time) bool {
	return t.After(now.Add(-WinRateWindow)) && !t.After(now)
}

// WinRate returns the share of keeps among the decisions made in the window
// (now-WinRateWindow, now] (exactly 90 days ago is out, now is in), and how
// many decisions that is. Keep, kill and iterate all count as decided; only
// keep is a win, so an iterate lowers the rate like a kill: the bet did not
// pay off as it was. Facts with any other decision value are ignored. With
// no decision in the window both results are 0.
func WinRate(decisions []DecisionFact, now time.Time) (rate float64, decided int) {
	keeps := 0
	for _, d := range decisions {
		if !inWindow(d.DecidedAt, now) || !isVerdict(d.Decision) {
			continue
		}
		decided++
		if d.Decision == DecisionKeep {
			keeps++
		}
	}
	if decided == 0 {
		return 0, 0
	}
	return float64(keeps) / float64(decided), decided
}

// isVerdict reports whether d is keep, kill or iterate.
func isVerdict(d Decision) bool {
	return d == DecisionKeep || d == DecisionKill || d == DecisionIterate
}

// MedianTimeToDecision returns the median time from launch to decision
// (DecidedAt − LaunchedAt) over the decisions counted by WinRate: those in
// the window (now-WinRateWindow, now] with keep, kill or iterate. A fact with
// no LaunchedAt is skipped; a negative span (clock skew) counts as zero. The
// median of an even count is the mean of the two middle values. It returns
// false when no decision qualifies.
func MedianTimeToDecision(decisions []DecisionFact, now time.Time) (time.Duration, bool) {
	var spans []time.Duration
	for _, d := range decisions {
		if inWindow(d.DecidedAt, now) && isVerdict(d.Decision) && !d.LaunchedAt.IsZero() {
			spans = append(spans, max(d.DecidedAt.Sub(d.LaunchedAt), 0))
		}
	}
	return medianDuration(spans)
}

// MedianPlanningLag returns the median time from idea to launch (LaunchedAt
// − CreatedAt) over the launches in the window (now-WinRateWindow, now]. An
// experiment started with `new` skips the idea stage and counts with a lag of
// zero: launching without planning is the point of "shoot first", and it
// should pull the median down. A fact with no CreatedAt is skipped; a
// negative lag counts as zero. The median of an even count is the mean of
// the two middle values. It returns false when no launch qualifies.
func MedianPlanningLag(launches []LaunchFact, now time.Time) (time.Duration, bool) {
	var lags []time.Duration
	for _, l := range launches {
		if inWindow(l.LaunchedAt, now) && !l.CreatedAt.IsZero() {
			lags = append(lags, max(l.LaunchedAt.Sub(l.CreatedAt), 0))
		}
	}
	return medianDuration(lags)
}

// medianDuration returns the median of ds (sorting ds in place); false when empty.
func medianDuration(ds []time.Duration) (time.Duration, bool) {
	if len(ds) == 0 {
		return 0, false
	}
	slices.Sort(ds)
	mid := len(ds) / 2
	if len(ds)%2 == 1 {
		return ds[mid], true
	}
	a, b := ds[mid-1], ds[mid]
	return a + (b-a)/2, true
}
