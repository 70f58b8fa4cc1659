package experiments

import (
	"strings"
	"testing"
	"time"
)

// assertUserError fails unless err is an EINVALID error whose message shows
// an example (a backtick code span) and contains every one of wants.
func assertUserError(t *testing.T, err error, wants ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want EINVALID containing %q", wants)
	}
	if got := ErrorCode(err); got != EINVALID {
		t.Fatalf("got code %q (%v), want %q", got, err, EINVALID)
	}
	msg := ErrorMessage(err)
	if !strings.Contains(msg, "`") {
		t.Errorf("message %q shows no example in backticks", msg)
	}
	for _, w := range wants {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q does not contain %q", msg, w)
		}
	}
}

// at returns 10:00 UTC on the given day.
func at(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 10, 0, 0, 0, time.UTC)
}

// friday is the "now" of most tests: Friday 2026-12-04, 10:00 UTC.
var friday = at(2026, time.December, 4)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in   string
		want Target
	}{
		{"500", Target{Value: 500}},
		{"1,200", Target{Value: 1200}},
		{"1,234,567.5", Target{Value: 1234567.5}},
		{"3.5", Target{Value: 3.5}},
		{"0.5", Target{Value: 0.5}},
		{".5", Target{Value: 0.5}},
		{"007", Target{Value: 7}},
		{" 500 ", Target{Value: 500}},
		{"1000000000000", Target{Value: 1e12}},
		{"+20%", Target{Value: 20, Percent: true}},
		{"20%", Target{Value: 20, Percent: true}},
		{"-10%", Target{Value: -10, Percent: true}},
		{"\u221210%", Target{Value: -10, Percent: true}},
		{"-100%", Target{Value: -100, Percent: true}},
		{"+2.5%", Target{Value: 2.5, Percent: true}},
		{"+20 %", Target{Value: 20, Percent: true}},
		{"+1,000%", Target{Value: 1000, Percent: true}},
		{"<50", Target{Value: 50, AtMost: true}},
		{"<=50", Target{Value: 50, AtMost: true}},
		{"≤50", Target{Value: 50, AtMost: true}},
		{"< 12.5", Target{Value: 12.5, AtMost: true}},
		{">500", Target{Value: 500}},
		{">=1,200", Target{Value: 1200}},
		{"≥500", Target{Value: 500}},
	}
	for _, tt := range tests {
		got, err := ParseTarget(tt.in)
		if err != nil {
			t.Errorf("ParseTarget(%q): got error %v, want %+v", tt.in, err, tt.want)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseTarget(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseTargetErrors(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{"needs a value", "`target:500`"}},
		{"   ", []string{"needs a value"}},
		{"0", []string{"can't be 0", "`target:-100%`"}},
		{"0%", []string{"can't be 0"}},
		{"+0%", []string{"can't be 0"}},
		{"0.000", []string{"can't be 0"}},
		{"abc", []string{"`abc`", "`1,200`", "`+20%`"}},
		{"NaN", []string{"`NaN`"}},
		{"Inf", []string{"`Inf`"}},
		{"+Inf%", []string{"`+Inf%`"}},
		{"1e3", []string{"`1e3`"}},
		{"1,20", []string{"`1,20`"}},
		{"12,00", []string{"`12,00`"}},
		{"1,,200", []string{"`1,,200`"}},
		{",200", []string{"`,200`"}},
		{"1234,567", []string{"`1234,567`"}},
		{"1,2345", []string{"`1,2345`"}},
		{"1.2.3", []string{"`1.2.3`"}},
		{"5.", []string{"`5.`"}},
		{"20%%", []string{"`20%%`"}},
		{"<-10%", []string{"mixes a direction with a change", "`target:<50`"}},
		{"<+5", []string{"mixes a direction"}},
		{">20%", []string{"mixes a direction"}},
		{"<0", []string{"can't be 0"}},
		{"<", []string{"`<`"}},
		{"$500", []string{"`$500`"}},
		{"10k", []string{"`10k`"}},
		{"+", []string{"`+`"}},
		{"%", []string{"`%`"}},
		{"+ 20%", []string{"`+ 20%`"}},
		{"1000000000001", []string{"too large"}},
		{"1" + strings.Repeat("0", 400), []string{"too large"}},
		{"+500", []string{"ambiguous", "`target:500`", "`target:+20%`"}},
		{"-50", []string{"ambiguous", "`target:<50`", "`target:-20%`"}},
		{"-150%", []string{"below zero", "`target:-30%`"}},
		{"a`b", []string{"`a'b`"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTarget(tt.in)
			if err == nil {
				t.Fatalf("ParseTarget(%q) = %+v, want an error", tt.in, got)
			}
			assertUserError(t, err, tt.want...)
		})
	}
}

func TestParseDate(t *testing.T) {
	nzdt := time.FixedZone("NZDT", 13*3600)
	pst := time.FixedZone("PST", -8*3600)
	tests := []struct {
		name string
		in   string
		now  time.Time
		loc  *time.Location
		want Date
	}{
		{"iso", "2026-12-18", friday, time.UTC, Date{2026, time.December, 18}},
		{"iso one-digit parts", "2027-1-5", friday, time.UTC, Date{2027, time.January, 5}},
		{"iso today", "2026-12-04", friday, time.UTC, Date{2026, time.December, 4}},
		{"today", "today", friday, time.UTC, Date{2026, time.December, 4}},
		{"today upper", "  TODAY ", friday, time.UTC, Date{2026, time.December, 4}},
		{"tomorrow", "Tomorrow", friday, time.UTC, Date{2026, time.December, 5}},
		{"same weekday is next week", "fri", friday, time.UTC, Date{2026, time.December, 11}},
		{"same weekday long", "Friday", friday, time.UTC, Date{2026, time.December, 11}},
		{"sat", "sat", friday, time.UTC, Date{2026, time.December, 5}},
		{"sunday", "SUNDAY", friday, time.UTC, Date{2026, time.December, 6}},
		{"mon", "mon", friday, time.UTC, Date{2026, time.December, 7}},
		{"tues", "tues", friday, time.UTC, Date{2026, time.December, 8}},
		{"wednesday", "wednesday", friday, time.UTC, Date{2026, time.December, 9}},
		{"thu", "thu", friday, time.UTC, Date{2026, time.December, 10}},
		{"thurs", "thurs", friday, time.UTC, Date{2026, time.December, 10}},
		{"days", "10d", friday, time.UTC, Date{2026, time.December, 14}},
		{"plus days", "+10d", friday, time.UTC, Date{2026, time.December, 14}},
		{"upper unit", "+10D", friday, time.UTC, Date{2026, time.December, 14}},
		{"zero days", "0d", friday, time.UTC, Date{2026, time.December, 4}},
		{"weeks", "2w", friday, time.UTC, Date{2026, time.December, 18}},
		{"plus weeks", "+2w", friday, time.UTC, Date{2026, time.December, 18}},
		{"month rollover", "+10d", at(2026, time.November, 26), time.UTC, Date{2026, time.December, 6}},
		{"year rollover tomorrow", "tomorrow", at(2027, time.December, 31), time.UTC, Date{2028, time.January, 1}},
		{"year rollover weekday", "mon", at(2027, time.December, 31), time.UTC, Date{2028, time.January, 3}},
		{"year rollover weeks", "2w", at(2027, time.December, 31), time.UTC, Date{2028, time.January, 14}},
		{"leap day", "2028-02-29", friday, time.UTC, Date{2028, time.February, 29}},
		{"to leap day", "tomorrow", at(2028, time.February, 28), time.UTC, Date{2028, time.February, 29}},
		{"over leap day", "+2d", at(2028, time.February, 28), time.UTC, Date{2028, time.March, 1}},
		{"max days", "3650d", friday, time.UTC, Date{2036, time.December, 1}},
		{"max weeks", "521w", friday, time.UTC, Date{2036, time.November, 28}},
		{"ahead of UTC", "today", at(2026, time.December, 31).Add(13*time.Hour + 30*time.Minute), nzdt, Date{2027, time.January, 1}},
		{"behind UTC", "today", time.Date(2027, time.January, 1, 3, 0, 0, 0, time.UTC), pst, Date{2026, time.December, 31}},
		{"behind UTC iso", "2026-12-31", time.Date(2027, time.January, 1, 3, 0, 0, 0, time.UTC), pst, Date{2026, time.December, 31}},
		{"behind UTC weekday", "fri", time.Date(2027, time.January, 1, 3, 0, 0, 0, time.UTC), pst, Date{2027, time.January, 1}},
		{"nil loc is UTC", "today", time.Date(2027, time.January, 1, 3, 0, 0, 0, pst), nil, Date{2027, time.January, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in, tt.now, tt.loc)
			if err != nil {
				t.Fatalf("ParseDate(%q): got error %v, want %v", tt.in, err, tt.want)
			}
			if got != tt.want {
				t.Errorf("ParseDate(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseDateErrors(t *testing.T) {
	nzdt := time.FixedZone("NZDT", 13*3600)
	tests := []struct {
		name string
		in   string
		now  time.Time
		loc  *time.Location
		want []string
	}{
		{"garbage", "nextish", friday, time.UTC, []string{"`by:` wants a date like `2026-12-18`, `fri`, `tomorrow`, `+10d` or `2w` — got `nextish`"}},
		{"empty", "", friday, time.UTC, []string{"needs a date", "`fri`"}},
		{"yesterday iso", "2026-12-03", friday, time.UTC, []string{"`by:2026-12-03` is in the past"}},
		{"past year", "1999-01-01", friday, time.UTC, []string{"in the past"}},
		{"day passed in zone ahead", "2026-12-31", at(2026, time.December, 31).Add(13*time.Hour + 30*time.Minute), nzdt, []string{"in the past", "`2027-01-15`"}},
		{"invalid leap day", "2027-02-29", friday, time.UTC, []string{"not a day on the calendar", "February 2027 has 28 days", "`2027-02-28`"}},
		{"day 31 of 30", "2027-04-31", friday, time.UTC, []string{"April 2027 has 30 days"}},
		{"day 0", "2027-04-00", friday, time.UTC, []string{"not a day on the calendar"}},
		{"month 13", "2026-13-01", friday, time.UTC, []string{"no month 13", "YYYY-MM-DD"}},
		{"month 0", "2027-00-10", friday, time.UTC, []string{"no month 0"}},
		{"two-digit year", "26-12-04", friday, time.UTC, []string{"`26-12-04`"}},
		{"slashes", "2026/12/24", friday, time.UTC, []string{"`2026/12/24`"}},
		{"negative offset", "-3d", friday, time.UTC, []string{"`-3d`"}},
		{"offset without number", "+d", friday, time.UTC, []string{"`+d`"}},
		{"bare unit", "d", friday, time.UTC, []string{"`d`"}},
		{"offset unit", "3m", friday, time.UTC, []string{"`3m`"}},
		{"words", "10 days", friday, time.UTC, []string{"`10 days`"}},
		{"next friday", "next friday", friday, time.UTC, []string{"`next friday`"}},
		{"too many days", "3651d", friday, time.UTC, []string{"more than ten years"}},
		{"too many weeks", "522w", friday, time.UTC, []string{"more than ten years"}},
		{"huge weeks", "99999999999w", friday, time.UTC, []string{"more than ten years"}},
		{"overflowing days", "99999999999999999999999d", friday, time.UTC, []string{"more than ten years"}},
		{"far iso", "2037-01-01", friday, time.UTC, []string{"more than ten years"}},
		{"year 9999", "9999-12-31", friday, time.UTC, []string{"more than ten years"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDate(tt.in, tt.now, tt.loc)
			if err == nil {
				t.Fatalf("ParseDate(%q) = %v, want an error", tt.in, got)
			}
			assertUserError(t, err, tt.want...)
		})
	}
}

func TestParseICE(t *testing.T) {
	tests := []struct {
		in   string
		want ICE
	}{
		{"8/6/9", ICE{8, 6, 9}},
		{" 8 / 6 / 9 ", ICE{8, 6, 9}},
		{"1/1/1", ICE{1, 1, 1}},
		{"10/10/10", ICE{10, 10, 10}},
		{"08/6/9", ICE{8, 6, 9}},
	}
	for _, tt := range tests {
		got, err := ParseICE(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseICE(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseICEErrors(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", "needs three scores"},
		{"8/6", "`8/6`"},
		{"8/6/9/1", "`8/6/9/1`"},
		{"0/5/5", "from 1 to 10"},
		{"11/5/5", "`11/5/5`"},
		{"8/6/x", "`8/6/x`"},
		{"+8/6/9", "`+8/6/9`"},
		{"8.5/6/9", "`8.5/6/9`"},
		{"//", "`//`"},
		{"８/6/9", "`８/6/9`"},
		{"8,6,9", "`8,6,9`"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseICE(tt.in)
			assertUserError(t, err, tt.want, "`ice:8/6/9`")
		})
	}
}

func TestCleanLine(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"  plain  ", "plain"},
		{"a \t b\nc\r\n d", "a b c d"},
		{"a\u00a0b\u2003c\u2028d", "a b c d"},
		{"nul\x00byte", "nulbyte"},
		{"\x1b[31mred\x7f", "[31mred"},
		{"c1\u0085next\u009bx", "c1 nextx"},
		{"bidi\u202Eevil\u202C \u2066iso\u2069", "bidievil iso"},
		{"zero\u200Bwidth\uFEFF", "zerowidth"},
		{"a \u200B b", "a b"},
		{"family 👨\u200D👩\u200D👧 ok", "family 👨\u200D👩\u200D👧 ok"},
		{"bad\xffutf8\xfe\xfd", "bad\uFFFDutf8\uFFFD"},
		{"Café ☕", "Café ☕"},
	}
	for _, tt := range tests {
		if got := CleanLine(tt.in); got != tt.want {
			t.Errorf("CleanLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", ""},
		{"one line", "one line"},
		{"\n\n  a \t b \n\n", "a b"},
		{"first\r\nsecond\rthird", "first\nsecond\nthird"},
		{"para one\n\n\n\npara two", "para one\n\npara two"},
		{"a\n \t \nb", "a\n\nb"},
		{"x\u2029y", "x\ny"},
		{"ctl\x00\n\x07", "ctl"},
	}
	for _, tt := range tests {
		if got := CleanText(tt.in); got != tt.want {
			t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTargetDirection: a target prints as typed and in words, reads back
// through ParseTarget, and is reached in its own direction.
func TestTargetDirection(t *testing.T) {
	for _, tc := range []struct {
		in, str, words string
		reached        []float64
		notReached     []float64
	}{
		{"500", "500", "at least 500", []float64{500, 501}, []float64{499}},
		{">500", "500", "at least 500", []float64{500}, []float64{80}},
		{"<50", "<50", "at most 50", []float64{50, 45, 0}, []float64{50.1, 80}},
		{"+20%", "+20%", "+20%", nil, []float64{1e6}},
	} {
		tg, err := ParseTarget(tc.in)
		if err != nil {
			t.Fatalf("ParseTarget(%q): %v", tc.in, err)
		}
		if tg.String() != tc.str || tg.Words() != tc.words {
			t.Errorf("%q: String %q, Words %q; want %q, %q", tc.in, tg.String(), tg.Words(), tc.str, tc.words)
		}
		if back, err := ParseTarget(tg.String()); err != nil || back != tg {
			t.Errorf("%q: String %q reads back as %+v, %v", tc.in, tg.String(), back, err)
		}
		for _, v := range tc.reached {
			if !tg.Reached(v) {
				t.Errorf("%q: %v not reached, want reached", tc.in, v)
			}
		}
		for _, v := range tc.notReached {
			if tg.Reached(v) {
				t.Errorf("%q: %v reached, want not", tc.in, v)
			}
		}
	}
}
