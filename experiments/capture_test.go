package experiments

import (
	"strings"
	"testing"
	"time"
)

func TestParseCapture(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Capture
	}{
		{"title only", "Try LinkedIn carousel ads", Capture{Title: "Try LinkedIn carousel ads"}},
		{"all the example", "Try LinkedIn carousel ads metric:signups target:+20% by:2w",
			Capture{Title: "Try LinkedIn carousel ads", Metric: "signups", Target: Target{Value: 20, Percent: true}, Deadline: Date{2026, time.December, 18}}},
		{"every key, any case", "Try ads Metric:signups BY:tomorrow Target:1,200 GOAL:#G2 ICE:8/6/9",
			Capture{Title: "Try ads", Metric: "signups", Target: Target{Value: 1200}, Deadline: Date{2026, time.December, 5}, GoalNumber: 2, ICE: ICE{8, 6, 9}}},
		{"any order", "Try ads ice:8/6/9 goal:G2 by:+10d target:-10% metric:churn",
			Capture{Title: "Try ads", Metric: "churn", Target: Target{Value: -10, Percent: true}, Deadline: Date{2026, time.December, 14}, GoalNumber: 2, ICE: ICE{8, 6, 9}}},
		{"unquoted multi-word metric", "Try ads metric:trial signups by:fri",
			Capture{Title: "Try ads", Metric: "trial signups", Deadline: Date{2026, time.December, 11}}},
		{"quoted metric", `Try ads metric:"trial  signups" target:500`,
			Capture{Title: "Try ads", Metric: "trial signups", Target: Target{Value: 500}}},
		{"typographic quotes", "Try ads metric:“trial signups” target:500",
			Capture{Title: "Try ads", Metric: "trial signups", Target: Target{Value: 500}}},
		{"low-high quotes", "Try ads metric:„Anmeldungen pro Woche“ by:fri",
			Capture{Title: "Try ads", Metric: "Anmeldungen pro Woche", Deadline: Date{2026, time.December, 11}}},
		{"quoted after space", `Try ads metric: "trial signups" by:fri`,
			Capture{Title: "Try ads", Metric: "trial signups", Deadline: Date{2026, time.December, 11}}},
		{"quoted one-word value", `Try ads by:"fri" target:"+20 %"`,
			Capture{Title: "Try ads", Target: Target{Value: 20, Percent: true}, Deadline: Date{2026, time.December, 11}}},
		{"space after colon", "Test pricing page by: Friday metric: demo requests",
			Capture{Title: "Test pricing page", Metric: "demo requests", Deadline: Date{2026, time.December, 11}}},
		{"unknown key stays in title", "Webinar: pricing page metric:signups",
			Capture{Title: "Webinar: pricing page", Metric: "signups"}},
		{"url stays in title", "Read https://x.io/blog?by=fri first by:fri",
			Capture{Title: "Read https://x.io/blog?by=fri first", Deadline: Date{2026, time.December, 11}}},
		{"bare key label at start", "Goal: double trial signups goal:G3",
			Capture{Title: "Goal: double trial signups", GoalNumber: 3}},
		{"key-like word inside a word", "Try nice:things tobY:now ads",
			Capture{Title: "Try nice:things tobY:now ads"}},
		{"non-ASCII look-alike key stays in title", "Try İCE:8/6/9 ads",
			Capture{Title: "Try İCE:8/6/9 ads"}},
		{"colon in metric", "Try ads metric:signups:weekly",
			Capture{Title: "Try ads", Metric: "signups:weekly"}},
		{"quotes in title stay", `Try "free trial" banner metric:signups`,
			Capture{Title: `Try "free trial" banner`, Metric: "signups"}},
		{"unbalanced quote in title", `Test 12" banner by:fri`,
			Capture{Title: `Test 12" banner`, Deadline: Date{2026, time.December, 11}}},
		{"whitespace collapsed", "  Try\tcarousel\n\n ads  \u00a0 metric:\t sign  ups ",
			Capture{Title: "Try carousel ads", Metric: "sign ups"}},
		{"control chars removed", "Try\x00 ads\x07 metric:sign\x1bups",
			Capture{Title: "Try ads", Metric: "signups"}},
		{"invalid utf-8 sanitized", "Try \xff\xfe ads metric:sign\xffups",
			Capture{Title: "Try \uFFFD ads", Metric: "sign\uFFFDups"}},
		{"emoji title", "🚀 Launch 🎉 metric:👍",
			Capture{Title: "🚀 Launch 🎉", Metric: "👍"}},
		{"200-rune title", strings.Repeat("é", 200),
			Capture{Title: strings.Repeat("é", 200)}},
		{"200-emoji title", strings.Repeat("🚀", 200) + " by:today",
			Capture{Title: strings.Repeat("🚀", 200), Deadline: Date{2026, time.December, 4}}},
		{"80-rune metric", "Try ads metric:" + strings.Repeat("m", 80),
			Capture{Title: "Try ads", Metric: strings.Repeat("m", 80)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCapture(tt.in, friday, time.UTC)
			if err != nil {
				t.Fatalf("ParseCapture(%q): got error %v, want %+v", tt.in, err, tt.want)
			}
			if got != tt.want {
				t.Errorf("ParseCapture(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCaptureErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{"An experiment needs a title, e.g. `/exp new Try LinkedIn carousel ads metric:signups target:+20% by:2w`"}},
		{"blank", " \t\n ", []string{"needs a title"}},
		{"controls only", "\x00\x01\u202E", []string{"needs a title"}},
		{"options only", "metric:signups target:+20%", []string{"needs a title", "the title comes first"}},
		{"201-rune title", strings.Repeat("a", 201), []string{"at most 200", "has 201"}},
		{"201-emoji title", strings.Repeat("🚀", 201) + " metric:x", []string{"at most 200", "has 201"}},
		{"duplicate key", "Try ads by:fri by:mon", []string{"`by:` is given twice", "`by:fri`"}},
		{"duplicate key, other case", "Try ads metric:a Metric:b", []string{"`metric:` is given twice"}},
		{"empty value at end", "Try ads metric:", []string{"`metric:` needs a value", "`metric:signups`"}},
		{"empty value before key", "Try ads target: by:fri", []string{"`target:` needs a value", "`target:+20%`"}},
		{"empty quoted value", `Try ads metric:""`, []string{"`metric:` needs a value"}},
		{"blank quoted value", "Try ads metric:“  ”", []string{"`metric:` needs a value"}},
		{"unterminated quote", `Try ads metric:"trial signups by:fri`, []string{"never closed", "`metric:\"trial signups\"`"}},
		{"unterminated typographic quote", "Try ads metric:“trial signups", []string{"never closed"}},
		{"no space after quote", `Try ads metric:"trial signups"by:fri`, []string{"space after the closing quote"}},
		{"words after quote", `Try ads metric:"trial signups" per week by:fri`, []string{"`per` after the quoted `metric:` value"}},
		{"extra words after target", "Try ads target:+20% on linkedin", []string{"`target:` takes one value", "`on linkedin`", "title comes first"}},
		{"extra words after by", "Try ads by:fri pricing page", []string{"`by:` takes one value", "`pricing page`"}},
		{"multi-word date", "Try ads by:10 days", []string{"`by:` wants a date like", "`10 days`"}},
		{"bad date", "Try ads by:nextish", []string{"`by:` wants a date like `2026-12-18`, `fri`, `tomorrow`, `+10d` or `2w` — got `nextish`"}},
		{"past date", "Try ads by:2026-12-01", []string{"in the past"}},
		{"bad target", "Try ads target:lots", []string{"`target:` wants a number", "`lots`"}},
		{"bad goal", "Try ads goal:marketing", []string{"`marketing` is not a goal number"}},
		{"bad ice", "Try ads ice:8/6", []string{"`ice:8/6/9`", "`8/6`"}},
		{"81-rune metric", "Try ads metric:" + strings.Repeat("m", 81), []string{"at most 80", "has 81"}},
		{"metric of controls", "Try ads metric:\x00\x01", []string{"`metric:` needs a value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCapture(tt.in, friday, time.UTC)
			if err == nil {
				t.Fatalf("ParseCapture(%q) = %+v, want an error", tt.in, got)
			}
			assertUserError(t, err, tt.want...)
		})
	}
}

// TestParseCaptureZone checks that by: is read in the channel's zone, where
// it may already be (or still be) another day than in UTC.
func TestParseCaptureZone(t *testing.T) {
	now := time.Date(2027, time.January, 1, 3, 0, 0, 0, time.UTC) // 19:00 on Dec 31 in PST
	pst := time.FixedZone("PST", -8*3600)
	got, err := ParseCapture("Try ads by:today", now, pst)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Date{2026, time.December, 31}); got.Deadline != want {
		t.Errorf("deadline in PST = %v, want %v", got.Deadline, want)
	}
	if _, err := ParseCapture("Try ads by:2026-12-31", now, time.UTC); err == nil {
		t.Error("by:2026-12-31 on 2027-01-01 UTC: got no error, want in the past")
	}
}
