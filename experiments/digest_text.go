package experiments

import (
	"strconv"
	"strings"
)

// Plural returns noun in the number n asks for: singular for exactly one,
// plural otherwise ("0 launches", "1.5 launches", "1 launch"). Nouns ending
// in s, x, z, ch or sh take -es, the rest -s; every noun the digest and the
// stats count (launch, decision, day, experiment, idea, week, hour) follows
// that rule. Every count shown in digest and stats text goes through it.
func Plural(n float64, noun string) string {
	if n == 1 {
		return noun
	}
	for _, end := range []string{"s", "x", "z", "ch", "sh"} {
		if strings.HasSuffix(noun, end) {
			return noun + "es"
		}
	}
	return noun + "s"
}

// CountOf is a whole count with its noun: "1 day", "3 days", "2 launches".
func CountOf(n int, noun string) string { return strconv.Itoa(n) + " " + Plural(float64(n), noun) }

// PerWeek is a rate of launches (or any noun) a week, with at most two
// decimals: "1 launch a week", "0 launches a week", "1.25 launches a week".
func PerWeek(v float64, noun string) string {
	return formatTempo(v) + " " + Plural(roundTempo(v), noun) + " a week"
}
