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
// target is past when the latest value reaches it (higher is better, as a
// target of 500 signups reads); a relative one when the change from the
// first value reaches it in its direction (+20% up, -10% down).
func DecideCue(e Experiment, first *float64, last CheckIn) (string, bool) {
	if e.Status != StatusRunning {
		return "", false
	}
	if !last.OnTrack {
		return "marked off track", true
	}
	if last.Value == nil || e.Target.IsZero() {
		return "", false
	}
	if !e.Target.Percent {
		if *last.Value >= e.Target.Value {
			return formatValue(*last.Value) + " logged, past the target of " + e.Target.String(), true
		}
		return "", false
	}
	return relativeCue(e.Target, first, *last.Value)
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
