package experiments

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultLevers are the levers of a channel that chose none: the AARRR
// funnel ("pirate metrics"), in funnel order.
var DefaultLevers = []string{"acquisition", "activation", "retention", "referral", "revenue"}

// Bounds of a channel's levers.
const (
	MaxLeverRunes = 24
	MaxLevers     = 12
)

// NoLever, as a lever option (`edit #4 lever:none`), takes an experiment's
// lever away; it can therefore not name a lever, and neither can "default",
// which `settings levers default` reads.
const NoLever = "none"

// leverExample is a lever option, shown in the errors about one.
const leverExample = "`lever:activation`"

// ParseLever reads one lever name: a letter, then letters, digits and
// hyphens, at most MaxLeverRunes in all, case-insensitive and stored in
// lower case ("Activation" is "activation"). NoLever reads as "". It does
// not check the name is one of a channel's levers: see
// ChannelSettings.Lever.
func ParseLever(s string) (string, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	if name == NoLever {
		return "", nil
	}
	if err := checkLeverName(name); err != nil {
		return "", err
	}
	return name, nil
}

// checkLeverName refuses a name that is no lever name.
func checkLeverName(name string) error {
	n := utf8.RuneCountInString(name)
	first, _ := utf8.DecodeRuneInString(name)
	switch {
	case n == 0:
		return Errorf(EINVALID, "Name a lever, e.g. %s.", leverExample)
	case n > MaxLeverRunes:
		return Errorf(EINVALID, "A lever name is at most %d characters and %s has %d, e.g. %s.", MaxLeverRunes, echo(name), n, leverExample)
	case !unicode.IsLetter(first) || strings.IndexFunc(name, notLeverRune) >= 0:
		return Errorf(EINVALID, "%s is not a lever name: one word of letters, digits and hyphens, e.g. %s or `lever:word-of-mouth`.", echo(name), leverExample)
	case name == NoLever || name == "default":
		return Errorf(EINVALID, "`%s` cannot name a lever: `lever:none` takes a lever away and `settings levers default` brings back the default ones. Name it otherwise, e.g. %s.", name, leverExample)
	}
	return nil
}

func notLeverRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }

// ParseLevers reads a channel's list of levers, comma-separated
// (`acquisition, activation, retention`): 1–MaxLevers names of ParseLever,
// each once, in the order given. "default" is DefaultLevers, returned as
// nil: the channel follows the default.
func ParseLevers(s string) ([]string, error) {
	if strings.EqualFold(strings.TrimSpace(s), "default") {
		return nil, nil
	}
	var list []string
	for part := range strings.SplitSeq(s, ",") {
		name := strings.ToLower(strings.TrimSpace(part))
		if name == "" {
			continue
		}
		if err := checkLeverName(name); err != nil {
			return nil, err
		}
		if slices.Contains(list, name) {
			return nil, Errorf(EINVALID, "%s is in the list twice: name each lever once, e.g. %s.", echo(name), leversExample)
		}
		list = append(list, name)
	}
	switch {
	case len(list) == 0:
		return nil, Errorf(EINVALID, "Name the levers, separated by commas, e.g. %s.", leversExample)
	case len(list) > MaxLevers:
		return nil, Errorf(EINVALID, "A channel has at most %d levers and these are %d: keep the ones you pull, e.g. %s.", MaxLevers, len(list), leversExample)
	}
	return list, nil
}

// leversExample is a whole list of levers, shown in its errors.
const leversExample = "`/exp settings levers acquisition,activation,retention,referral,revenue`"

// LeverList returns the channel's levers: its own, else DefaultLevers.
func (s ChannelSettings) LeverList() []string {
	if len(s.Levers) == 0 {
		return DefaultLevers
	}
	return s.Levers
}

// Lever reads a lever option against the channel's levers: the name in
// lower case when it is one of them, "" for NoLever and for nothing (no
// lever given). Any other name is an error that lists the levers and,
// when one is close (DidYouMean), suggests it.
func (s ChannelSettings) Lever(v string) (string, error) {
	if strings.TrimSpace(v) == "" {
		return "", nil
	}
	name, err := ParseLever(v)
	if err != nil || name == "" {
		return name, err
	}
	levers := s.LeverList()
	if slices.Contains(levers, name) {
		return name, nil
	}
	notOne := echo(name) + " is not a lever of this channel."
	if m, ok := DidYouMean(name, levers); ok {
		notOne = echo(name) + " is not a lever of this channel — did you mean `" + m + "`?"
	}
	return "", Errorf(EINVALID, "%s Its levers: %s, e.g. `lever:%s`. A channel sets its own with %s.",
		notOne, strings.Join(levers, ", "), levers[0], leversExample)
}

// DidYouMean returns the name of names that word most likely misspells: one
// that word is a prefix of, when only one is, else the nearest by edit
// distance (Levenshtein, case-insensitive) within a third of the longer's
// length, at least 1 and at most 3. Ties go to the earlier name. It is
// the one "did you mean" of every name a user types against a list.
func DidYouMean(word string, names []string) (string, bool) {
	w := strings.ToLower(strings.TrimSpace(word))
	if w == "" {
		return "", false
	}
	if p := prefixed(w, names); p != "" {
		return p, true
	}
	best, bestDist := "", -1
	for _, n := range names {
		d := editDistance([]rune(w), []rune(strings.ToLower(n)))
		limit := min(3, max(1, max(utf8.RuneCountInString(w), utf8.RuneCountInString(n))/3))
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = n, d
		}
	}
	return best, bestDist >= 0
}

// prefixed returns the one name that w starts, "" when none or several do.
func prefixed(w string, names []string) string {
	found := ""
	for _, n := range names {
		if strings.HasPrefix(strings.ToLower(n), w) {
			if found != "" {
				return ""
			}
			found = n
		}
	}
	return found
}

// editDistance is the Levenshtein distance of a and b, in one row.
func editDistance(a, b []rune) int {
	row := make([]int, len(b)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		diag := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			diag, row[j] = row[j], min(row[j]+1, row[j-1]+1, diag+cost)
		}
	}
	return row[len(b)]
}
