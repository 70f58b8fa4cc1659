package experiments

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// The fuzz targets check that the parsers never panic, that whatever they
// accept satisfies the domain's invariants, and that whatever they reject is
// an EINVALID error with an example. Seeds also live in testdata/fuzz.

var captureSeeds = []string{
	"Try LinkedIn carousel ads metric:signups target:+20% by:2w",
	"Try ads Metric:signups BY:tomorrow Target:1,200 GOAL:#G2 ICE:8/6/9",
	`Try ads metric:"trial signups" target:500 by:fri`,
	"Try ads metric:“trial signups” by:+10d",
	"Webinar: pricing page https://x.io metric:signups",
	"Goal: double signups goal:G3 ice:1/2/3",
	`Try ads metric:"unterminated by:fri`,
	`Try ads metric:"a"b`,
	"Try ads by:fri by:mon",
	"Try ads target:+20% on linkedin",
	"metric:signups",
	"Try\x00 \xff ads\u202E metric:\x1b",
	"",
}

func FuzzParseCapture(f *testing.F) {
	for _, s := range captureSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := ParseCapture(text, friday, time.UTC)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		checkCleanLine(t, "title", c.Title, 1, MaxTitleRunes)
		if c.Metric != "" {
			checkCleanLine(t, "metric", c.Metric, 1, MaxMetricRunes)
		}
		if !c.Target.IsZero() {
			checkTarget(t, c.Target)
		}
		if !c.Deadline.IsZero() {
			checkDeadline(t, c.Deadline, DateOf(friday, time.UTC))
		}
		if c.GoalNumber < 0 || c.GoalNumber > MaxRefNumber {
			t.Errorf("goal number %d out of range", c.GoalNumber)
		}
		if !c.ICE.IsZero() {
			checkICE(t, c.ICE)
		}
	})
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"500", "1,200", "3.5", "+20%", "-10%", "20%", "0", "NaN", "+Inf%", "1e3", "1,20", ".5", "-150%", "\u221210%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTarget(s)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		checkTarget(t, got)
		again, err := ParseTarget(got.String())
		if err != nil || again != got {
			t.Errorf("ParseTarget(%q) = %+v, but its String %q reads back as %+v, %v", s, got, got.String(), again, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-04", "2028-02-29", "2027-02-29", "today", "tomorrow", "fri", "Friday", "+10d", "2w", "3651d", "99999999999999999999w", "1-1-1", "0000-01-01"} {
		f.Add(s, friday.Unix(), 0)
		f.Add(s, friday.Unix(), 13*60)
	}
	f.Add("today", int64(-1<<62), -14*60)
	f.Fuzz(func(t *testing.T, s string, unix int64, offsetMinutes int) {
		now, loc := fuzzClock(unix, offsetMinutes)
		got, err := ParseDate(s, now, loc)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		checkDeadline(t, got, DateOf(now, loc))
		again, err := ParseDate(got.String(), now, loc)
		if err != nil || again != got {
			t.Errorf("ParseDate(%q) = %v, but it reads back as %v, %v", s, got, again, err)
		}
	})
}

func FuzzParseICE(f *testing.F) {
	for _, s := range []string{"8/6/9", " 1 / 10 / 5 ", "0/5/5", "8/6", "10/10/10/", "+8/6/9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseICE(s)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		checkICE(t, got)
		if again, err := ParseICE(got.String()); err != nil || again != got {
			t.Errorf("ParseICE(%q) = %v, but it reads back as %v, %v", s, got, again, err)
		}
	})
}

func FuzzParseRefs(f *testing.F) {
	for _, s := range []string{"4", "#4", "G2", "#g2", "0", "-1", "999999999", "1000000000", "##4", "G"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for name, parse := range map[string]func(string) (int, error){
			"ParseExperimentNumber": ParseExperimentNumber,
			"ParseGoalNumber":       ParseGoalNumber,
		} {
			n, err := parse(s)
			if err != nil {
				checkFuzzError(t, err)
				continue
			}
			if n < 1 || n > MaxRefNumber {
				t.Errorf("%s(%q) = %d, out of range", name, s, n)
			}
		}
	})
}

var checkInSeeds = []string{
	"412 signups after week one", "1,200 great first week off-track", "3,5", "0x1p-2 quarter",
	"1e309", "99999999999999999999", "NaN", "-Inf note", "+20 more", "12% conversion",
	"\u221240 margin", "2nd week", "on-track", "OFFTRACK\n412 signups\n\n\nmore", "412 3,5 later",
	"\x00 \xff 5\u202E", "",
}

func FuzzParseCheckIn(f *testing.F) {
	for _, s := range checkInSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ci, err := ParseCheckIn(text)
		if err != nil {
			checkFuzzError(t, err)
			return
		}
		checkCheckIn(t, ci)
		again, err := ParseCheckIn(checkInLine(ci))
		if err != nil || !sameCheckIn(again, ci) {
			t.Errorf("ParseCheckIn(%q) = %+v, but %q reads back as %+v, %v", text, ci, checkInLine(ci), again, err)
		}
	})
}

