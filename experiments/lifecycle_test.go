package experiments

import (
	"testing"
	"time"
)

var lifecycleNow = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func experimentIn(s Status) Experiment {
	e := Experiment{ID: 7, Number: 4, Team: "T1", Channel: "C1", Owner: "U1", Title: "Carousels",
		Metric: "signups", Target: Target{Value: 20, Percent: true}, GoalID: 3, Status: s}
	if s == StatusDecided {
		e.Decision = DecisionKill
	}
	return e
}

func TestLifecycleRules(t *testing.T) {
	deadline := Date{2026, 12, 10}
	steps := map[string]func(e *Experiment) error{
		"launch": func(e *Experiment) error { return e.Launch(lifecycleNow, deadline) },
		"keep":   func(e *Experiment) error { return e.Decide(DecisionKeep, "it works", lifecycleNow) },
		"kill":   func(e *Experiment) error { return e.Decide(DecisionKill, "", lifecycleNow) },
		"iterate": func(e *Experiment) error {
			_, err := e.Iterate("half right", "video", lifecycleNow, deadline)
			return err
		},
		"check in": func(e *Experiment) error { return e.CanCheckIn() },
	}
	allowed := map[Status][]string{
		StatusIdea:    {"launch"},
		StatusRunning: {"keep", "kill", "iterate", "check in"},
		StatusDecided: {},
	}
	for status, ok := range allowed {
		for name, step := range steps {
			e := experimentIn(status)
			err := step(&e)
			want := contains(ok, name)
			if want && err != nil {
				t.Errorf("%s on %s: %v, want allowed", name, status, err)
			}
			if !want && ErrorCode(err) != ECONFLICT {
				t.Errorf("%s on %s: error %v (code %q), want %s", name, status, err, ErrorCode(err), ECONFLICT)
			}
			if !want && e != experimentIn(status) {
				t.Errorf("%s on %s changed the experiment to %+v despite the error", name, status, e)
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestLaunchKeepsOwnDeadlineElseDefault(t *testing.T) {
	e := experimentIn(StatusIdea)
	if err := e.Launch(lifecycleNow, Date{2026, 12, 10}); err != nil || e.Deadline != (Date{2026, 12, 10}) || !e.LaunchedAt.Equal(lifecycleNow) || e.Status != StatusRunning {
		t.Errorf("launch without deadline: %+v, %v; want running, due 2026-12-10", e, err)
	}
	e = experimentIn(StatusIdea)
	e.Deadline = Date{2027, 1, 5}
	if err := e.Launch(lifecycleNow, Date{2026, 12, 10}); err != nil || e.Deadline != (Date{2027, 1, 5}) {
		t.Errorf("launch kept deadline %s, want the idea's own 2027-01-05", e.Deadline)
	}
}

func TestDecideRecordsVerdictAndLearning(t *testing.T) {
	e := experimentIn(StatusRunning)
	if err := e.Decide(DecisionKeep, "  carousels win \n", lifecycleNow); err != nil {
		t.Fatal(err)
	}
	if e.Status != StatusDecided || e.Decision != DecisionKeep || e.Learning != "carousels win" || !e.DecidedAt.Equal(lifecycleNow) {
		t.Errorf("after keep: %+v", e)
	}
	e = experimentIn(StatusRunning)
	if err := e.Decide(DecisionIterate, "", lifecycleNow); ErrorCode(err) != EINVALID {
		t.Errorf("Decide(iterate) = %v, want EINVALID: iterate goes through Iterate", err)
	}
	if _, err := ParseDecision("maybe"); ErrorCode(err) != EINVALID {
		t.Errorf("ParseDecision(maybe) = %v, want EINVALID", err)
	}
	if d, err := ParseDecision(" KEEP "); err != nil || d != DecisionKeep {
		t.Errorf("ParseDecision(KEEP) = %q, %v", d, err)
	}
}

func TestIterateCreatesTheLinkedFollowUp(t *testing.T) {
	e := experimentIn(StatusRunning)
	next, err := e.Iterate("half right", " try video ", lifecycleNow, Date{2026, 12, 10})
	if err != nil {
		t.Fatal(err)
	}
	if e.Decision != DecisionIterate || e.Learning != "half right" {
		t.Errorf("parent after iterate: %+v", e)
	}
	want := Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "Carousels", Hypothesis: "try video",
		Metric: "signups", Target: Target{Value: 20, Percent: true}, Deadline: Date{2026, 12, 10}, GoalID: 3,
		Status: StatusRunning, ParentID: 7, CreatedAt: lifecycleNow, LaunchedAt: lifecycleNow}
	if next != want {
		t.Errorf("follow-up = %+v\nwant %+v", next, want)
	}
}

func TestErrorCodeAndMessage(t *testing.T) {
	if ErrorCode(nil) != "" || ErrorMessage(nil) != "" {
		t.Error("nil error has a code or message")
	}
	plain := errTest("disk on fire")
	if ErrorCode(plain) != EINTERNAL || ErrorMessage(plain) == "disk on fire" {
		t.Errorf("internal error: code %q message %q; want EINTERNAL and no details", ErrorCode(plain), ErrorMessage(plain))
	}
	wrapped := wrapTest{Errorf(ENOTFOUND, "No experiment #9.")}
	if ErrorCode(wrapped) != ENOTFOUND || ErrorMessage(wrapped) != "No experiment #9." {
		t.Errorf("wrapped: %q %q", ErrorCode(wrapped), ErrorMessage(wrapped))
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }

type wrapTest struct{ err error }

func (w wrapTest) Error() string { return "op: " + w.err.Error() }
func (w wrapTest) Unwrap() error { return w.err }
