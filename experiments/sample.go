package experiments

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Sample is a rate check-in's counts: the variant's conversions out of its
// trials, and the control's when one was logged beside it (`42/1000 vs
// 31/1000`). Control.Trials is 0 when there is none.
type Sample struct {
	Variant Arm
	Control Arm
}

// HasControl reports whether a control arm was logged with the variant.
func (s Sample) HasControl() bool { return s.Control.Trials > 0 }

// String writes the sample as users type it: "42/1000", "42/1000 vs 31/1000".
func (s Sample) String() string {
	v := armString(s.Variant)
	if s.HasControl() {
		v += " vs " + armString(s.Control)
	}
	return v
}

// RatePercent is the variant's rate in percent, the value a rate check-in
// logs (42/1000 is 4.2).
func (s Sample) RatePercent() float64 { return s.Variant.Rate() * 100 }

func armString(a Arm) string { return strconv.Itoa(a.Successes) + "/" + strconv.Itoa(a.Trials) }

// sampleExample is a rate check-in as users type it.
const sampleExample = "`42/1000` (42 signups out of 1,000 visitors) or `42/1000 vs 31/1000` (against a control)"

// looksLikeRate reports whether a word is shaped as a rate, digits on both
// sides of a slash (`42/1000`, `-3/10`, `4.5/10`): such a word is meant as
// one and must be one or be refused, never become the note.
func looksLikeRate(w string) bool {
	a, b, ok := strings.Cut(w, "/")
	return ok && strings.ContainsAny(a, "0123456789") && strings.ContainsAny(b, "0123456789")
}

// parseArm reads `successes/trials`: whole numbers (commas between
// thousands allowed), trials above zero, successes at most the trials.
func parseArm(w string) (Arm, error) {
	a, b, _ := strings.Cut(w, "/")
	s, okS := wholeNumber(a)
	n, okN := wholeNumber(b)
	switch {
	case !okS || !okN:
		return Arm{}, Errorf(EINVALID, "%s is not a rate: write whole numbers, conversions out of people, e.g. %s.", echo(w), sampleExample)
	case n == 0:
		return Arm{}, Errorf(EINVALID, "%s has no one to convert: the number after the slash counts the people (visitors, recipients), e.g. %s.", echo(w), sampleExample)
	case s > n:
		return Arm{}, Errorf(EINVALID, "%s has more conversions than people: write conversions first, then the people they came from, e.g. %s.", echo(w), sampleExample)
	}
	return Arm{Successes: s, Trials: n}, nil
}

// maxTrials bounds an arm's counts: more is a typo, not a campaign.
const maxTrials = 1_000_000_000

// wholeNumber reads an unsigned whole number, with commas between thousands.
func wholeNumber(s string) (int, bool) {
	digits, ok := integerDigits(s)
	if !ok || digits == "" {
		return 0, false
	}
	n, err := strconv.Atoi(digits)
	return n, err == nil && n <= maxTrials
}

// cutSample reads a rate at the front of words: `42/1000`, optionally
// followed by `vs 31/1000`; it returns the words after it.
func cutSample(words []string) (Sample, []string, error) {
	v, err := parseArm(words[0])
	if err != nil {
		return Sample{}, nil, err
	}
	rest := words[1:]
	if len(rest) == 0 || !strings.EqualFold(rest[0], "vs") {
		return Sample{Variant: v}, rest, nil
	}
	if len(rest) < 2 || !looksLikeRate(rest[1]) {
		return Sample{}, nil, Errorf(EINVALID, "`vs` needs the control's rate after it, e.g. `%s vs 31/1000`.", armString(v))
	}
	c, err := parseArm(rest[1])
	if err != nil {
		return Sample{}, nil, err
	}
	return Sample{Variant: v, Control: c}, rest[2:], nil
}

// percentOf formats a rate in percent for a reader: 4.2%, 0.35%.
func percentOf(rate float64) string {
	p := rate * 100
	switch {
	case p >= 10:
		return fmt.Sprintf("%.0f%%", p)
	case p >= 1:
		return strconv.FormatFloat(roundTo(p, 1), 'f', -1, 64) + "%"
	}
	return strconv.FormatFloat(roundTo(p, 2), 'f', -1, 64) + "%"
}

// roundTo rounds v to places decimals.
func roundTo(v float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(v*p) / p
}
