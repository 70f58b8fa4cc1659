package experiments

import (
	"errors"
	"strconv"
	"strings"
)

// MaxNoteRunes bounds every long text a user writes: a check-in's note, a
// learning, a goal's closing note, a hypothesis. The forms give their text
// inputs the same max_length, so a text is held to one bound whether it is
// typed in a form or after a command.
const MaxNoteRunes = 2000

// checkInExample is a check-in line as users type it after `log #N`.
const checkInExample = "`412 signups after week one`"

// ParseCheckIn reads a check-in as typed after `log #N`:
//
//	[value] [note] [off-track]
//
// The words off-track (or offtrack) anywhere mark it as not on track;
// on-track (ontrack) is accepted and changes nothing. Of what remains, a
// first word shaped like a number is the value, read by ParseCheckInValue,
// and everything after it is the note, read by ParseCheckInNote (line
// breaks kept). A number-like first word that is no value (`3,5`, `1e3`,
// `NaN`, `0x1p-2`) is refused rather than filed into the note, where it
// would be lost as a value. A line with nothing but an on/off-track word
// is a status report with neither value nor note.
func ParseCheckIn(text string) (CheckIn, error) { return ParseCheckInOf(text, "") }

// ParseCheckInOf is ParseCheckIn for an experiment whose metric is named
// metric: a log that starts with that name (`signups 40`, as people write
// it) reads the number after it as the value. A first word shaped as a
// rate, `42/1000`, optionally followed by `vs 31/1000`, is a Sample: the
// variant's conversions out of its trials and its control's; its value is
// the variant's rate in percent.
func ParseCheckInOf(text, metric string) (CheckIn, error) {
	ci := CheckIn{OnTrack: true}
	lines, marked := dropTrackWords(CleanText(text), &ci)
	lines = dropMetricName(lines, metric)
	first, rest := firstWord(lines)
	if looksLikeRate(first) {
		s, after, err := cutSample(strings.Fields(firstLine(lines)))
		if err != nil {
			return CheckIn{}, err
		}
		v := s.RatePercent()
		ci.Sample, ci.Value = &s, &v
		lines = replaceFirstLine(lines, strings.Join(after, " "))
	} else if first != "" && looksNumeric(first) {
		v, err := ParseCheckInValue(first)
		if err != nil {
			return CheckIn{}, Errorf(EINVALID, "%s If it starts the note, put a word before it, e.g. `about %s`.",
				ErrorMessage(err), echoable(first))
		}
		ci.Value, lines = v, rest
	}
	note, err := ParseCheckInNote(strings.Join(lines, "\n"))
	if err != nil {
		return CheckIn{}, err
	}
	ci.Note = note
	if ci.Value == nil && ci.Note == "" && !marked {
		return CheckIn{}, Errorf(EINVALID, "A check-in needs a value, a note or both, e.g. %s (add `off-track` if it is not going well).", checkInExample)
	}
	return ci, nil
}

// dropMetricName drops the metric's name from the front of the first line
// when a value or a rate follows it: `signups 40 after the launch`.
func dropMetricName(lines []string, metric string) []string {
	line := firstLine(lines)
	if metric == "" || len(line) <= len(metric) || !strings.EqualFold(line[:len(metric)], metric) || line[len(metric)] != ' ' {
		return lines
	}
	rest := strings.TrimSpace(line[len(metric):])
	next, _, _ := strings.Cut(rest, " ")
	if !looksNumeric(next) && !looksLikeRate(next) {
		return lines
	}
	return replaceFirstLine(lines, rest)
}

// firstLine is the first line of lines with a word on it, "" for none.
func firstLine(lines []string) string {
	for _, l := range lines {
		if l != "" {
			return l
		}
	}
	return ""
}

// replaceFirstLine returns lines with the first line that has a word on it
// replaced by line.
func replaceFirstLine(lines []string, line string) []string {
	out := append([]string(nil), lines...)
	for i, l := range out {
		if l != "" {
			out[i] = line
			return out
		}
	}
	return out
}

