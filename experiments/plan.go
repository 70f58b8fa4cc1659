package experiments

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// The 90-day plan: the channel's open goals, soonest deadline first, each
// with the days left, the experiments serving it, the latest value of its
// metric against its target and the next move. `/exp plan` shows it whole;
// the digest shows one line a goal, as of the end of its reviewed week.

// GoalNudgeDays is how close to its deadline a goal with nothing kept is
// nudged (close it, extend it, or shoot): within this many days, or past.
const GoalNudgeDays = 14

// PlanListCap is how many experiments of each group (running, kept,
// killed, iterated) the plan names before "+N".
const PlanListCap = 5

// SameMetric reports whether two metric names are the same metric: equal
// but for case and surrounding spaces, so `Signups` on an experiment
// measures a goal's `signups`. The plan's value against a goal's target
// reads only experiments whose metric is the goal's by this rule.
func SameMetric(a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	return a != "" && strings.EqualFold(a, b)
}

// DaysLeft counts the calendar days from now to deadline in loc, as every
// "N days left" is counted (see CalendarDaysSince): 0 on the day itself,
// negative once it has passed.
func DaysLeft(deadline Date, now time.Time, loc *time.Location) int {
	return DateOf(now, loc).DaysUntil(deadline)
}

// Reading is a value logged on an experiment serving a goal: the latest
// check-in with a value, by the plan's instant, of experiment Number.
type Reading struct {
	GoalID int64
	Number int    // the experiment's number
	Metric string // the experiment's metric
	Value  float64
	At     time.Time
}

// GoalRecord is what was decided for one goal by the plan's instant: the
// decisions of the experiments serving it by verdict, the numbers of the
// latest few of each (newest first, for `/exp plan`; the digest, which
// shows the keeps alone, reads neither these nor the other verdicts), its
// own values, and, while it has none, the readings of the experiments
// serving it on its metric, shown beside the hint to log the goal's own.
type GoalRecord struct {
	Decided  map[Decision]int
	Latest   map[Decision][]int
	Values   GoalValues
	Readings []Reading
}

// PlanFacts is what a channel's plan is computed from, read by storage as
// of one instant.
type PlanFacts struct {
	Goals   []Goal       // goals open at the instant (closed since included, see goalsAsOf)
	Running []Experiment // running at the instant, brief (ID, Number, GoalID, Deadline, LaunchedAt)
	// Ideas are the candidates of each goal's top idea: all ideas, or at
	// least the best of each goal by IdeaOrder (as storage reads them).
	Ideas   []Experiment
	Records map[int64]GoalRecord // by goal ID; a goal with no decision and no reading may be missing
}

// MoveKind is what a goal needs next.
type MoveKind int

// The next moves, in the order the plan weighs them: an experiment past
// its deadline is decided first; a goal with nothing running gets its top
// idea launched, or an idea saved; otherwise its tests run.
const (
	MoveDecide MoveKind = iota // Experiment is past its deadline: decide it
	MoveLaunch                 // nothing runs: launch Experiment, the goal's top idea
	MoveIdea                   // nothing runs and no idea serves it: save one
	MoveRun                    // tests run on schedule; Experiment is due first
)

// Move is a goal's next move.
type Move struct {
	Kind       MoveKind
	Experiment Experiment // the overdue experiment, the idea to launch, or the running one due first
}

// GoalPlan is one open goal in the plan.
type GoalPlan struct {
	Goal        Goal
	HasDeadline bool
	DaysLeft    int // see DaysLeft; 0 with no deadline

	Running  []Experiment // serving it, running at the instant, by number
	Kept     int
	Killed   int
	Iterated int // an iterate's follow-up runs on, and counts there
	Latest   map[Decision][]int

	// Progress is the goal's own: from its start to its target, by its
	// latest value (MeasureGoal).
	Progress GoalProgress
	// Readings are, while the goal has no value of its own, the latest
	// value of each experiment serving it with its metric (SameMetric),
	// latest first; Reading is the first of them. An experiment's value is
	// its own and never the goal's.
	Readings   []Reading
	Reading    Reading
	HasReading bool

	Move Move
	// Nudge is set for a goal near its deadline (GoalNudgeDays) or past it
	// with nothing kept: close it, extend it, or shoot.
	Nudge bool
}

