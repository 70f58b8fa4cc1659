package experiments

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Bounds of the values users type.
const (
	MaxTargetMagnitude = 1e12 // larger targets are typos, not plans
	MaxDeadlineDays    = 3650 // a deadline is at most ten years ahead
	MaxICEScore        = 10   // each ICE dimension is scored 1–10
)

// ParseTarget reads the value of `target:`. Accepted forms:
//
//   - an absolute level to reach: `500`, `3.5`, `1,200` (commas must separate
//     well-formed groups of three digits; `.` is the decimal point);
//   - a relative change in percent: `+20%`, `-10%`, or `20%` (an increase);
//   - a direction before a level: `<50`, `<=50` or `≤50` (at most 50: lower
//     is better, as for a cost per acquisition), `>500`, `>=500` or `≥500`
//     (at least 500, the same as `500`).
//
// A sign on an absolute number (`+500`, `-50`) is rejected rather than
// guessed: it reads as "500 more", which a Target cannot hold, and storing it
// as the level 500 (or -50) would silently change its meaning. Zero (`0`,
// `0%`) is rejected because the zero Target means "no target"; a decrease of
// more than 100% is impossible. Magnitudes above MaxTargetMagnitude are
// rejected as typos. A typographic minus (U+2212) counts as `-`.
func ParseTarget(s string) (Target, error) {
	v := strings.ReplaceAll(strings.TrimSpace(s), "\u2212", "-")
	if v == "" {
		return Target{}, Errorf(EINVALID, "`target:` needs a value, e.g. `target:500` for a level to reach or `target:+20%%` for a change.")
	}
	atMost, direction, v := cutDirection(v)
	body, percent := strings.CutSuffix(v, "%")
	body = strings.TrimSpace(body)
	if direction != "" && (percent || strings.ContainsAny(body, "+-")) {
		return Target{}, Errorf(EINVALID, "%s mixes a direction with a change: write a level, like `target:<50` (at most 50), or a change, like `target:-10%%`.", echoOption("target", s))
	}
	sign := byte(0)
	if body != "" && (body[0] == '+' || body[0] == '-') {
		sign, body = body[0], body[1:]
	}
	n, ok, tooBig := parseDecimal(body)
	switch {
	case !ok:
		return Target{}, Errorf(EINVALID, "`target:` wants a number like `500`, `1,200` or `3.5`, or a change like `+20%%` or `-10%%` — got %s.", echo(s))
	case tooBig || n > MaxTargetMagnitude:
		return Target{}, Errorf(EINVALID, "%s is too large: keep it at most 1,000,000,000,000, e.g. `target:500` or `target:+20%%`.", echoOption("target", s))
	case n == 0:
		return Target{}, Errorf(EINVALID, "`target:` can't be 0 (that reads as no target): to drive a metric down to zero use `target:-100%%`, otherwise e.g. `target:500` or `target:+20%%`.")
	case !percent && sign == '-':
		return Target{}, Errorf(EINVALID, "%s is ambiguous: to bring the metric down to %s write `target:<%s` (at most), or a change in percent, like `target:-20%%`.", echoOption("target", s), formatValue(n), formatValue(n))
	case !percent && sign != 0:
		return Target{}, Errorf(EINVALID, "%s is ambiguous: write the level to reach, like `target:%s`, or a change in percent, like `target:%c20%%`.", echoOption("target", s), strconv.FormatFloat(n, 'f', -1, 64), sign)
	case percent && sign == '-' && n > 100:
		return Target{}, Errorf(EINVALID, "%s would drop below zero: a decrease is at most 100%%, e.g. `target:-30%%`.", echoOption("target", s))
	}
	if sign == '-' {
		n = -n
	}
	return Target{Value: n, Percent: percent, AtMost: atMost}, nil
}

// cutDirection cuts a leading comparison off a target: `<`, `<=`, `≤` (at
// most) or `>`, `>=`, `≥` (at least), with any space after it. direction is
// what was cut, "" for none.
func cutDirection(v string) (atMost bool, direction, rest string) {
	for _, d := range []struct {
		prefix string
		atMost bool
	}{{"<=", true}, {"≤", true}, {"<", true}, {">=", false}, {"≥", false}, {">", false}} {
		if r, ok := strings.CutPrefix(v, d.prefix); ok {
			return d.atMost, d.prefix, strings.TrimSpace(r)
		}
	}
	return false, "", v
}

// parseDecimal reads an unsigned decimal: digits, or comma-separated groups
// of three after a first group of one to three digits, then an optional
// fraction. No exponents, no NaN or Inf. tooBig reports a value beyond float64.
func parseDecimal(s string) (n float64, ok, tooBig bool) {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac && (frac == "" || !allDigits(frac)) {
		return 0, false, false
	}
	digits, ok := integerDigits(intPart)
	if !ok || (digits == "" && !hasFrac) {
		return 0, false, false
	}
	if digits == "" {
		digits = "0"
	}
	if hasFrac {
		digits += "." + frac
	}
	n, err := strconv.ParseFloat(digits, 64)
	if errors.Is(err, strconv.ErrRange) {
		return 0, true, true
	}
	return n, err == nil, false
}

