package experiments

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The guards against deciding on noise: no "decide now?" from evidence
// before both arms have MinTrials people and MinOutcomes successes and
// failures each, and the experiment has run DefaultMinRuntime.
const (
	MinTrials         = 100
	MinOutcomes       = 5
	DefaultMinRuntime = 3 * 24 * time.Hour
	// DefaultLift is the lift a rate experiment with no relative target is
	// sized for: +10%.
	DefaultLift = 0.10
	// sureChance is how sure the evidence must be, either way, to cue.
	sureChance = 0.95
)

// EvidenceReading is what a rate check-in with a control says: the chance the
// variant beats it and the lift, or what is missing before it can tell.
type EvidenceReading struct {
	Line   string // for a person: "97% chance the variant beats control (…)"
	Decide bool   // sure enough either way, past the guards
}

// ReadEvidence reads a two-arm sample of e logged at at. Below the guards
// it is "too early to call", with about how many more people each arm
// needs to tell the experiment's target lift (DefaultLift without one)
// from noise; past them, the chance the variant beats control with the
// lift and its 95% interval, cueing at 95% or more (or 5% or less).
func ReadEvidence(e Experiment, s Sample, at time.Time) EvidenceReading {
	v, c := s.Variant, s.Control
	ran := at.Sub(e.LaunchedAt)
	if short := armShort(v, c); short != "" || ran < DefaultMinRuntime {
		return EvidenceReading{Line: tooEarly(e, s, short, ran)}
	}
	chance := ChanceToBeat(v, c)
	lift := LiftOf(v, c)
	over := fmt.Sprintf("over %s people in %s", formatCount(v.Trials+c.Trials), CountOf(int(ran/(24*time.Hour)), "day"))
	switch {
	case chance >= sureChance:
		return EvidenceReading{Decide: true, Line: fmt.Sprintf("%s chance the variant beats control (%s) %s", chanceWords(chance), liftWords(lift), over)}
	case chance <= 1-sureChance:
		return EvidenceReading{Decide: true, Line: fmt.Sprintf("almost surely worse than control (%s) %s — kill it?", liftWords(lift), over)}
	}
	line := fmt.Sprintf("%s chance the variant beats control (%s) %s", chanceWords(chance), liftWords(lift), over)
	if more := moreNeeded(e, s); more != "" {
		return EvidenceReading{Line: line + "; too early to call: " + more}
	}
	return EvidenceReading{Line: line + ": not sure yet either way"}
}

// moreNeeded says about how many more people each side needs to tell the
// experiment's target lift (DefaultLift without one) from noise on the
// control's rate, "" when it has them already or nothing can tell.
func moreNeeded(e Experiment, s Sample) string {
	lift, which := DefaultLift, "a +10% lift (no target lift set)"
	if e.Target.Percent && e.Target.Value > 0 {
		lift = e.Target.Value / 100
		which = "a " + e.Target.String() + " lift"
	}
	base := s.Control.Rate()
	need := SampleSize(base, lift)
	more := need - min(s.Variant.Trials, s.Control.Trials)
	if need == 0 || more <= 0 {
		return ""
	}
	return fmt.Sprintf("about %s more people per side to tell %s on %s from noise", formatCount(more), which, percentOf(base))
}

// armShort says what the smaller arm lacks of the guards, "" when both pass.
func armShort(arms ...Arm) string {
	for _, a := range arms {
		switch {
		case a.Trials < MinTrials:
			return fmt.Sprintf("each side needs at least %d people", MinTrials)
		case a.Successes < MinOutcomes || a.Trials-a.Successes < MinOutcomes:
			return fmt.Sprintf("each side needs at least %d conversions and %d non-conversions", MinOutcomes, MinOutcomes)
		}
	}
	return ""
}

// tooEarly is the "too early to call" line: the sample size that would
// tell the lift looked for, else what the guards miss, else the days left
// of the minimum run.
func tooEarly(e Experiment, s Sample, short string, ran time.Duration) string {
	line := "too early to call"
	if more := moreNeeded(e, s); more != "" {
		return line + ": " + more
	}
	if short != "" {
		return line + ": " + short
	}
	days := math.Ceil((DefaultMinRuntime - ran).Hours() / 24)
	return fmt.Sprintf("%s: let it run %s more (at least %s in all)", line, CountOf(int(days), "day"), CountOf(int(DefaultMinRuntime.Hours()/24), "day"))
}

// chanceWords is a chance as a reader says it: "97%", "over 99%".
func chanceWords(p float64) string {
	switch {
	case p > 0.99:
		return "over 99%"
	case p < 0.01:
		return "under 1%"
	}
	return fmt.Sprintf("%.0f%%", p*100)
}

// liftWords is a lift with its interval: "+31%, likely +8% to +57%".
func liftWords(l Lift) string {
	return fmt.Sprintf("%s, likely %s to %s", signedPercent(l.Observed), signedPercent(l.Low), signedPercent(l.High))
}

func signedPercent(x float64) string {
	p := math.Round(x * 100)
	if p > 0 {
		return fmt.Sprintf("+%.0f%%", p)
	}
	return fmt.Sprintf("%.0f%%", p)
}

// formatCount writes a count with thousands separators: 12,000.
func formatCount(n int) string { return GroupedNumber(float64(n)) }

// GroupedNumber writes a value with commas between thousands and its
// decimals as they are: "4,300", "1,234,567.5", "-40", "3.5".
func GroupedNumber(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}
