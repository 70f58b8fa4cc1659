package bot

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

var dmNow = utc("2026-06-02T08:05:00Z")

func newCheckInApp(store any) *App {
	a := NewApp(storesOf(store), nil, time.UTC)
	a.Now = func() time.Time { return dmNow }
	return a
}

// clickOn clicks a DM button on experiment n of a DM listing 1 and 2.
func clickOn(actionID string, n int) Action {
	return Action{Team: "T1", User: "U1", Channel: "DU1", MessageTS: "1700000000.000100",
		ActionID: actionID, Value: string(rune('0' + n)), Listed: []int{1, 2}}
}

func TestActOpensTheModalOfEachButton(t *testing.T) {
	want := map[string]string{actionCheckInLog: "checkin_log", actionCheckInKeep: "decide_keep",
		actionCheckInKill: "decide_kill", actionCheckInIterate: "decide_iterate"}
	for action, callback := range want {
		t.Run(action, func(t *testing.T) {
			app := newCheckInApp(newCheckInStoreFake(dmNow, running(1, "U1", "Carousel"), running(2, "U1", "Webinar")))
			r, err := app.Act(context.Background(), clickOn(action, 1))
			if err != nil || r.Modal == nil {
				t.Fatalf("Act = %+v, %v; want a modal", r, err)
			}
			if r.Modal.CallbackID != callback {
				t.Errorf("callback %q, want %q", r.Modal.CallbackID, callback)
			}
			var st dmModalState
			if err := json.Unmarshal([]byte(r.Modal.PrivateMetadata), &st); err != nil {
				t.Fatal(err)
			}
			st.Sig = ""
			wantSt := dmModalState{modalState: modalState{Team: "T1", Channel: "C1", Number: 1, From: "DU1", User: "U1"},
				DMChannel: "DU1", DMTS: "1700000000.000100", Listed: []int{1, 2}}
			if !reflect.DeepEqual(st, wantSt) {
				t.Errorf("private metadata %+v, want %+v", st, wantSt)
			}
		})
	}
}

func TestActOnAnExperimentNoLongerRunning(t *testing.T) {
	decided := running(1, "U1", "Carousel <ads>")
	if err := decided.Decide(experiments.DecisionKeep, "worked", "U1", dmNow); err != nil {
		t.Fatal(err)
	}
	app := newCheckInApp(newCheckInStoreFake(dmNow, decided))
	for _, action := range []string{actionCheckInKeep, actionCheckInLog} {
		r, err := app.Act(context.Background(), clickOn(action, 1))
		if err != nil || r.Modal != nil {
			t.Fatalf("%s: Act = %+v, %v; want a text and no modal", action, r, err)
		}
		if want := "#1 *Carousel &lt;ads&gt;* is already decided (keep) — nothing changed."; !strings.Contains(r.Text, want) {
			t.Errorf("%s: reply %q, want %q", action, r.Text, want)
		}
	}
	if r, err := app.Act(context.Background(), clickOn(actionCheckInKeep, 9)); err != nil || !strings.Contains(r.Text, "gone") {
		t.Errorf("click on a deleted experiment: %+v, %v; want it called gone", r, err)
	}
}

func TestActIgnoresOtherButtons(t *testing.T) {
	app := newCheckInApp(newCheckInStoreFake(dmNow))
	if r, err := app.Act(context.Background(), Action{ActionID: "someone_elses"}); err != nil || r.Text != "" || r.Modal != nil {
		t.Errorf("unknown action: %+v, %v; want nothing", r, err)
	}
	if _, err := app.Act(context.Background(), Action{ActionID: actionCheckInKeep, Value: "x"}); err == nil {
		t.Error("a button with a bad value: no error")
	}
}

// submitFrom opens the modal of action on #1 and submits it with values.
func submitFrom(t *testing.T, app *App, action string, values map[string]string) (Outcome, error) {
	t.Helper()
	r, err := app.Act(context.Background(), clickOn(action, 1))
	if err != nil || r.Modal == nil {
		t.Fatalf("Act = %+v, %v; want a modal", r, err)
	}
	return app.Submit(context.Background(), Submission{Team: "T1", User: "U1", CallbackID: r.Modal.CallbackID,
		Metadata: r.Modal.PrivateMetadata, Values: values})
}