// NumberInNote returns the first number a check-in's note holds when the
// check-in has no value: `signups 40` filed as a note on an experiment
// measuring leads. The reply says so, with the command that logs it.
func NumberInNote(ci CheckIn) (string, bool) {
	if ci.Value != nil {
		return "", false
	}
	for _, w := range strings.Fields(ci.Note) {
		if v, err := ParseCheckInValue(strings.TrimRight(w, ".,;:!?")); err == nil && v != nil {
			return formatValue(*v), true
		}
	}
	return "", false
}

// dropTrackWords splits cleaned text into lines of words without the
// on/off-track words, records them in ci and reports whether there was one.
func dropTrackWords(text string, ci *CheckIn) (lines []string, marked bool) {
	for _, line := range strings.Split(text, "\n") {
		var kept []string
		for _, w := range strings.Fields(line) {
			switch strings.ToLower(w) {
			case "off-track", "offtrack":
				ci.OnTrack, marked = false, true
			case "on-track", "ontrack":
				marked = true
			default:
				kept = append(kept, w)
			}
		}
		lines = append(lines, strings.Join(kept, " "))
	}
	return lines, marked
}

// firstWord returns the first word of lines and lines without it.
func firstWord(lines []string) (string, []string) {
	for i, line := range lines {
		if line == "" {
			continue
		}
		w, rest, _ := strings.Cut(line, " ")
		out := append(append([]string(nil), lines[:i]...), rest)
		return w, append(out, lines[i+1:]...)
	}
	return "", lines
}

// ParseCheckInValue reads the value of a check-in, the level its metric has
// reached, with the number grammar of `target:`: `412`, `1,200`, `3.5`
// (commas between well-formed groups of three, a point before decimals).
// A minus sign (`-40`, also U+2212) is a level below zero; a plus sign is
// refused, as it reads as a change; a `%` after the number is its unit
// (`12%` is 12). No exponents, hex, NaN or Inf; magnitudes up to
// MaxTargetMagnitude. Empty means no value: nil, no error.
func ParseCheckInValue(s string) (*float64, error) {
	v := strings.ReplaceAll(strings.TrimSpace(s), "\u2212", "-")
	if v == "" {
		return nil, nil
	}
	body := strings.TrimSuffix(v, "%")
	neg := strings.HasPrefix(body, "-")
	if strings.HasPrefix(body, "+") {
		return nil, Errorf(EINVALID, "%s reads as a change: log the level the metric has reached, e.g. `412` (or `-40` below zero).", echo(s))
	}
	n, ok, tooBig := parseDecimal(strings.TrimPrefix(body, "-"))
	switch {
	case !ok:
		return nil, Errorf(EINVALID, "%s is not a value I can log: write a number like `412`, `1,200` or `3.5` (commas between thousands, a point before decimals).", echo(s))
	case tooBig || n > MaxTargetMagnitude:
		return nil, Errorf(EINVALID, "%s is too large: a value is at most 1,000,000,000,000, e.g. `412`.", echo(s))
	}
	if neg {
		n = -n
	}
	return &n, nil
}

// ParseCheckInNote reads the note of a check-in: cleaned as any text that
// may span lines (see CleanText), at most MaxNoteRunes.
func ParseCheckInNote(s string) (string, error) {
	return parseLongText(s, "A note", "keep what the team needs to know, e.g. "+checkInExample+".")
}

// looksNumeric reports whether a word is shaped like a number in any
// notation a user or a program might write (`3,5`, `1_000`, `2-3`, `1e309`,
// `0x1p-2`, `0x10`, `NaN`, `-Inf`, `12%`): such a word typed first is meant
// as the value, so it must be one or be refused, never become the note.
// Words such as `2nd` or `3x` are not numbers and start the note.
func looksNumeric(w string) bool {
	core := strings.TrimSuffix(strings.TrimLeft(strings.ReplaceAll(w, "\u2212", "-"), "+-"), "%")
	if core == "" {
		return false
	}
	if _, err := strconv.ParseFloat(core, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		return true
	}
	if _, err := strconv.ParseInt(core, 0, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		return true
	}
	hasDigit := false
	for _, r := range core {
		switch {
		case r >= '0' && r <= '9':
			hasDigit = true
		case !strings.ContainsRune(",._+-%", r):
			return false
		}
	}
	return hasDigit
}
