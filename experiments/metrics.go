package experiments

import (
	"fmt"
	"slices"
	"time"
)

// TempoWeeks is how many ISO weeks the tempo averages over: the reviewed
// week and the ones before it.
const TempoWeeks = 4

// WeekCount is one ISO week of a trend: how many experiments were launched
// and decided in it.
type WeekCount struct {
	Year, Week int       // ISO year and week number
	Start      time.Time // Monday 00:00 of the week, in the channel's zone
	Launches   int
	Decisions  int
	Keeps      int // the decisions to keep: the week's wins
}

// Label formats the ISO week as "2026-W48".
func (w WeekCount) Label() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Week) }

// WeeklyTrend counts launches and decisions per ISO week for the TrendWeeks
// weeks that end with the reviewed week w, oldest first. Weeks are calendar
// weeks in w.Loc (Monday to Sunday, ISO numbering), so a week that spans a
// DST change is 167 or 169 hours long. A launch counts in the week that
// holds its LaunchedAt, a decision in the week that holds its DecidedAt;
// events after w.AsOf, and events older than the oldest week, are not
// counted. The last week's launches are thus exactly the launches in
// w.Window. Weeks with nothing in them are present with zero counts.
func WeeklyTrend(launches []LaunchFact, decisions []DecisionFact, w ReviewWeek) []WeekCount {
	return weeklyCounts(launches, decisions, w, TrendWeeks)
}

// Tempo returns the launches per week over the TempoWeeks ISO weeks that end
// with the reviewed week w (its launches up to w.AsOf included): their
// launch count divided by TempoWeeks. A digest on a Monday reviews the week
// just ended, whole; one asked for later in a week counts that week so far.
func Tempo(launches []LaunchFact, w ReviewWeek) float64 {
	return tempoOf(weeklyCounts(launches, nil, w, TempoWeeks))
}

// tempoOf averages the launches of the last TempoWeeks weeks of a trend
// over TempoWeeks.
func tempoOf(trend []WeekCount) float64 {
	total := 0
	for _, wk := range trend[max(len(trend)-TempoWeeks, 0):] {
		total += wk.Launches
	}
	return float64(total) / TempoWeeks
}

// LookBackStart returns the earliest instant any digest metric of the
// reviewed week w looks at: the earlier of the start of the oldest trend
// week and w.AsOf minus WinRateWindow. Storage loads the launch and
// decision facts from it to w.AsOf.
func LookBackStart(w ReviewWeek) time.Time {
	trend := DateOf(w.Start, w.Loc).AddDays(-7 * (max(TrendWeeks, TempoWeeks, ChartWeeks) - 1)).Start(w.Loc)
	window := w.AsOf.Add(-WinRateWindow)
	if trend.Before(window) {
		return trend
	}
	return window
}

// weeklyCounts counts launches and decisions up to w.AsOf in the n ISO
// weeks (in w.Loc) that end with w, oldest first.
func weeklyCounts(launches []LaunchFact, decisions []DecisionFact, w ReviewWeek, n int) []WeekCount {
	weeks := make([]WeekCount, n)
	index := make(map[[2]int]int, n)
	monday := DateOf(w.Start, w.Loc)
	for i := range weeks {
		day := monday.AddDays(-7 * (n - 1 - i))
		y, wk := day.ISOWeek()
		weeks[i] = WeekCount{Year: y, Week: wk, Start: day.Start(w.Loc)}
		index[[2]int{y, wk}] = i
	}
	for _, l := range launches {
		if i, ok := weekIndex(index, l.LaunchedAt, w.AsOf, w.Loc); ok {
			weeks[i].Launches++
		}
	}
	for _, d := range decisions {
		if i, ok := weekIndex(index, d.DecidedAt, w.AsOf, w.Loc); ok {
			weeks[i].Decisions++
			if d.Decision == DecisionKeep {
				weeks[i].Keeps++
			}
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
	var t winTally
	for _, d := range decisions {
		t.add(d, now)
	}
	return t.rate()
}

// winTally counts decisions as WinRate does, one at a time, so that a
// breakdown (LeverStats) tallies each part by the same rule without
// copying the decisions apart.
type winTally struct{ keeps, decided int }

// add counts d if it is a verdict in the window before now.
func (t *winTally) add(d DecisionFact, now time.Time) {
	if !inWindow(d.DecidedAt, now) || !isVerdict(d.Decision) {
		return
	}
	t.decided++
	if d.Decision == DecisionKeep {
		t.keeps++
	}
}

// rate is WinRate's result of the decisions added.
func (t winTally) rate() (float64, int) {
	if t.decided == 0 {
		return 0, 0
	}
	return float64(t.keeps) / float64(t.decided), t.decided
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
