package experiments

import (
	"strings"
	"testing"
	"time"
)

func TestUndoWithinTheWindowByTheDeciderOnly(t *testing.T) {
	decidedAt := time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)
	runningFollowUp := &Experiment{Number: 5, Status: StatusRunning}
	checkedFollowUp := &Experiment{Number: 5, Status: StatusRunning, LastCheckInAt: decidedAt.Add(time.Minute)}
	decidedFollowUp := &Experiment{Number: 5, Status: StatusDecided, Decision: DecisionKill}
	tests := []struct {
		name     string
		by       string
		now      time.Time
		followUp *Experiment
		want     string // the error code, "" when allowed
		says     string // a word the refusal must hold
	}{
		{"at once", "U2", decidedAt, nil, "", ""},
		{"a minute later", "U2", decidedAt.Add(time.Minute), nil, "", ""},
		{"on the tenth minute", "U2", decidedAt.Add(UndoWindow), nil, "", ""},
		{"just past the window", "U2", decidedAt.Add(UndoWindow + time.Millisecond), nil, ECONFLICT, "10 minutes"},
		{"a day later", "U2", decidedAt.Add(24 * time.Hour), nil, ECONFLICT, "10 minutes"},
		{"by the owner, who did not decide", "U1", decidedAt.Add(time.Minute), nil, ECONFLICT, "who decided"},
		{"by someone else", "U3", decidedAt.Add(time.Minute), nil, ECONFLICT, "who decided"},
		{"iterate with an untouched follow-up", "U2", decidedAt.Add(time.Minute), runningFollowUp, "", ""},
		{"iterate whose follow-up has a check-in", "U2", decidedAt.Add(time.Minute), checkedFollowUp, ECONFLICT, "check-ins"},
		{"iterate whose follow-up is decided", "U2", decidedAt.Add(time.Minute), decidedFollowUp, ECONFLICT, "#5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := experimentIn(StatusRunning)
			if err := e.Decide(DecisionKill, "no lift", "U2", decidedAt); err != nil {
				t.Fatal(err)
			}
			before := e
			err := e.Undo(tt.by, tt.now, tt.followUp)
			if ErrorCode(err) != tt.want || !strings.Contains(ErrorMessage(err), tt.says) {
				t.Fatalf("Undo = %v, want code %q saying %q", err, tt.want, tt.says)
			}
			if err != nil {
				if e != before {
					t.Errorf("a refused undo changed the experiment: %+v", e)
				}
				return
			}
			want := experimentIn(StatusRunning)
			if e != want {
				t.Errorf("after undo: %+v\nwant %+v (running, no decision, learning or decider)", e, want)
			}
		})
	}
}

func TestUndoNeedsAKnownDecider(t *testing.T) {
	e := experimentIn(StatusDecided)
	e.DecidedBy = "" // decided before deciders were recorded
	if err := e.Undo("", e.DecidedAt, nil); ErrorCode(err) != ECONFLICT {
		t.Errorf("undo of a decision by nobody known = %v, want ECONFLICT", err)
	}
}

func TestLearnSetsOrReplacesTheLearning(t *testing.T) {
	e := experimentIn(StatusDecided)
	if err := e.Learn("  carousels beat images \n", "U3", lifecycleNow); err != nil {
		t.Fatal(err)
	}
	if e.Learning != "carousels beat images" || e.EditedBy != "U3" || !e.EditedAt.Equal(lifecycleNow) || e.DecidedBy != "U2" {
		t.Errorf("after learn: %+v", e)
	}
	if err := e.Learn("video beats both", "U1", lifecycleNow); err != nil || e.Learning != "video beats both" {
		t.Errorf("replace: %v, learning %q", err, e.Learning)
	}
	for name, text := range map[string]string{"empty": "  ", "too long": strings.Repeat("é", MaxNoteRunes+1)} {
		e := experimentIn(StatusDecided)
		if err := e.Learn(text, "U1", lifecycleNow); ErrorCode(err) != EINVALID || e != experimentIn(StatusDecided) {
			t.Errorf("learn %s: %v, want EINVALID and nothing changed", name, err)
		}
	}
	if err := e.Learn(strings.Repeat("é", MaxNoteRunes), "U1", lifecycleNow); err != nil {
		t.Errorf("learning of exactly %d runes: %v", MaxNoteRunes, err)
	}
}

func TestDecideCapsTheLearning(t *testing.T) {
	e := experimentIn(StatusRunning)
	if err := e.Decide(DecisionKeep, strings.Repeat("a", MaxNoteRunes+1), "U1", lifecycleNow); ErrorCode(err) != EINVALID || e.Status != StatusRunning {
		t.Errorf("decide with a too long learning: %v, status %s; want EINVALID, still running", err, e.Status)
	}
}

func TestEditRecordsTheEditor(t *testing.T) {
	e := experimentIn(StatusRunning)
	title := "Video carousels"
	e.Edit(ExperimentUpdate{By: "U2", Title: &title}, lifecycleNow)
	if e.Title != title || e.Metric != "signups" || e.EditedBy != "U2" || !e.EditedAt.Equal(lifecycleNow) {
		t.Errorf("after edit: %+v", e)
	}
}
