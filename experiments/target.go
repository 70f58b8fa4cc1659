package experiments

import "strconv"

// Target is what the metric should reach: an absolute level (at least 500
// signups, or at most 50 for a cost) or a relative change (+20%, -10%),
// whose sign says the way.
type Target struct {
	Value   float64 // 500, or 20 for +20%
	Percent bool    // a relative change in percent
	// AtMost marks an absolute target where lower is better (`target:<50`):
	// the metric should come down to Value, not up to it.
	AtMost bool
}

// IsZero reports whether no target was given.
func (t Target) IsZero() bool { return t == Target{} }

// String formats the target as users type it: "500", "<50", "3.5",
// "+20%", "-10%"; "" when unset. It reads back through ParseTarget.
func (t Target) String() string {
	if t.IsZero() {
		return ""
	}
	v := strconv.FormatFloat(t.Value, 'f', -1, 64)
	switch {
	case t.AtMost:
		return "<" + v
	case !t.Percent:
		return v
	case t.Value > 0:
		return "+" + v + "%"
	}
	return v + "%"
}

// Words says the target in words: "at least 500", "at most 50", "+20%".
func (t Target) Words() string {
	switch {
	case t.IsZero() || t.Percent:
		return t.String()
	case t.AtMost:
		return "at most " + formatValue(t.Value)
	}
	return "at least " + formatValue(t.Value)
}

// Reached reports whether a level v meets an absolute target in its
// direction: at least Value, or at most Value. A relative target is never
// reached by a level alone (see DecideCue).
func (t Target) Reached(v float64) bool {
	switch {
	case t.IsZero() || t.Percent:
		return false
	case t.AtMost:
		return v <= t.Value
	}
	return v >= t.Value
}
