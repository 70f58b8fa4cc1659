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
		e.Decision, e.DecidedBy, e.DecidedAt = DecisionKill, "U2", lifecycleNow.Add(-time.Minute)
	}
	return e
}

func TestLifecycleRules(t *testing.T) {
	deadline := Date{2026, 12, 10}
	steps := map[string]func(e *Experiment) error{
		"launch": func(e *Experiment) error {
			return e.Launch(LaunchPlan{By: "U2", At: lifecycleNow, Today: DateOf(lifecycleNow, time.UTC), DefaultDeadline: deadline})
		},
		"keep": func(e *Experiment) error { return e.Decide(DecisionKeep, "it works", "U2", lifecycleNow) },
		"kill": func(e *Experiment) error { return e.Decide(DecisionKill, "", "U2", lifecycleNow) },
		"iterate": func(e *Experiment) error {
			_, err := e.Iterate("half right", "video", "U2", lifecycleNow, deadline)
			return err
		},
		"check in": func(e *Experiment) error { return e.CanCheckIn() },
		"learn":    func(e *Experiment) error { return e.Learn("it works", "U2", lifecycleNow) },
		"undo":     func(e *Experiment) error { return e.Undo("U2", lifecycleNow, nil) },
	}
	allowed := map[Status][]string{
		StatusIdea:    {"launch"},
		StatusRunning: {"keep", "kill", "iterate", "check in"},
		StatusDecided: {"learn", "undo"},
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

func TestLaunchPicksADeadlineThatHasNotPassed(t *testing.T) {
	today := Date{2026, 11, 26}
	def := Date{2026, 12, 10}
	tests := []struct {
		name       string
		own, typed Date
		wantDue    Date
	}{
		{"no deadline: the default", Date{}, Date{}, def},
		{"own deadline ahead: kept", Date{2027, 1, 5}, Date{}, Date{2027, 1, 5}},
		{"own deadline today: kept", today, Date{}, today},
		{"own deadline passed: the default, not overdue", Date{2026, 11, 25}, Date{}, def},
		{"typed with the launch: wins over the own", Date{2027, 1, 5}, Date{2026, 12, 4}, Date{2026, 12, 4}},
		{"typed with the launch: wins over a passed own", Date{2026, 1, 1}, Date{2026, 11, 27}, Date{2026, 11, 27}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := experimentIn(StatusIdea)
			e.Deadline = tt.own
			err := e.Launch(LaunchPlan{By: "U2", At: lifecycleNow, Today: today, Deadline: tt.typed, DefaultDeadline: def})
			if err != nil || e.Deadline != tt.wantDue || e.Status != StatusRunning {
				t.Errorf("launch: %v, due %s, status %s; want due %s, running", err, e.Deadline, e.Status, tt.wantDue)
			}
			if e.LaunchedBy != "U2" || !e.LaunchedAt.Equal(lifecycleNow) || e.Owner != "U1" {
				t.Errorf("launched by %q at %s, owner %q; want U2 at %s, owner U1 kept", e.LaunchedBy, e.LaunchedAt, e.Owner, lifecycleNow)
			}
		})
	}
}

func TestDecideRecordsVerdictAndLearning(t *testing.T) {
	e := experimentIn(StatusRunning)
	if err := e.Decide(DecisionKeep, "  carousels win \n", "U2", lifecycleNow); err != nil {
		t.Fatal(err)
	}
	if e.Status != StatusDecided || e.Decision != DecisionKeep || e.Learning != "carousels win" || !e.DecidedAt.Equal(lifecycleNow) || e.DecidedBy != "U2" {
		t.Errorf("after keep: %+v", e)
	}
	e = experimentIn(StatusRunning)
	if err := e.Decide(DecisionIterate, "", "U2", lifecycleNow); ErrorCode(err) != EINVALID {
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
	next, err := e.Iterate("half right", " try video ", "U2", lifecycleNow, Date{2026, 12, 10})
	if err != nil {
		t.Fatal(err)
	}
	if e.Decision != DecisionIterate || e.Learning != "half right" || e.DecidedBy != "U2" {
		t.Errorf("parent after iterate: %+v", e)
	}
	want := Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "Carousels", Hypothesis: "Iterating on #4: try video",
		Metric: "signups", Target: Target{Value: 20, Percent: true}, Deadline: Date{2026, 12, 10}, GoalID: 3,
		Status: StatusRunning, ParentID: 7, CreatedAt: lifecycleNow, LaunchedAt: lifecycleNow, LaunchedBy: "U2"}
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
