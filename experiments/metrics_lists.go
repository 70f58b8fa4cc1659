package experiments

import (
	"cmp"
	"slices"
	"time"
)

// dayLength is the length of a "day" in durations measured in days: 24 hours,
// whatever DST does to the calendar.
const dayLength = 24 * time.Hour

// Overdue returns the running experiments that are past their deadline:
// the deadline is set and today, the calendar day of now in loc, is after
// the deadline day. An experiment due today is not overdue yet; one due
// yesterday is. The result is ordered by deadline, oldest first, then by
// Number. Experiments that are not running are ignored.
func Overdue(running []Experiment, now time.Time, loc *time.Location) []Experiment {
	return sortedExperiments(running, overdueTest(now, loc), byDeadline)
}

// byDeadline orders experiments by deadline, earliest first, then by
// number.
func byDeadline(a, b *Experiment) int {
	if c := b.Deadline.DaysUntil(a.Deadline); c != 0 {
		return c
	}
	return cmp.Compare(a.Number, b.Number)
}

// overdueTest returns the test of Overdue: whether a running experiment's
// deadline is before today, the calendar day of now in loc.
func overdueTest(now time.Time, loc *time.Location) func(*Experiment) bool {
	today := DateOf(now, loc)
	return func(e *Experiment) bool { return e.Status == StatusRunning && isOverdue(e, today) }
}

// isOverdue reports whether e has a deadline before today.
func isOverdue(e *Experiment, today Date) bool {
	return !e.Deadline.IsZero() && e.Deadline.Before(today)
}

// Quiet returns the running experiments with no recent activity. The last
// activity is LastCheckInAt, or LaunchedAt when there is no check-in; an
// experiment with neither is never quiet. It is quiet when at least
// quietAfterDays calendar days (in loc, see CalendarDaysSince) lie between
// the last activity and now. A quietAfterDays of zero or less means
// DefaultQuietAfterDays. The result is ordered longest-quiet first (oldest
// last activity), then by Number. Experiments that are not running are
// ignored.
func Quiet(running []Experiment, quietAfterDays int, now time.Time, loc *time.Location) []Experiment {
	return sortedExperiments(running, quietTest(quietAfterDays, now, loc), func(a, b *Experiment) int {
		if c := lastActivity(a).Compare(lastActivity(b)); c != 0 {
			return c
		}
		return cmp.Compare(a.Number, b.Number)
	})
}

// quietTest returns the test of Quiet: whether a running experiment's
// last activity lies at least quietAfterDays calendar days before now in
// loc. Today is computed once, not per experiment: CalendarDaysSince
// without the repeated DateOf(now).
func quietTest(quietAfterDays int, now time.Time, loc *time.Location) func(*Experiment) bool {
	limit := positiveOr(quietAfterDays, DefaultQuietAfterDays)
	today := DateOf(now, loc)
	return func(e *Experiment) bool {
		last := lastActivity(e)
		return e.Status == StatusRunning && !last.IsZero() && DateOf(last, loc).DaysUntil(today) >= limit
	}
}

// lastActivity returns the time of e's last check-in, or its launch when it
// has none.
func lastActivity(e *Experiment) time.Time {
	if !e.LastCheckInAt.IsZero() {
		return e.LastCheckInAt
	}
	return e.LaunchedAt
}

// StuckIdeas returns the ideas stuck in planning: at least staleDays
// calendar days (in loc, see CalendarDaysSince) lie between CreatedAt and
// now. A staleDays of zero or less means
// DefaultIdeaStaleDays. The result is ranked by ICE score, highest first
// (unscored ideas, score 0, come last), then oldest CreatedAt first, then by
// Number. Experiments that are not ideas are ignored.
func StuckIdeas(ideas []Experiment, staleDays int, now time.Time, loc *time.Location) []Experiment {
	limit := positiveOr(staleDays, DefaultIdeaStaleDays)
	out := filterExperiments(ideas, func(e *Experiment) bool {
		return e.Status == StatusIdea && CalendarDaysSince(e.CreatedAt, now, loc) >= limit
	})
	RankIdeas(out)
	return out
}

// IdleGoals returns the open goals that no running experiment points at
// (through its GoalID), ordered by Number. Closed goals and experiments that
// are not running are ignored.
func IdleGoals(goals []Goal, running []Experiment) []Goal {
	served := make(map[int64]bool)
	for _, e := range running {
		if e.Status == StatusRunning && e.GoalID != 0 {
			served[e.GoalID] = true
		}
	}
	var out []Goal
	for _, g := range goals {
		if !g.Closed && !served[g.ID] {
			out = append(out, g)
		}
	}
	slices.SortStableFunc(out, func(a, b Goal) int { return cmp.Compare(a.Number, b.Number) })
	return out
}

// Unaligned returns the running experiments that serve no goal (GoalID 0),
// ordered by Number.
func Unaligned(running []Experiment) []Experiment {
	return sortByNumber(filterExperiments(running, func(e *Experiment) bool {
		return e.Status == StatusRunning && e.GoalID == 0
	}))
}

// Aimless returns the running experiments that do not state their metric
// and target (HasAim is false), ordered by Number: "aim later" still means
// aiming before the decision.
func Aimless(running []Experiment) []Experiment {
	return sortByNumber(filterExperiments(running, func(e *Experiment) bool {
		return e.Status == StatusRunning && !e.HasAim()
	}))
}

// filterExperiments returns a new slice of the experiments for which keep
// is true (nil when there are none). It counts them first and allocates
// once: an Experiment is a few hundred bytes, and a digest filters lists of
// thousands, so growing the slice by appending would copy each several
// times.
func filterExperiments(es []Experiment, keep func(*Experiment) bool) []Experiment {
	n := countExperiments(es, keep)
	if n == 0 {
		return nil
	}
	out := make([]Experiment, 0, n)
	for i := range es {
		if keep(&es[i]) {
			out = append(out, es[i])
		}
	}
	return out
}

// sortedExperiments returns the experiments of es that keep is true for,
// ordered by compare. It sorts pointers and then copies each experiment,
// some 400 bytes, once: sorting the experiments themselves moved each
// several times, a fifth of the digest's rules' time.
func sortedExperiments(es []Experiment, keep func(*Experiment) bool, compare func(a, b *Experiment) int) []Experiment {
	var kept []*Experiment
	for i := range es {
		if keep(&es[i]) {
			kept = append(kept, &es[i])
		}
	}
	if len(kept) == 0 {
		return nil
	}
	slices.SortFunc(kept, compare)
	out := make([]Experiment, len(kept))
	for i, e := range kept {
		out[i] = *e
	}
	return out
}

// countExperiments returns how many experiments keep is true for.
func countExperiments(es []Experiment, keep func(*Experiment) bool) int {
	n := 0
	for i := range es {
		if keep(&es[i]) {
			n++
		}
	}
	return n
}

// sortByNumber sorts es by Number in place and returns it.
//
// A number is unique in a team, so every order of experiments that ends
// with their numbers is total: an unstable sort gives the one answer a
// stable one would, and a stable sort (insertion and merges) moved the
// digest's thousand running experiments, some 400 bytes each, many more
// times.
func sortByNumber(es []Experiment) []Experiment {
	slices.SortFunc(es, func(a, b Experiment) int { return cmp.Compare(a.Number, b.Number) })
	return es
}

// positiveOr returns v, or def when v is zero or less.
func positiveOr(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
}