// theUpdate returns the one chat.update of the DM among msgs.
func theUpdate(t *testing.T, msgs []experiments.OutboxMessage) wire {
	t.Helper()
	var updates []wire
	for _, m := range msgs {
		if m.Kind == kindUpdate {
			updates = append(updates, decodeWire(t, m))
		}
	}
	if len(updates) != 1 || updates[0].Channel != "DU1" || updates[0].TS != "1700000000.000100" {
		t.Fatalf("updates %+v, want one of the DM DU1 at its ts", updates)
	}
	return updates[0]
}

func TestSubmitLogFromTheDM(t *testing.T) {
	store := newCheckInStoreFake(dmNow, running(1, "U1", "Carousel"), running(2, "U1", "Webinar"))
	out, err := submitFrom(t, newCheckInApp(store), actionCheckInLog,
		map[string]string{fieldValue: "1,200", fieldNote: "good <start>", fieldOnTrack: "no"})
	if err != nil || len(out.FieldErrors) > 0 {
		t.Fatalf("Submit = %+v, %v", out, err)
	}
	if len(store.checkIns) != 1 {
		t.Fatalf("%d check-ins stored, want 1", len(store.checkIns))
	}
	ci := store.checkIns[0]
	if ci.Value == nil || *ci.Value != 1200 || ci.Note != "good <start>" || ci.OnTrack || ci.Author != "U1" {
		t.Errorf("check-in %+v, want 1200, the note, off track, by U1", ci)
	}
	dm := theUpdate(t, store.queued)
	for _, want := range []string{":memo: Logged: *1200* — good &lt;start&gt; — _off track_.", "Last check-in: today.", "*#2* Webinar"} {
		if !strings.Contains(dm.allText(), want) {
			t.Errorf("redrawn DM lacks %q:\n%s", want, dm.allText())
		}
	}
}

func TestSubmitLogFieldErrors(t *testing.T) {
	long := strings.Repeat("x", experiments.MaxNoteRunes+1)
	tests := []struct {
		name   string
		values map[string]string
		field  string
	}{
		{"not a number", map[string]string{fieldValue: "lots"}, fieldValue},
		{"nothing to log", map[string]string{fieldOnTrack: "yes"}, fieldValue},
		{"note too long", map[string]string{fieldNote: long}, fieldNote},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newCheckInStoreFake(dmNow, running(1, "U1", "Carousel"))
			out, err := submitFrom(t, newCheckInApp(store), actionCheckInLog, tt.values)
			if err != nil || out.FieldErrors[tt.field] == "" {
				t.Errorf("Submit = %+v, %v; want an error on %s", out, err, tt.field)
			}
			if len(store.checkIns) != 0 || len(store.queued) != 0 {
				t.Errorf("stored %v and queued %d messages, want nothing", store.checkIns, len(store.queued))
			}
		})
	}
}