// checkCheckIn checks the invariants of a parsed check-in: a finite value
// within bounds, a clean note within MaxNoteRunes without track words.
func checkCheckIn(t *testing.T, ci CheckIn) {
	t.Helper()
	if v := ci.Value; v != nil && (math.IsNaN(*v) || math.Abs(*v) > MaxTargetMagnitude) {
		t.Fatalf("value %v breaks the invariants", *v)
	}
	if ci.Note != CleanText(ci.Note) || utf8.RuneCountInString(ci.Note) > MaxNoteRunes {
		t.Fatalf("note %q is not clean or too long", ci.Note)
	}
	for _, w := range strings.Fields(ci.Note) {
		if w = strings.ToLower(w); w == "off-track" || w == "offtrack" || w == "on-track" || w == "ontrack" {
			t.Fatalf("note %q keeps the track word %q", ci.Note, w)
		}
	}
}

// checkInLine writes ci back as a user would type it.
func checkInLine(ci CheckIn) string {
	var parts []string
	if ci.Value != nil {
		parts = append(parts, strconv.FormatFloat(*ci.Value, 'f', -1, 64))
	}
	if ci.Note != "" {
		parts = append(parts, ci.Note)
	}
	if !ci.OnTrack {
		parts = append(parts, "off-track")
	} else if len(parts) == 0 {
		parts = append(parts, "on-track")
	}
	return strings.Join(parts, " ")
}

func sameCheckIn(a, b CheckIn) bool {
	if (a.Value == nil) != (b.Value == nil) || (a.Value != nil && *a.Value != *b.Value) {
		return false
	}
	return a.Note == b.Note && a.OnTrack == b.OnTrack
}

// fuzzClock maps fuzzed numbers to a now between 1900 and 2400 and a fixed
// zone within ±14 hours of UTC.
func fuzzClock(unix int64, offsetMinutes int) (time.Time, *time.Location) {
	const base, span = -2208988800, 500 * 365 * 24 * 3600 // 1900-01-01, ~500 years
	sec := base + ((unix%span)+span)%span
	offset := ((offsetMinutes%(28*60+1))+28*60+1)%(28*60+1) - 14*60
	return time.Unix(sec, 0), time.FixedZone("fuzz", offset*60)
}

func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	if code := ErrorCode(err); code != EINVALID {
		t.Fatalf("got code %q (%v), want %q", code, err, EINVALID)
	}
	if msg := ErrorMessage(err); !strings.Contains(msg, "`") || !utf8.ValidString(msg) {
		t.Fatalf("message %q shows no example or is not valid UTF-8", msg)
	}
}

// checkCleanLine checks that s is valid UTF-8, trimmed, free of control
// characters and line breaks, and has min to max runes.
func checkCleanLine(t *testing.T, what, s string, min, max int) {
	t.Helper()
	n := utf8.RuneCountInString(s)
	if !utf8.ValidString(s) || n < min || n > max || strings.TrimSpace(s) != s {
		t.Fatalf("%s %q: want valid UTF-8, trimmed, %d–%d runes (has %d)", what, s, min, max, n)
	}
	for _, r := range s {
		if unicode.IsControl(r) || isInvisibleControl(r) || (unicode.IsSpace(r) && r != ' ') {
			t.Fatalf("%s %q contains %U", what, s, r)
		}
	}
	if strings.Contains(s, "  ") {
		t.Fatalf("%s %q contains a run of spaces", what, s)
	}
}

func checkTarget(t *testing.T, got Target) {
	t.Helper()
	v := got.Value
	if math.IsNaN(v) || math.IsInf(v, 0) || v == 0 || math.Abs(v) > MaxTargetMagnitude ||
		(!got.Percent && v < 0) || (got.Percent && v < -100) {
		t.Fatalf("target %+v breaks the invariants", got)
	}
}

func checkDeadline(t *testing.T, d, today Date) {
	t.Helper()
	if d.Month < time.January || d.Month > time.December || d.Day < 1 || d.Day > daysIn(d.Year, d.Month) {
		t.Fatalf("deadline %+v is not a calendar day", d)
	}
	if d.Before(today) || today.DaysUntil(d) > MaxDeadlineDays {
		t.Fatalf("deadline %v is outside today (%v) … +%d days", d, today, MaxDeadlineDays)
	}
}

func checkICE(t *testing.T, s ICE) {
	t.Helper()
	for _, n := range []int{s.Impact, s.Confidence, s.Ease} {
		if n < 1 || n > MaxICEScore {
			t.Fatalf("ICE %+v out of range", s)
		}
	}
}
