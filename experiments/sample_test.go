package experiments

import (
	"strings"
	"testing"
	"time"
)

func TestParseCheckInRates(t *testing.T) {
	for _, tc := range []struct {
		in, metric string
		sample     string // Sample.String(), "" for none
		value      string // formatValue of Value, "" for none
		note       string
	}{
		{"42/1000", "", "42/1000", "4.2", ""},
		{"42/1,000 first week", "", "42/1000", "4.2", "first week"},
		{"42/1000 vs 31/1000 subject line B", "", "42/1000 vs 31/1000", "4.2", "subject line B"},
		{"42/1000 VS 31/1000", "", "42/1000 vs 31/1000", "4.2", ""},
		{"0/50", "", "0/50", "0", ""},
		{"signups 40", "signups", "", "40", ""},
		{"Trial signups 40 after launch", "trial signups", "", "40", "after launch"},
		{"signups 42/1000 vs 31/1000", "signups", "42/1000 vs 31/1000", "4.2", ""},
		{"signups were slow", "signups", "", "", "signups were slow"},
		{"signups 40", "leads", "", "", "signups 40"},
		{"412 signups", "signups", "", "412", "signups"},
	} {
		ci, err := ParseCheckInOf(tc.in, tc.metric)
		if err != nil {
			t.Errorf("ParseCheckInOf(%q, %q): %v", tc.in, tc.metric, err)
			continue
		}
		var sample, value string
		if ci.Sample != nil {
			sample = ci.Sample.String()
		}
		if ci.Value != nil {
			value = formatValue(*ci.Value)
		}
		if sample != tc.sample || value != tc.value || ci.Note != tc.note {
			t.Errorf("ParseCheckInOf(%q, %q) = sample %q value %q note %q; want %q %q %q", tc.in, tc.metric, sample, value, ci.Note, tc.sample, tc.value, tc.note)
		}
	}
}

func TestParseCheckInRateErrors(t *testing.T) {
	for in, want := range map[string]string{
		"42/0":             "no one to convert",
		"50/40":            "more conversions than people",
		"-3/10":            "not a rate",
		"4.5/10":           "not a rate",
		"42/1000 vs":       "`vs` needs the control's rate",
		"42/1000 vs many":  "`vs` needs the control's rate",
		"42/1000 vs 40/30": "more conversions than people",
	} {
		_, err := ParseCheckIn(in)
		if err == nil || !strings.Contains(ErrorMessage(err), want) || !strings.Contains(ErrorMessage(err), "e.g.") && !strings.Contains(ErrorMessage(err), "`42/1000 vs 31/1000`") {
			t.Errorf("ParseCheckIn(%q) = %v, want an error with %q and an example", in, err, want)
		}
	}
}

func TestNumberInNote(t *testing.T) {
	ci, _ := ParseCheckInOf("signups 40", "leads")
	if n, ok := NumberInNote(ci); !ok || n != "40" {
		t.Errorf("NumberInNote = %q, %v; want 40", n, ok)
	}
	ci, _ = ParseCheckIn("412 signups")
	if _, ok := NumberInNote(ci); ok {
		t.Error("a check-in with a value has no number lost in its note")
	}
}

// TestReadEvidence: the guards hold back a thin sample, a short run, and
// say what is missing; past them, a sure variant cues with its chance and
// lift, a sure loser asks to kill, a close call does not cue.
func TestReadEvidence(t *testing.T) {
	launched := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	e := Experiment{Status: StatusRunning, LaunchedAt: launched}
	day := 24 * time.Hour
	for _, tc := range []struct {
		name   string
		s      Sample
		ran    time.Duration
		target Target
		decide bool
		want   []string
	}{
		{"thin sample", Sample{Arm{5, 50}, Arm{9, 50}}, 9 * day, Target{}, false,
			[]string{"too early to call: about", "more people per side to tell a +10% lift (no target lift set) on 18% from noise"}},
		{"thin sample, target lift", Sample{Arm{31, 1000}, Arm{31, 1000}}, 9 * day, Target{Value: 20, Percent: true}, false,
			[]string{"too early to call: about 12,", "to tell a +20% lift on 3.1% from noise"}},
		{"too short a run", Sample{Arm{130, 2000}, Arm{100, 2000}}, 2 * day, Target{}, false,
			[]string{"too early to call"}},
		{"a sure winner", Sample{Arm{130, 2000}, Arm{100, 2000}}, 9 * day, Target{}, true,
			[]string{"98% chance the variant beats control (+30%, likely", "over 4,000 people in 9 days"}},
		{"a sure loser", Sample{Arm{100, 2000}, Arm{130, 2000}}, 9 * day, Target{}, true,
			[]string{"almost surely worse than control (-23%", "kill it?"}},
		{"a close call", Sample{Arm{42, 1000}, Arm{31, 1000}}, 9 * day, Target{}, false,
			[]string{"90% chance the variant beats control (+35%", "; too early to call: about", "more people per side"}},
		{"sure of nothing after many", Sample{Arm{3100, 100000}, Arm{3080, 100000}}, 9 * day, Target{}, false,
			[]string{"chance the variant beats control", "not sure yet either way"}},
	} {
		e.Target = tc.target
		r := ReadEvidence(e, tc.s, launched.Add(tc.ran))
		if r.Decide != tc.decide {
			t.Errorf("%s: Decide = %v, want %v (%s)", tc.name, r.Decide, tc.decide, r.Line)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.Line, w) {
				t.Errorf("%s: %q lacks %q", tc.name, r.Line, w)
			}
		}
		last := CheckIn{OnTrack: true, At: launched.Add(tc.ran), Sample: &tc.s}
		if line, ok := DecideCue(e, nil, last); ok != tc.decide || (ok && line != r.Line) || (!ok && line != "") {
			t.Errorf("%s: DecideCue = %q, %v; want the reading's", tc.name, line, ok)
		}
	}
}