func TestSubmitKeepFromTheDM(t *testing.T) {
	store := newCheckInStoreFake(dmNow, running(1, "U1", "Carousel"), running(2, "U1", "Webinar"))
	out, err := submitFrom(t, newCheckInApp(store), actionCheckInKeep, map[string]string{fieldLearning: "Carousels doubled signups"})
	if err != nil || len(out.FieldErrors) > 0 {
		t.Fatalf("Submit = %+v, %v", out, err)
	}
	if e := store.exps[1]; e.Decision != experiments.DecisionKeep || e.Learning != "Carousels doubled signups" {
		t.Errorf("#1 = %s %q, want keep with the learning", e.Decision, e.Learning)
	}
	var posts int
	for _, m := range store.queued {
		if m.Kind == kindPost && strings.Contains(decodeWire(t, m).Text, "decided *keep* on #1") {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("%d announcements of the decision, want 1", posts)
	}
	dm := theUpdate(t, store.queued)
	if !strings.Contains(dm.allText(), "Decided *keep*") || !strings.Contains(dm.allText(), ">Carousels doubled signups") {
		t.Errorf("redrawn DM does not show the decision:\n%s", dm.allText())
	}
	if got := countActions(t, dm); got != 1 {
		t.Errorf("redrawn DM has %d rows of buttons, want 1 (for #2 only)", got)
	}
}

func countActions(t *testing.T, w wire) int {
	n := 0
	for _, b := range blocksOfWire(t, w) {
		if _, ok := b.(*slack.ActionBlock); ok {
			n++
		}
	}
	return n
}

func TestSubmitIterateFromTheDM(t *testing.T) {
	store := newCheckInStoreFake(dmNow, running(1, "U1", "Carousel"), running(2, "U1", "Webinar"))
	out, err := submitFrom(t, newCheckInApp(store), actionCheckInIterate,
		map[string]string{fieldLearning: "Carousels beat images", fieldChange: "Try video"})
	if err != nil || len(out.FieldErrors) > 0 {
		t.Fatalf("Submit = %+v, %v", out, err)
	}
	next := store.exps[3]
	if store.exps[1].Decision != experiments.DecisionIterate || next.Hypothesis != "Iterating on #1: Try video" || next.ParentID != 1 {
		t.Errorf("#1 %s, follow-up %+v; want iterate and a follow-up with the change", store.exps[1].Decision, next)
	}
	if want := (experiments.Date{Year: 2026, Month: 6, Day: 16}); next.Deadline != want {
		t.Errorf("follow-up due %s, want %s (today + the channel's 14 days)", next.Deadline, want)
	}
	if dm := theUpdate(t, store.queued); !strings.Contains(dm.allText(), "Follow-up #3 is running, by 2026-06-16.") {
		t.Errorf("redrawn DM does not name the follow-up:\n%s", dm.allText())
	}
}

func TestSubmitDecisionErrors(t *testing.T) {
	tests := []struct {
		name   string
		action string
		values map[string]string
		field  string
		want   string
	}{
		{"keep without learning", actionCheckInKeep, map[string]string{fieldLearning: "  "}, fieldLearning, "Say what you learned"},
		{"iterate without change", actionCheckInIterate, map[string]string{fieldLearning: "x"}, fieldChange, "Say what changes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newCheckInStoreFake(dmNow, running(1, "U1", "Carousel"))
			out, err := submitFrom(t, newCheckInApp(store), tt.action, tt.values)
			if err != nil || !strings.Contains(out.FieldErrors[tt.field], tt.want) {
				t.Errorf("Submit = %+v, %v; want %q on %s", out, err, tt.want, tt.field)
			}
			if store.exps[1].Status != experiments.StatusRunning || len(store.queued) != 0 {
				t.Errorf("something was stored or queued")
			}
		})
	}
}

func TestSubmitDecisionThatLostTheRace(t *testing.T) {
	store := newCheckInStoreFake(dmNow, running(1, "U1", "Carousel"))
	app := newCheckInApp(store)
	r, err := app.Act(context.Background(), clickOn(actionCheckInKeep, 1))
	if err != nil || r.Modal == nil {
		t.Fatalf("Act = %+v, %v", r, err)
	}
	// While the modal is open, someone decides #1 with /exp decide.
	if _, err := store.DecideExperiment(context.Background(), "T1", 1, experiments.DecisionKill, "", "U2", func(experiments.Experiment) []experiments.OutboxMessage { return nil }); err != nil {
		t.Fatal(err)
	}
	out, err := app.Submit(context.Background(), Submission{Team: "T1", User: "U1", CallbackID: r.Modal.CallbackID,
		Metadata: r.Modal.PrivateMetadata, Values: map[string]string{fieldLearning: "it worked"}})
	if err != nil || !strings.Contains(out.FieldErrors[fieldLearning], "already decided (kill)") {
		t.Errorf("Submit = %+v, %v; want the lifecycle error on the learning field", out, err)
	}
	if e := store.exps[1]; e.Decision != experiments.DecisionKill || len(store.queued) != 0 {
		t.Errorf("#1 is %s with %d messages queued; want the first decision to stand, nothing queued", e.Decision, len(store.queued))
	}
}