// integerDigits returns the digits of an integer part written as `1200` or
// `1,200`, and false when the commas do not separate groups of three.
func integerDigits(s string) (string, bool) {
	if !strings.Contains(s, ",") {
		return s, s == "" || allDigits(s)
	}
	groups := strings.Split(s, ",")
	if len(groups[0]) < 1 || len(groups[0]) > 3 || !allDigits(groups[0]) {
		return "", false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !allDigits(g) {
			return "", false
		}
	}
	return strings.Join(groups, ""), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ParseDate reads the value of `by:`, a deadline, relative to today: the
// calendar day of now in loc (UTC when loc is nil). Accepted forms,
// case-insensitive:
//
//   - `YYYY-MM-DD`, a real calendar day (`2028-02-29` yes, `2027-02-29` no);
//   - `today` and `tomorrow`;
//   - a weekday, short or long (`fri`, `friday`, `thu`, `thurs`): the next
//     such day strictly after today, so `fri` typed on a Friday means a week
//     later — "by Friday" said on a Friday means next Friday;
//   - an offset in days or weeks: `10d`, `+10d`, `2w`, `+2w` (`0d` is today).
//
// A deadline is never in the past (today is allowed) and at most
// MaxDeadlineDays ahead.
func ParseDate(s string, now time.Time, loc *time.Location) (Date, error) {
	if loc == nil {
		loc = time.UTC
	}
	today := DateOf(now, loc)
	v := lower(s)
	if v == "" {
		return Date{}, Errorf(EINVALID, "`by:` needs a date, e.g. %s.", dateExamples(today))
	}
	d, err := readDate(v, s, today)
	if err != nil {
		return Date{}, err
	}
	if d.Before(today) {
		return Date{}, Errorf(EINVALID, "%s is in the past: a deadline is today or later, e.g. %s.", echoOption("by", s), dateExamples(today))
	}
	if today.DaysUntil(d) > MaxDeadlineDays {
		return Date{}, Errorf(EINVALID, "%s is more than ten years away: pick a nearer deadline, e.g. %s.", echoOption("by", s), dateExamples(today))
	}
	return d, nil
}

// readDate reads v, the lower-cased and trimmed typed value orig, in any
// accepted form, without checking the range.
func readDate(v, orig string, today Date) (Date, error) {
	switch v {
	case "today":
		return today, nil
	case "tomorrow":
		return today.AddDays(1), nil
	}
	if wd, ok := weekdays[v]; ok {
		return nextWeekday(today, wd), nil
	}
	if days, ok, err := parseOffset(v, orig, today); ok || err != nil {
		return today.AddDays(days), err
	}
	if d, ok, err := parseISODate(v, orig, today); ok || err != nil {
		return d, err
	}
	return Date{}, Errorf(EINVALID, "`by:` wants a date like %s — got %s.", dateExamples(today), echo(orig))
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

// nextWeekday returns the first day strictly after today that falls on wd.
func nextWeekday(today Date, wd time.Weekday) Date {
	delta := (int(wd) - int(today.Start(time.UTC).Weekday()) + 7) % 7
	if delta == 0 {
		delta = 7
	}
	return today.AddDays(delta)
}

// parseOffset reads `10d`, `+10d`, `2w`, `+2w`. ok is false when v is not
// shaped like an offset at all; err is set when it is but is out of range.
func parseOffset(v, orig string, today Date) (days int, ok bool, err error) {
	if len(v) < 2 {
		return 0, false, nil
	}
	body, unit := strings.TrimPrefix(v[:len(v)-1], "+"), v[len(v)-1]
	if (unit != 'd' && unit != 'w') || !allDigits(body) {
		return 0, false, nil
	}
	n, convErr := strconv.Atoi(body)
	if unit == 'w' && convErr == nil && n <= MaxDeadlineDays {
		n *= 7
	}
	if convErr != nil || n > MaxDeadlineDays {
		return 0, true, Errorf(EINVALID, "%s is more than ten years away: pick a nearer deadline, e.g. %s.", echoOption("by", orig), dateExamples(today))
	}
	return n, true, nil
}

// parseISODate reads YYYY-MM-DD (month and day may have one digit). ok is
// false when v is not shaped like one; err is set when it is but names no
// calendar day.
func parseISODate(v, orig string, today Date) (d Date, ok bool, err error) {
	parts := strings.Split(v, "-")
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) > 2 || len(parts[2]) > 2 ||
		!allDigits(parts[0]) || !allDigits(parts[1]) || !allDigits(parts[2]) {
		return Date{}, false, nil
	}
	y, _ := strconv.Atoi(parts[0])
	m, _ := strconv.Atoi(parts[1])
	day, _ := strconv.Atoi(parts[2])
	if m < 1 || m > 12 {
		return Date{}, true, Errorf(EINVALID, "%s has no month %d: write YYYY-MM-DD, e.g. %s.", echoOption("by", orig), m, "`"+today.AddDays(14).String()+"`")
	}
	last := daysIn(y, time.Month(m))
	if day < 1 || day > last {
		return Date{}, true, Errorf(EINVALID, "%s is not a day on the calendar: %s %d has %d days, e.g. `%04d-%02d-%02d`.", echoOption("by", orig), time.Month(m), y, last, y, m, last)
	}
	return Date{y, time.Month(m), day}, true, nil
}

// dateExamples lists the accepted forms, with an ISO date two weeks from today.
func dateExamples(today Date) string {
	return "`" + today.AddDays(14).String() + "`, `fri`, `tomorrow`, `+10d` or `2w`"
}

// ParseICE reads the value of `ice:`: impact/confidence/ease, each a whole
// number from 1 to 10, e.g. `8/6/9`. Spaces around the numbers are allowed.
func ParseICE(s string) (ICE, error) {
	parts := strings.Split(strings.TrimSpace(s), "/")
	if len(parts) != 3 {
		return ICE{}, iceError(s)
	}
	var scores [3]int
	for i, p := range parts {
		p = strings.TrimSpace(p)
		n, err := strconv.Atoi(p)
		if !allDigits(p) || err != nil || n < 1 || n > MaxICEScore {
			return ICE{}, iceError(s)
		}
		scores[i] = n
	}
	return ICE{Impact: scores[0], Confidence: scores[1], Ease: scores[2]}, nil
}

func iceError(s string) error {
	if strings.TrimSpace(s) == "" {
		return Errorf(EINVALID, "`ice:` needs three scores, impact/confidence/ease, each from 1 to 10, e.g. `ice:8/6/9`.")
	}
	return Errorf(EINVALID, "`ice:` wants impact/confidence/ease, each a whole number from 1 to 10, e.g. `ice:8/6/9` — got %s.", echo(s))
}

// maxEcho bounds how much of a bad value an error message repeats.
const maxEcho = 40

// echo formats user input for an error message: cleaned to one line,
// shortened, backticks replaced so the code span cannot break, in backticks.
// Escaping &, < and > for mrkdwn is left to the bot, as for every message.
func echo(s string) string {
	v := echoable(s)
	if v == "" {
		return "an empty value"
	}
	return "`" + v + "`"
}

// Echo is echo for the bot's own usage errors, so every message repeats
// what was typed the same way.
func Echo(s string) string { return echo(s) }

// echoOption formats an option as the user typed it, e.g. `by:nextish`.
func echoOption(key, value string) string {
	return "`" + key + ":" + echoable(value) + "`"
}

func echoable(s string) string {
	return Clip(strings.ReplaceAll(CleanLine(s), "`", "'"), maxEcho)
}

// CleanLine makes user text safe to store and echo as one line, e.g. a
// title or a metric name: invalid UTF-8 becomes U+FFFD, control characters
// and invisible bidi overrides are removed, every run of whitespace
// (newlines and tabs included) becomes one space, and the ends are trimmed.
// Zero-width joiners stay, so emoji sequences survive.
func CleanLine(s string) string {
	var b strings.Builder
	pendingSpace := false
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case unicode.IsSpace(r):
			pendingSpace = true
			continue
		case isInvisibleControl(r):
			continue
		}
		if pendingSpace && b.Len() > 0 {
			b.WriteByte(' ')
		}
		pendingSpace = false
		b.WriteRune(r)
	}
	return b.String()
}

// CleanText is CleanLine for text that may span lines, e.g. a note or a
// learning: each line is cleaned, line breaks (\n, \r\n, \r, U+2028,
// U+2029) become \n, blank lines at the ends are dropped and runs of blank
// lines become one.
func CleanText(s string) string {
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n", "\u2028", "\n", "\u2029", "\n").Replace(strings.ToValidUTF8(s, "\uFFFD"))
	var lines []string
	blank := false
	for _, line := range strings.Split(s, "\n") {
		line = CleanLine(line)
		if line == "" {
			blank = len(lines) > 0
			continue
		}
		if blank {
			lines = append(lines, "")
		}
		blank = false
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// isInvisibleControl reports control characters (C0, DEL, C1) and the
// invisible format characters that can reorder or hide echoed text: zero
// width space, word joiner, byte order mark, bidi embeddings, overrides and
// isolates.
func isInvisibleControl(r rune) bool {
	switch {
	case unicode.IsControl(r):
		return true
	case r == '\u200B', r == '\u2060', r == '\uFEFF':
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069':
		return true
	}
	return false
}
