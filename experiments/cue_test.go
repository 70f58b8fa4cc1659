package experiments

import (
	"testing"
	"time"
)

func TestDecideCue(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	running := func(target Target) Experiment { return Experiment{Status: StatusRunning, Target: target} }
	abs15, up20, down10 := Target{Value: 15}, Target{Value: 20, Percent: true}, Target{Value: -10, Percent: true}
	atMost50, cpa50 := Target{Value: 50, AtMost: true}, Target{Value: 50}
	for _, tt := range []struct {
		name  string
		e     Experiment
		first *float64
		last  CheckIn
		want  string // "" when no cue
	}{
		{"off track", running(Target{}), nil, CheckIn{OnTrack: false}, "marked off track"},
		{"past an absolute target", running(abs15), nil, CheckIn{OnTrack: true, Value: f(19)}, "19 logged, past the target of 15"},
		{"at an absolute target", running(abs15), nil, CheckIn{OnTrack: true, Value: f(15)}, "15 logged, past the target of 15"},
		{"below an absolute target", running(abs15), nil, CheckIn{OnTrack: true, Value: f(14.5)}, ""},
		{"no value", running(abs15), nil, CheckIn{OnTrack: true}, ""},
		{"no target", running(Target{}), nil, CheckIn{OnTrack: true, Value: f(99)}, ""},
		{"relative target reached", running(up20), f(100), CheckIn{OnTrack: true, Value: f(127)}, "+27% since the first check-in, past the target of +20%"},
		{"relative target not reached", running(up20), f(100), CheckIn{OnTrack: true, Value: f(119)}, ""},
		{"relative without a baseline", running(up20), nil, CheckIn{OnTrack: true, Value: f(500)}, ""},
		{"relative from a zero baseline", running(up20), f(0), CheckIn{OnTrack: true, Value: f(5)}, ""},
		{"a fall reaches a negative target", running(down10), f(50), CheckIn{OnTrack: true, Value: f(44)}, "-12% since the first check-in, past the target of -10%"},
		{"a rise is not a negative target", running(down10), f(50), CheckIn{OnTrack: true, Value: f(60)}, ""},
		{"decided already", Experiment{Status: StatusDecided, Target: abs15}, nil, CheckIn{OnTrack: false}, ""},
		// Issue 22: lower is better.
		{"down to an at-most target", running(atMost50), f(80), CheckIn{OnTrack: true, Value: f(45)}, "45 logged, down to the target of at most 50"},
		{"at an at-most target", running(atMost50), f(80), CheckIn{OnTrack: true, Value: f(50)}, "50 logged, down to the target of at most 50"},
		{"above an at-most target", running(atMost50), f(80), CheckIn{OnTrack: true, Value: f(80)}, ""},
		{"an at-least target the first value started past", running(cpa50), f(80), CheckIn{OnTrack: true, Value: f(80)}, ""},
		{"an at-least target reached from below", running(cpa50), f(30), CheckIn{OnTrack: true, Value: f(55)}, "55 logged, past the target of 50"},
		{"a later value past an at-least target it started past", running(cpa50), f(80), CheckIn{OnTrack: true, Value: f(85)}, "85 logged, past the target of 50"},
		{"off track still cues", running(atMost50), f(80), CheckIn{OnTrack: false, Value: f(90)}, "marked off track"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := DecideCue(tt.e, tt.first, tt.last)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("DecideCue = %q, %v; want %q", got, ok, tt.want)
			}
		})
	}
}

// TestLowerIsBetter asks once when the first value is already past an "at
// least" target, and never for a target with a direction or a change.
func TestLowerIsBetter(t *testing.T) {
	e := Experiment{Number: 1, Status: StatusRunning, Metric: "cpa", Target: Target{Value: 50}}
	if got, ok := LowerIsBetter(e, 80); !ok || got != (Target{Value: 50, AtMost: true}) {
		t.Errorf("LowerIsBetter = %+v, %v; want at most 50", got, ok)
	}
	for name, tc := range map[string]struct {
		target Target
		first  float64
	}{
		"below the target": {Target{Value: 50}, 30},
		"at most":          {Target{Value: 50, AtMost: true}, 80},
		"a change":         {Target{Value: 20, Percent: true}, 80},
		"no target":        {Target{}, 80},
	} {
		e.Target = tc.target
		if got, ok := LowerIsBetter(e, tc.first); ok {
			t.Errorf("%s: LowerIsBetter = %+v, want none", name, got)
		}
	}
}

func TestNeedsLearning(t *testing.T) {
	now := time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC)
	decided := func(ago time.Duration, learning string) Experiment {
		return Experiment{Status: StatusDecided, Learning: learning, DecidedAt: now.Add(-ago)}
	}
	for _, tt := range []struct {
		name string
		e    Experiment
		want bool
	}{
		{"decided yesterday with no learning", decided(24*time.Hour, ""), true},
		{"with a learning", decided(24*time.Hour, "fast"), false},
		{"29 days ago", decided(29*24*time.Hour, ""), true},
		{"30 days ago is out", decided(LearningPromptWindow, ""), false},
		{"decided after the round", decided(-time.Minute, ""), false},
		{"running", Experiment{Status: StatusRunning}, false},
	} {
		if got := NeedsLearning(tt.e, now); got != tt.want {
			t.Errorf("%s: NeedsLearning = %v, want %v", tt.name, got, tt.want)
		}
	}
}
