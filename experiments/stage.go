package experiments

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Stage is how far a team has grown in the loop of launch, check in, decide.
type Stage string

// The three stages, in order of growth.
const (
	StageMomentum Stage = "momentum" // launching, but the loop is not closing yet
	StageMaturity Stage = "maturity" // launching steadily and closing most loops
	StageMastery  Stage = "mastery"  // at tempo, checking in and deciding on time
)

// The bars of the stages. A share is between 0 and 1.
const (
	MasteryTempoShare    = 1.0 // tempo ≥ this × TempoTarget
	MasteryCheckIns      = 0.8 // check-in discipline ≥ this
	MasteryOnTime        = 0.8 // decision discipline ≥ this
	MasteryMinDecisions  = 5   // decisions in the WinRateWindow ≥ this
	MaturityTempoShare   = 0.5
	MaturityCheckIns     = 0.5
	MaturityOnTime       = 0.5
	MaturityMinDecisions = 1
)

// StageMeasures are the three measures a stage is judged on, plus the
// number of decisions that makes them trustworthy.
type StageMeasures struct {
	Tempo              float64 // launches a week, see Tempo
	TempoTarget        int     // launches a week the team aims for, > 0
	CheckInDiscipline  float64 // share of running experiments not quiet, see CheckInDiscipline
	DecisionDiscipline float64 // share of due deadlines met, see DecisionDiscipline
	Decided            int     // decisions in the WinRateWindow, see WinRate
}

// MeasureStage computes the stage measures of a channel's facts for the
// reviewed week w, as of w.AsOf: the tempo includes w itself. Settings of
// zero or less mean the defaults (DefaultTempoTargetPerWeek,
// DefaultQuietAfterDays).
func MeasureStage(f Facts, w ReviewWeek) StageMeasures {
	_, decided := WinRate(f.Decisions, w.AsOf)
	return measureStage(f, w, Tempo(f.Launches, w), decided)
}

// measureStage is MeasureStage with the tempo and the decisions in the
// WinRateWindow already counted: Summarize has them from the trend and
// the win rate, and counting thousands of facts again would double their
// cost.
func measureStage(f Facts, w ReviewWeek, tempo float64, decided int) StageMeasures {
	return StageMeasures{
		Tempo:              tempo,
		TempoTarget:        positiveOr(f.Settings.TempoTarget, DefaultTempoTargetPerWeek),
		CheckInDiscipline:  CheckInDiscipline(f.Running, f.Settings.QuietAfterDays, w.AsOf, w.Loc),
		DecisionDiscipline: DecisionDiscipline(f.Decisions, f.Running, w.AsOf, w.Loc),
		Decided:            decided,
	}
}

// CheckInDiscipline returns the share of running experiments that are not
// quiet (see Quiet): (running − quiet) ÷ running. With nothing running there
// is nothing to neglect, and it returns 1.
func CheckInDiscipline(running []Experiment, quietAfterDays int, now time.Time, loc *time.Location) float64 {
	n := countExperiments(running, func(e *Experiment) bool { return e.Status == StatusRunning })
	if n == 0 {
		return 1
	}
	// Counted, not listed: Quiet's list and its order are not needed here.
	return float64(n-countExperiments(running, quietTest(quietAfterDays, now, loc))) / float64(n)
}

// DecisionDiscipline returns the share of deadlines that came due and were
// met: met ÷ due, where
//   - each decision (keep, kill or iterate) in the window
//     (now-WinRateWindow, now] whose experiment had a deadline is due; it is
//     met when it was decided on or before the deadline day (in loc);
//   - each running experiment that is Overdue is due and not met.
//
// Deadlines not yet reached, and decisions of experiments without one, do
// not count either way. With nothing due it returns 1.
func DecisionDiscipline(decisions []DecisionFact, running []Experiment, now time.Time, loc *time.Location) float64 {
	met, due := deadlineCounts(decisions, running, now, loc)
	if due == 0 {
		return 1
	}
	return float64(met) / float64(due)
}

// deadlineCounts counts the deadlines DecisionDiscipline judges: met and
// due.
func deadlineCounts(decisions []DecisionFact, running []Experiment, now time.Time, loc *time.Location) (met, due int) {
	due = countExperiments(running, overdueTest(now, loc)) // Overdue, counted
	for _, d := range decisions {
		if !inWindow(d.DecidedAt, now) || !isVerdict(d.Decision) || d.Deadline.IsZero() {
			continue
		}
		due++
		if !d.Deadline.Before(DateOf(d.DecidedAt, loc)) {
			met++
		}
	}
	return met, due
}

// stageBar is what a stage asks of the measures.
type stageBar struct {
	stage                Stage
	tempoShare, checkIns float64
	onTime               float64
	minDecided           int
}

