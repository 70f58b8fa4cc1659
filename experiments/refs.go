package experiments

import (
	"strconv"
	"strings"
)

// MaxRefNumber bounds the experiment and goal numbers users type.
const MaxRefNumber = 999_999_999

// ParseExperimentNumber reads a reference to an experiment as users type
// it: `4` or `#4`, a positive whole number of at most MaxRefNumber.
func ParseExperimentNumber(s string) (int, error) {
	v := strings.TrimPrefix(strings.TrimSpace(s), "#")
	if n, ok := parseRefNumber(v); ok {
		return n, nil
	}
	if strings.TrimSpace(s) == "" {
		return 0, Errorf(EINVALID, "Which experiment? Give its number, e.g. `#4`.")
	}
	return 0, Errorf(EINVALID, "%s is not an experiment number: use its number, e.g. `#4` or `4`.", echo(s))
}

// ParseGoalNumber reads a reference to a goal as users type it: `G2`, `g2`,
// `#G2`, `#2` or `2`, a positive whole number of at most MaxRefNumber.
func ParseGoalNumber(s string) (int, error) {
	v := strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(v) > 0 && (v[0] == 'G' || v[0] == 'g') {
		v = v[1:]
	}
	if n, ok := parseRefNumber(v); ok {
		return n, nil
	}
	if strings.TrimSpace(s) == "" {
		return 0, Errorf(EINVALID, "Which goal? Give its number, e.g. `G2`.")
	}
	return 0, Errorf(EINVALID, "%s is not a goal number: use its number, e.g. `G2` or `2`.", echo(s))
}

// parseRefNumber reads digits only (no sign, no spaces) as a number from 1
// to MaxRefNumber.
func parseRefNumber(v string) (int, bool) {
	n, err := strconv.Atoi(v)
	if !allDigits(v) || err != nil || n < 1 || n > MaxRefNumber {
		return 0, false
	}
	return n, true
}
