package experiments

import (
	"fmt"
	"math"
	"strings"
)

// stageFacts is what the next step of a stage is worked out from: the
// channel as of the reviewed week's end.
type stageFacts struct {
	running  []Experiment // running as of the review
	quiet    []Experiment // see Quiet, oldest activity first
	overdue  []Experiment // see Overdue
	today    Date         // the review's day, in its zone
	met, due int          // deadlines, see deadlineCounts
}

// stageGap is what stands between the measures and a bar, counted as
// actions: launches, check-ins, decisions by their deadline and other
// decisions.
type stageGap struct {
	launches, checkIns, onTime, decisions int
}

// StageStep says the smallest action that moves the team up a stage,
// naming the experiments to act on where it can: "One more launch and a
// check-in on #4 gets you to mastery." At mastery it says what keeps the
// team there. The counts are those of the bar TeamStage judges against,
// for the channel as of w.AsOf.
func StageStep(m StageMeasures, f Facts, w ReviewWeek) string {
	running := runningAsOf(f.Running, w.AsOf)
	s := stageFacts{
		running: running,
		quiet:   Quiet(running, f.Settings.QuietAfterDays, w.AsOf, w.Loc),
		overdue: Overdue(running, w.AsOf, w.Loc),
		today:   DateOf(w.AsOf, w.Loc),
	}
	s.met, s.due = deadlineCounts(f.Decisions, running, w.AsOf, w.Loc)
	return m.step(s)
}

// step is StageStep on facts already gathered.
func (m StageMeasures) step(s stageFacts) string {
	stage, why := TeamStage(m)
	m.TempoTarget = positiveOr(m.TempoTarget, DefaultTempoTargetPerWeek)
	next := maturityBar
	switch stage {
	case StageMastery:
		return m.keepMastery(s)
	case StageMaturity:
		next = masteryBar
	}
	parts := s.actions(m.gap(next, s))
	if len(parts) == 0 { // a bar missed by rounding alone: say which
		return why
	}
	return capitalize(joinAnd(parts)) + " gets you to " + string(next.stage) + "."
}

// gap counts the fewest actions that bring each measure to bar b. An
// on-time decision counts towards the decisions bar too.
func (m StageMeasures) gap(b stageBar, s stageFacts) stageGap {
	var g stageGap
	launched := math.Round(m.Tempo * TempoWeeks)
	g.launches = atLeastZero(b.tempoShare*float64(m.TempoTarget)*TempoWeeks - launched)
	if n := float64(len(s.running)); n > 0 {
		g.checkIns = atLeastZero(b.checkIns*n - (n - float64(len(s.quiet))))
	}
	if s.due > 0 && b.onTime < 1 {
		// (met + k) ÷ (due + k) ≥ bar
		g.onTime = atLeastZero((b.onTime*float64(s.due) - float64(s.met)) / (1 - b.onTime))
	}
	g.decisions = max(0, b.minDecided-m.Decided-g.onTime)
	return g
}

// atLeastZero rounds a shortfall up to whole actions, none when there is
// none; a hair over a whole number from float error is that number.
func atLeastZero(v float64) int {
	return max(0, int(math.Ceil(v-1e-9)))
}

// actions says the gap as phrases, with the experiments to act on: the
// quietest first for check-ins, the nearest deadlines for decisions on
// time, the overdue first for other decisions.
func (s stageFacts) actions(g stageGap) []string {
	var parts []string
	switch {
	case g.launches == 1:
		parts = append(parts, "one more launch")
	case g.launches > 1:
		parts = append(parts, fmt.Sprintf("%d more launches", g.launches))
	}
	if g.checkIns > 0 {
		parts = append(parts, plural(g.checkIns, "a check-in on ", "check-ins on ")+experimentRefs(s.quiet[:min(g.checkIns, len(s.quiet))]))
	}
	upcoming := s.upcoming()
	if g.onTime > 0 {
		parts = append(parts, onTimePhrase(g.onTime, upcoming))
	}
	if g.decisions > 0 {
		rest := append(append([]Experiment(nil), s.overdue...), upcoming[min(g.onTime, len(upcoming)):]...)
		parts = append(parts, decisionsPhrase(g.decisions, rest))
	}
	return parts
}

// upcoming returns the running experiments whose deadline is still ahead
// (today counts), nearest first: the ones that can still be decided on
// time.
func (s stageFacts) upcoming() []Experiment {
	return sortedExperiments(s.running, func(e *Experiment) bool {
		return e.Status == StatusRunning && !e.Deadline.IsZero() && !e.Deadline.Before(s.today)
	}, byDeadline)
}

// onTimePhrase asks for k decisions by their deadlines, naming them when
// enough experiments are running with a deadline ahead.
func onTimePhrase(k int, upcoming []Experiment) string {
	if len(upcoming) < k {
		return plural(k, "a decision made by the deadline", fmt.Sprintf("%d decisions made by their deadlines", k))
	}
	return "deciding " + experimentRefs(upcoming[:k]) + plural(k, " by its deadline", " by their deadlines")
}

// decisionsPhrase asks for k more decisions, naming candidates.
func decisionsPhrase(k int, candidates []Experiment) string {
	if len(candidates) == 0 {
		return plural(k, "one more decision", fmt.Sprintf("%d more decisions", k))
	}
	return plural(k, "a decision on ", fmt.Sprintf("%d decisions (", k)) + experimentRefs(candidates[:min(k, len(candidates))]) + plural(k, "", ")")
}

// keepMastery says what keeps a team at mastery: the experiments that are
// slipping, else the tempo to hold.
func (m StageMeasures) keepMastery(s stageFacts) string {
	var parts []string
	if len(s.quiet) > 0 {
		parts = append(parts, "check in on "+experimentRefs(s.quiet))
	}
	if len(s.overdue) > 0 {
		parts = append(parts, "decide "+experimentRefs(s.overdue))
	}
	if len(parts) > 0 {
		return "At mastery; to stay there, " + joinAnd(parts) + "."
	}
	return fmt.Sprintf("At mastery, every measure clears the bar: keep launching %s and deciding by the deadline.",
		PerWeek(float64(m.TempoTarget), "experiment"))
}

// plural picks one or many by k.
func plural(k int, one, many string) string {
	if k == 1 {
		return one
	}
	return many
}

// joinAnd joins phrases as "a", "a and b", "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
