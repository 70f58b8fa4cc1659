package experiments

import (
	"strings"
	"testing"
	"time"
)

func TestParseEdit(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  Capture
		hyp   string
		given []string
	}{
		{"nothing", "  ", Capture{}, "", nil},
		{"one key", "by:fri", Capture{Deadline: Date{2026, time.December, 11}}, "", []string{"by"}},
		{"every key, any case", `Title:"Video carousels" HYPOTHESIS:video beats stills metric:trial signups target:+20% by:2w goal:G2 ice:8/6/9`,
			Capture{Title: "Video carousels", Metric: "trial signups", Target: Target{20, true}, Deadline: Date{2026, time.December, 18}, GoalNumber: 2, ICE: ICE{8, 6, 9}},
			"video beats stills", []string{"title", "hypothesis", "metric", "target", "by", "goal", "ice"}},
		{"title with a label and a URL", "title:Webinar: pricing https://x.io/a", Capture{Title: "Webinar: pricing https://x.io/a"}, "", []string{"title"}},
		{"quoted value keeps a word with a colon", `metric:"signups per:week"`, Capture{Metric: "signups per:week"}, "", []string{"metric"}},
		{"space after colon", "title: New name target: 500", Capture{Title: "New name", Target: Target{Value: 500}}, "", []string{"title", "target"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseEdit(tt.in, friday, time.UTC)
			if err != nil {
				t.Fatalf("ParseEdit(%q): %v", tt.in, err)
			}
			if got.Capture != tt.want || got.Hypothesis != tt.hyp || got.Keys() != len(tt.given) {
				t.Errorf("ParseEdit(%q) = %+v, hypothesis %q, %d keys\nwant %+v, %q, %v", tt.in, got.Capture, got.Hypothesis, got.Keys(), tt.want, tt.hyp, tt.given)
			}
			for _, k := range tt.given {
				if !got.Has(k) {
					t.Errorf("ParseEdit(%q) lacks key %q", tt.in, k)
				}
			}
		})
	}
}

func TestParseEditErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"unknown key first", "color:red", []string{"`color:` is not something I can change", "`edit #4 metric:signups target:+20% by:fri`"}},
		{"text first", "New title metric:x", []string{"`New` is not an option", "title:"}},
		{"unknown key after a one-word value", "by:fri color:red", []string{"`color:` is not something I can change"}},
		{"unknown key inside a text value", "metric:signups color:red", []string{"`color:` is not something I can change", "quote the value"}},
		{"extra words after a one-word value", "target:+20% on linkedin", []string{"`target:` takes one value", "`on linkedin`", "title:, hypothesis:"}},
		{"twice", "by:fri BY:mon", []string{"`by:` is given twice"}},
		{"empty title", "title: by:fri", []string{"`title:` needs a value"}},
		{"empty hypothesis", `hypothesis:""`, []string{"`hypothesis:` needs a value"}},
		{"long title", "title:" + strings.Repeat("a", 201), []string{"at most 200"}},
		{"long hypothesis", "hypothesis:" + strings.Repeat("a", MaxHypothesisRunes+1), []string{"at most 2000"}},
		{"bad date", "by:nextish", []string{"`by:` wants a date"}},
		{"past date", "by:2020-01-01", []string{"in the past"}},
		{"bad ice", "ice:8/6", []string{"`ice:8/6/9`"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseEdit(tt.in, friday, time.UTC)
			if err == nil {
				t.Fatalf("ParseEdit(%q) = %+v, want an error", tt.in, got)
			}
			assertUserError(t, err, tt.want...)
		})
	}
}

// TestParseCaptureIgnoresEditKeys keeps `new` as it was: title: and
// hypothesis: are edit's keys, not quick capture's.
func TestParseCaptureIgnoresEditKeys(t *testing.T) {
	got, err := ParseCapture("Try title:case hypothesis:x metric:signups", friday, time.UTC)
	if err != nil || got.Title != "Try title:case hypothesis:x" || got.Metric != "signups" {
		t.Errorf("ParseCapture = %+v, %v; want title: and hypothesis: kept in the title", got, err)
	}
}