var (
	masteryBar  = stageBar{StageMastery, MasteryTempoShare, MasteryCheckIns, MasteryOnTime, MasteryMinDecisions}
	maturityBar = stageBar{StageMaturity, MaturityTempoShare, MaturityCheckIns, MaturityOnTime, MaturityMinDecisions}
)

// TeamStage returns the team's stage and a one-line reason naming its
// weakest measure. The rule:
//   - Mastery: Tempo ≥ MasteryTempoShare × TempoTarget, CheckInDiscipline ≥
//     MasteryCheckIns, DecisionDiscipline ≥ MasteryOnTime and Decided ≥
//     MasteryMinDecisions (1.0 × target, 80%, 80%, 5).
//   - Maturity: otherwise, Tempo ≥ MaturityTempoShare × TempoTarget,
//     CheckInDiscipline ≥ MaturityCheckIns, DecisionDiscipline ≥
//     MaturityOnTime and Decided ≥ MaturityMinDecisions (0.5 × target, 50%,
//     50%, 1).
//   - Momentum: otherwise.
//
// The weakest measure is the one furthest below the bar of the next stage
// (the mastery bar at mastery), as a ratio of value to bar; ties go to
// tempo, then check-ins, then decisions. When every measure clears the next
// bar, the reason is too few decisions. A TempoTarget of zero or less means
// DefaultTempoTargetPerWeek.
func TeamStage(m StageMeasures) (Stage, string) {
	m.TempoTarget = positiveOr(m.TempoTarget, DefaultTempoTargetPerWeek)
	switch {
	case m.clears(masteryBar):
		return StageMastery, m.whyMastery()
	case m.clears(maturityBar):
		return StageMaturity, m.whyNot(masteryBar)
	}
	return StageMomentum, m.whyNot(maturityBar)
}

// clears reports whether the measures reach every part of bar.
func (m StageMeasures) clears(b stageBar) bool {
	return m.Tempo >= b.tempoShare*float64(m.TempoTarget) &&
		m.CheckInDiscipline >= b.checkIns &&
		m.DecisionDiscipline >= b.onTime &&
		m.Decided >= b.minDecided
}

// measureScore is one measure judged against a bar.
type measureScore struct {
	name, value, need string
	ratio             float64 // value ÷ bar; below 1 fails the bar
}

// scores judges the three measures against b, in tie-break order.
func (m StageMeasures) scores(b stageBar) []measureScore {
	tempoBar := b.tempoShare * float64(m.TempoTarget)
	return []measureScore{
		{"tempo", fmt.Sprintf("%s over the last %d weeks", PerWeek(m.Tempo, "launch"), TempoWeeks),
			formatTempo(tempoBar), m.Tempo / tempoBar},
		{"check-in discipline", percent(m.CheckInDiscipline) + " of running experiments checked in recently",
			percent(b.checkIns), m.CheckInDiscipline / b.checkIns},
		{"decision discipline", percent(m.DecisionDiscipline) + " of due deadlines met",
			percent(b.onTime), m.DecisionDiscipline / b.onTime},
	}
}

// weakest returns the score with the lowest ratio, the first on a tie.
func weakest(scores []measureScore) measureScore {
	low := scores[0]
	for _, s := range scores[1:] {
		if s.ratio < low.ratio {
			low = s
		}
	}
	return low
}

// whyNot explains what keeps the team below bar.
func (m StageMeasures) whyNot(b stageBar) string {
	w := weakest(m.scores(b))
	if w.ratio >= 1 {
		return fmt.Sprintf("Too few decisions to judge: %d in the last %d days; %s needs %d.",
			m.Decided, windowDays(), b.stage, b.minDecided)
	}
	return fmt.Sprintf("%s is the weakest measure: %s; %s needs %s.", capitalize(w.name), w.value, b.stage, w.need)
}

// whyMastery names the weakest measure of a team at mastery.
func (m StageMeasures) whyMastery() string {
	w := weakest(m.scores(masteryBar))
	return fmt.Sprintf("Every measure clears the mastery bar; the weakest is %s: %s.", w.name, w.value)
}

// windowDays returns the WinRateWindow in days.
func windowDays() int { return int(WinRateWindow / dayLength) }

// formatTempo formats launches a week with at most two decimals: 1.25, 3.
func formatTempo(v float64) string { return strconv.FormatFloat(roundTempo(v), 'f', -1, 64) }

// roundTempo rounds launches a week to two decimals, as formatTempo shows them.
func roundTempo(v float64) float64 { return math.Round(v*100) / 100 }

// percent formats a share as a whole percentage, rounded down so that a
// share just under a bar never reads as reaching it.
func percent(share float64) string {
	return strconv.Itoa(int(math.Floor(share*100+1e-9))) + "%"
}

// capitalize upper-cases the first letter of an ASCII phrase.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
