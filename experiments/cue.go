package experiments

import (
	"math"
	"strconv"
)

// DecideCue says why a running experiment is ready for its decision before
// its deadline, from what the team already recorded: its latest check-in
// was marked off track, or the metric is already past the target. The
// check-in prompt, the check-in DM and the digest all ask the same
// question ("decide now?") from this one rule.
//
// first is the experiment's first check-in with a value (the baseline of a
// relative target), nil when none; last is its latest check-in. An absolute
// target is reached when the latest value gets there in its direction: up
// to at least 500 signups, down to at most 50 for `target:<50`; a relative
// one when the change from the first value reaches it (+20% up, -10% down).
// A rate logged with its control (`42/1000 vs 31/1000`) cues on the
// evidence alone, past the guards (ReadEvidence), whatever the target.
// A first value already past an "at least" target may read it backwards
// (80 against a cost target of 50): it gives no cue, LowerIsBetter asks
// instead; a later value past the target cues as usual.
func DecideCue(e Experiment, first *float64, last CheckIn) (string, bool) {
	if e.Status != StatusRunning {
		return "", false
	}
	if !last.OnTrack {
		return "marked off track", true
	}
	if last.Sample != nil && last.Sample.HasControl() {
		if r := ReadEvidence(e, *last.Sample, last.At); r.Decide {
			return r.Line, true
		}
		return "", false // too early to call: ReadEvidence says why
	}
	if last.Value == nil || e.Target.IsZero() {
		return "", false
	}
	if !e.Target.Percent {
		return absoluteCue(e.Target, first, *last.Value)
	}
	return relativeCue(e.Target, first, *last.Value)
}

// absoluteCue reports a latest value that reaches an absolute target in
// its direction, unless an "at least" target started out reached.
func absoluteCue(target Target, first *float64, last float64) (string, bool) {
	switch {
	case !target.Reached(last):
		return "", false
	case target.AtMost:
		return formatValue(last) + " logged, down to the target of " + target.Words(), true
	case first != nil && target.Reached(*first) && last == *first:
		return "", false // the first value, past already: LowerIsBetter asks
	}
	return formatValue(last) + " logged, past the target of " + target.String(), true
}

// LowerIsBetter reports whether the first value logged on e is already
// past its "at least" target, most often a cost or a rate where lower is
// better typed without its direction, and returns the target it likely
// meant (at most the same value), for the one question the bot asks.
func LowerIsBetter(e Experiment, first float64) (Target, bool) {
	t := e.Target
	if e.Status != StatusRunning || t.IsZero() || t.Percent || t.AtMost || !t.Reached(first) {
		return Target{}, false
	}
	return Target{Value: t.Value, AtMost: true}, true
}

// relativeCue reports a change from first to last that reaches target.
func relativeCue(target Target, first *float64, last float64) (string, bool) {
	if first == nil || *first == 0 {
		return "", false
	}
	change := (last/(*first) - 1) * 100
	reached := target.Value > 0 && change >= target.Value || target.Value < 0 && change <= target.Value
	if !reached {
		return "", false
	}
	shown := Target{Value: math.Round(change), Percent: true}
	return shown.String() + " since the first check-in, past the target of " + target.String(), true
}

// formatValue prints a logged value as users typed it: 19, 3.5.
func formatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