// Plan computes the plan of a channel's facts as of now, with calendar
// days in loc: one GoalPlan for each goal open then, the soonest deadline
// first, those with none last, then by number.
func Plan(f PlanFacts, now time.Time, loc *time.Location) []GoalPlan {
	goals := slices.DeleteFunc(goalsAsOf(f.Goals, now), func(g Goal) bool { return g.Closed })
	running := runningAsOf(f.Running, now)
	plans := make([]GoalPlan, 0, len(goals))
	for _, g := range goals {
		p := GoalPlan{Goal: g, HasDeadline: !g.Deadline.IsZero()}
		if p.HasDeadline {
			p.DaysLeft = DaysLeft(g.Deadline, now, loc)
		}
		p.Running = sortByNumber(filterExperiments(running, func(e *Experiment) bool { return e.GoalID == g.ID }))
		p.record(f.Records[g.ID], now, loc)
		p.Move = nextMove(p, f.Ideas, goals, running, now, loc)
		p.Nudge = p.HasDeadline && p.DaysLeft <= GoalNudgeDays && p.Kept == 0
		plans = append(plans, p)
	}
	slices.SortStableFunc(plans, comparePlans)
	return plans
}

// record fills in the decisions, the progress and the readings of p from
// r, with calendar days in loc.
func (p *GoalPlan) record(r GoalRecord, now time.Time, loc *time.Location) {
	p.Kept, p.Killed, p.Iterated = r.Decided[DecisionKeep], r.Decided[DecisionKill], r.Decided[DecisionIterate]
	p.Latest = r.Latest
	p.Progress = MeasureGoal(p.Goal, r.Values, loc)
	p.Readings = LatestReadings(r.Readings, p.Goal.Metric, now)
	if len(p.Readings) > 0 {
		p.Reading, p.HasReading = p.Readings[0], true
	}
}

// LatestReadings returns the readings logged by now on the metric metric
// (SameMetric), one per experiment (its latest), the latest first and the
// higher experiment number first on a tie, so its first is LatestReading.
func LatestReadings(readings []Reading, metric string, now time.Time) []Reading {
	latest := map[int]Reading{}
	for _, r := range readings {
		if !SameMetric(r.Metric, metric) || r.At.After(now) {
			continue
		}
		if old, ok := latest[r.Number]; !ok || r.At.After(old.At) {
			latest[r.Number] = r
		}
	}
	list := make([]Reading, 0, len(latest))
	for _, r := range latest {
		list = append(list, r)
	}
	slices.SortFunc(list, func(a, b Reading) int {
		if c := b.At.Compare(a.At); c != 0 {
			return c
		}
		return cmp.Compare(b.Number, a.Number)
	})
	return list
}

// LatestReading returns the latest of readings logged by now on the metric
// metric (SameMetric), the latest experiment number first on a tie; false
// when there is none.
func LatestReading(readings []Reading, metric string, now time.Time) (Reading, bool) {
	var best Reading
	found := false
	for _, r := range readings {
		if !SameMetric(r.Metric, metric) || r.At.After(now) {
			continue
		}
		if !found || r.At.After(best.At) || r.At.Equal(best.At) && r.Number > best.Number {
			best, found = r, true
		}
	}
	return best, found
}

// nextMove weighs what p's goal needs next: the running experiment most
// overdue, else with nothing running its top idea by IdeaOrder (or an idea
// to save), else the running experiment due first.
func nextMove(p GoalPlan, ideas []Experiment, goals []Goal, running []Experiment, now time.Time, loc *time.Location) Move {
	if overdue := Overdue(p.Running, now, loc); len(overdue) > 0 {
		return Move{Kind: MoveDecide, Experiment: overdue[0]}
	}
	if len(p.Running) == 0 {
		mine := filterExperiments(ideas, func(e *Experiment) bool { return e.GoalID == p.Goal.ID })
		if pick, ok := NextIdea(mine, goals, running, nil, now, loc); ok {
			return Move{Kind: MoveLaunch, Experiment: pick.Idea}
		}
		return Move{Kind: MoveIdea}
	}
	first := slices.MinFunc(p.Running, compareDue)
	return Move{Kind: MoveRun, Experiment: first}
}

// compareDue orders experiments by deadline, soonest first, those with
// none last, then by number.
func compareDue(a, b Experiment) int {
	if c := compareDeadlines(a.Deadline, b.Deadline); c != 0 {
		return c
	}
	return cmp.Compare(a.Number, b.Number)
}

// comparePlans orders goals by deadline, soonest first, those with none
// last, then by number.
func comparePlans(a, b GoalPlan) int {
	if c := compareDeadlines(a.Goal.Deadline, b.Goal.Deadline); c != 0 {
		return c
	}
	return cmp.Compare(a.Goal.Number, b.Goal.Number)
}

// compareDeadlines orders dates, the zero date (no deadline) last.
func compareDeadlines(a, b Date) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return b.DaysUntil(a)
}
