package experiments

import "strconv"

// Target is what the metric should reach: an absolute value (500 signups) or
// a relative change (+20%, -10%).
type Target struct {
	Value   float64 // 500, or 20 for +20%
	Percent bool    // a relative change in percent
}

// IsZero reports whether no target was given.
func (t Target) IsZero() bool { return t == Target{} }

// String formats the target as users type it: "500", "3.5", "+20%", "-10%";
// "" when unset.
func (t Target) String() string {
	if t.IsZero() {
		return ""
	}
	v := strconv.FormatFloat(t.Value, 'f', -1, 64)
	if !t.Percent {
		return v
	}
	if t.Value > 0 {
		v = "+" + v
	}
	return v + "%"
}
