package experiments

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseOptions(t *testing.T) {
	str := func(s string) *string { return &s }
	tests := []struct {
		name string
		in   string
		want Options
	}{
		{"one", "target:+50%", Options{Target: &Target{Value: 50, Percent: true}}},
		{"title runs to the next key", "title:Triple trial signups by:fri",
			Options{Title: str("Triple trial signups"), Deadline: &Date{2026, time.December, 11}}},
		{"quoted title, any case, space after colon", `Title: "Close: the gap" METRIC:signups`,
			Options{Title: str("Close: the gap"), Metric: str("signups")}},
		{"every key", "title:T metric:m target:500 by:2w goal:G2 ice:8/6/9",
			Options{Title: str("T"), Metric: str("m"), Target: &Target{Value: 500}, Deadline: &Date{2026, time.December, 18},
				GoalNumber: ptrTo(2), ICE: &ICE{8, 6, 9}}},
		{"surrounding space", "  by:tomorrow \n", Options{Deadline: &Date{2026, time.December, 5}}},
		{"every key, any case", `Title:"Video carousels" HYPOTHESIS:video beats stills metric:trial signups target:+20% by:2w goal:G2 ice:8/6/9`,
			Options{Title: str("Video carousels"), Hypothesis: str("video beats stills"), Metric: str("trial signups"),
				Target: &Target{Value: 20, Percent: true}, Deadline: &Date{2026, time.December, 18}, GoalNumber: ptrTo(2), ICE: &ICE{8, 6, 9}}},
		{"title with a label and a URL", "title:Webinar: pricing https://x.io/a", Options{Title: str("Webinar: pricing https://x.io/a")}},
		{"quoted value keeps a word with a colon", `metric:"signups per:week"`, Options{Metric: str("signups per:week")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseOptions(tt.in, friday, time.UTC)
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseOptions(%q) = %s, %v\nwant %s", tt.in, optionsString(got), err, optionsString(tt.want))
			}
		})
	}
}

func ptrTo[T any](v T) *T { return &v }

func optionsString(o Options) string {
	var parts []string
	v := reflect.ValueOf(o)
	for i := 0; i < v.NumField(); i++ {
		if f := v.Field(i); !f.IsNil() {
			parts = append(parts, fmt.Sprintf("%s=%+v", v.Type().Field(i).Name, f.Elem().Interface()))
		}
	}
	return "{" + strings.Join(parts, " ") + "}"
}

func TestParseOptionsErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "  ", []string{"key:value options", "title:, hypothesis:", "`edit #4 metric:signups target:+20% by:fri`"}},
		{"text before the options", "Triple signups target:+50%", []string{"`Triple` is not an option", "use title:"}},
		{"unknown key", "owner:U2", []string{"`owner:` is not something I can change"}},
		{"unknown key after a one-word value", "by:fri color:red", []string{"`color:` is not something I can change"}},
		{"unknown key inside a text value", "metric:signups color:red", []string{"`color:` is not something I can change", "quote the value"}},
		{"title twice", "title:a title:b", []string{"`title:` is given twice"}},
		{"twice in another case", "by:fri BY:mon", []string{"`by:` is given twice"}},
		{"empty title", `title:"" by:fri`, []string{"`title:` needs a value"}},
		{"empty hypothesis", `hypothesis:""`, []string{"`hypothesis:` needs a value"}},
		{"long title", "title:" + strings.Repeat("a", 201), []string{"at most 200"}},
		{"long hypothesis", "hypothesis:" + strings.Repeat("a", MaxNoteRunes+1), []string{"at most 2000"}},
		{"bad target, as in capture", "target:lots", []string{"`target:` wants a number"}},
		{"extra words after by", "by:fri pricing page", []string{"`by:` takes one value", "`pricing page`", "use title:, hypothesis:"}},
		{"bad date", "by:nextish", []string{"`by:` wants a date"}},
		{"past date", "by:2020-01-01", []string{"in the past"}},
		{"bad ice", "ice:8/6", []string{"`ice:8/6/9`"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseOptions(tt.in, friday, time.UTC)
			if err == nil {
				t.Fatalf("ParseOptions(%q) = %s, want an error", tt.in, optionsString(got))
			}
			assertUserError(t, err, tt.want...)
		})
	}
}

// title: and hypothesis: are options of edits only: in quick capture the
// title is the leading text, and such a word stays in it as before.
func TestCaptureKeepsTitleWordInTitle(t *testing.T) {
	got, err := ParseCapture("Try title:case hypothesis:x ads metric:signups", friday, time.UTC)
	want := Capture{Title: "Try title:case hypothesis:x ads", Metric: "signups"}
	if err != nil || got != want {
		t.Errorf("ParseCapture = %+v, %v; want %+v", got, err, want)
	}
}

func TestOptionsGoalUpdate(t *testing.T) {
	o, err := ParseOptions("title:Grow metric:signups target:+50% by:2w", friday, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	u, err := o.GoalUpdate()
	if err != nil || *u.Title != "Grow" || *u.Metric != "signups" || *u.Target != (Target{Value: 50, Percent: true}) || *u.Deadline != (Date{2026, time.December, 18}) {
		t.Errorf("GoalUpdate = %+v, %v", u, err)
	}
	for _, in := range []string{"goal:G2", "ice:8/6/9"} {
		o, err := ParseOptions(in, friday, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		_, err = o.GoalUpdate()
		assertUserError(t, err, "A goal has `title:`, `metric:`, `target:` and `by:` only", "goal edit G1")
	}
}
