package bot

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

// LearnExperiment records a decided experiment's learning, as the real
// store does.
func (f *checkInStoreFake) LearnExperiment(_ context.Context, team string, n int, learning, by string, notify Notify) (experiments.Experiment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.exps[n]
	if !ok || e.Team != team {
		return e, experiments.Errorf(experiments.ENOTFOUND, "No experiment #%d.", n)
	}
	e.Learning = learning
	f.exps[n] = e
	f.queued = append(f.queued, notify(e)...)
	return e, nil
}

// logTo makes app log into a buffer, which it returns.
func logTo(app *App) *bytes.Buffer {
	var buf bytes.Buffer
	app.log = slog.New(slog.NewTextHandler(&buf, nil))
	return &buf
}

func TestSealedStateOpensOnlyAsWritten(t *testing.T) {
	app := NewApp(Stores{}, nil, nil)
	meta := app.sealState(&dmModalState{modalState: modalState{Team: "T1", Channel: "C1", Number: 1, From: "DU1", User: "U1"},
		DMChannel: "DU1", DMTS: "1.2", Listed: []int{1, 2}})
	var st dmModalState
	if !app.openState(meta, &st) || st.Number != 1 || st.User != "U1" || st.Listed[1] != 2 {
		t.Fatalf("openState(%s) = %+v; want it open as sealed", meta, st)
	}
	other := NewApp(Stores{}, nil, nil)
	for name, m := range map[string]string{
		"number changed":  strings.Replace(meta, `"number":1`, `"number":2`, 1),
		"channel changed": strings.Replace(meta, `"channel":"C1"`, `"channel":"C2"`, 1),
		"listed changed":  strings.Replace(meta, `"listed":[1,2]`, `"listed":[1,3]`, 1),
		"no seal":         `{"team":"T1","channel":"C1","number":1,"from":"DU1","user":"U1"}`,
		"empty seal":      `{"team":"T1","channel":"C1","number":1,"sig":""}`,
		"not JSON":        `number=1`,
		"empty":           ``,
		"other key":       other.sealState(&dmModalState{modalState: modalState{Team: "T1", Channel: "C1", Number: 1, From: "DU1", User: "U1"}}),
	} {
		if app.openState(m, &dmModalState{}) {
			t.Errorf("%s: %s opened", name, m)
		}
	}
}

func TestCheckInButtonsActOnlyForTheOwnerInADM(t *testing.T) {
	tests := []struct {
		name string
		act  Action
		want error
	}{
		{"someone else, in their DM", Action{Team: "T1", User: "U2", Channel: "DU2", ActionID: actionCheckInKeep, Value: "1"}, errNotYourCheckIn},
		{"the owner, in a channel", Action{Team: "T1", User: "U1", Channel: "C1", ActionID: actionCheckInLog, Value: "1"}, errNotYourCheckIn},
		{"a value that is no number", Action{Team: "T1", User: "U1", Channel: "DU1", ActionID: actionCheckInKill, Value: "1 <!channel>"}, errForgedButton},
		{"a number out of range", Action{Team: "T1", User: "U1", Channel: "DU1", ActionID: actionCheckInKill, Value: "99999999999"}, errForgedButton},
		{"a learning button with no number", Action{Team: "T1", User: "U1", Channel: "C1", ActionID: actionLearn, Value: "<!channel>"}, errForgedButton},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := newCheckInApp(newCheckInStoreFake(dmNow, running(1, "U1", "Carousel")))
			log := logTo(app)
			r, err := app.Act(context.Background(), tt.act)
			if err != tt.want || r.Modal != nil {
				t.Fatalf("Act = %+v, %v; want %v and no modal", r, err, tt.want)
			}
			shown := app.errorReply(Command{}, err).Text
			if strings.Contains(shown, "U1") || strings.Contains(shown, "channel>") {
				t.Errorf("shown %q: names the owner or echoes the value", shown)
			}
			if !strings.Contains(log.String(), "level=WARN") || strings.Contains(log.String(), "channel>") {
				t.Errorf("log %q: want a warning without the value", log)
			}
		})
	}
}

func TestCheckInFormActsOnlyForTheOwner(t *testing.T) {
	seal := func(app *App, st dmModalState) string { return app.sealState(&st) }
	own := dmModalState{modalState: modalState{Team: "T1", Channel: "C1", Number: 1, From: "DU1", User: "U1"}, DMChannel: "DU1", DMTS: "1.2"}
	tests := []struct {
		name, user string
		meta       func(*App) string
		want       string
	}{
		{"forged, unsealed", "U2", func(*App) string {
			return `{"team":"T1","channel":"C1","number":1,"dm_channel":"DU2","dm_ts":"1.2"}`
		}, "expired"},
		{"the owner's, submitted by another", "U2", func(a *App) string { return seal(a, own) }, "expired"},
		{"sealed for another", "U2", func(a *App) string {
			st := own
			st.User, st.From, st.DMChannel = "U2", "DU2", "DU2"
			return seal(a, st)
		}, "someone else's check-in"},
		{"naming another channel", "U1", func(a *App) string { st := own; st.Channel = "C2"; return seal(a, st) }, "There is no experiment #1 here"},
		{"redrawing a channel message", "U1", func(a *App) string { st := own; st.DMChannel = "C1"; return seal(a, st) }, "There is no experiment #1 here"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newCheckInStoreFake(dmNow, running(1, "U1", "Carousel"))
			app := newCheckInApp(store)
			log := logTo(app)
			out, err := app.Submit(context.Background(), Submission{Team: "T1", User: tt.user, CallbackID: callbackDecideKeep,
				Metadata: tt.meta(app), Values: map[string]string{fieldLearning: "hacked"}})
			if err == nil || !strings.Contains(experiments.ErrorMessage(err), tt.want) || len(out.FieldErrors) > 0 {
				t.Errorf("Submit = %+v, %v; want %q", out, err, tt.want)
			}
			if store.exps[1].Status != experiments.StatusRunning || len(store.queued) != 0 {
				t.Errorf("#1 is %s with %d messages queued; want nothing changed", store.exps[1].Status, len(store.queued))
			}
			if !strings.Contains(log.String(), "level=WARN") || strings.Contains(log.String(), "hacked") {
				t.Errorf("log %q: want a warning", log)
			}
		})
	}
}

func TestLearningFormHeldToTheScopeItWasOpenedIn(t *testing.T) {
	tests := []struct {
		name     string
		st       modalState
		user     string
		accepted bool
	}{
		{"the owner, from their DM", modalState{Channel: "C1", From: "DU1", User: "U1"}, "U1", true},
		{"anyone, in the channel", modalState{Channel: "C1", From: "C1", User: "U3"}, "U3", true},
		{"someone in another channel", modalState{Channel: "C1", From: "C2", User: "U2"}, "U2", false},
		{"someone else, from their DM", modalState{Channel: "C1", From: "DU2", User: "U2"}, "U2", false},
		{"naming another channel", modalState{Channel: "C2", From: "C2", User: "U2"}, "U2", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			decided := running(1, "U1", "Carousel")
			if err := decided.Decide(experiments.DecisionKeep, "", "U1", dmNow); err != nil {
				t.Fatal(err)
			}
			store := newCheckInStoreFake(dmNow, decided)
			app := newCheckInApp(store)
			st := tt.st
			st.Team, st.Number = "T1", 1
			_, err := app.Submit(context.Background(), Submission{Team: "T1", User: tt.user, CallbackID: callbackLearn,
				Metadata: app.sealState(&st), Values: map[string]string{fieldLearning: "carousels work"}})
			if got := store.exps[1].Learning == "carousels work"; got != tt.accepted || (err == nil) != tt.accepted {
				t.Errorf("Submit: %v, learning %q; want accepted %v", err, store.exps[1].Learning, tt.accepted)
			}
		})
	}
}

func TestChannelFormsHeldToTheScopeTheyWereOpenedIn(t *testing.T) {
	tests := []struct {
		name, callback, user string
		meta                 func(*App) string
	}{
		{"edit, unsealed", callbackEditExperiment, "U2", func(*App) string { return `{"team":"T1","channel":"C1","number":1}` }},
		{"edit, naming another channel", callbackEditExperiment, "U2", sealedMeta(modalState{Channel: "C2", Number: 1, From: "C2", User: "U2"})},
		{"edit, from another channel", callbackEditExperiment, "U2", sealedMeta(modalState{Channel: "C1", Number: 1, From: "C2", User: "U2"})},
		{"edit, from a DM not the owner's", callbackEditExperiment, "U2", sealedMeta(modalState{Channel: "C1", Number: 1, From: "DU2", User: "U2"})},
		{"edit, opened by another", callbackEditExperiment, "U2", sealedMeta(modalState{Channel: "C1", Number: 1, From: "C1", User: "U1"})},
		{"edit, of another team", callbackEditExperiment, "U1", sealedMeta(modalState{Team: "T2", Channel: "C1", Number: 1, From: "C1", User: "U1"})},
		{"new, unsealed", callbackNewExperiment, "U2", func(*App) string { return `{"team":"T1","channel":"C3"}` }},
		{"new, in a DM", callbackNewExperiment, "U2", sealedMeta(modalState{Channel: "DU2", From: "DU2", User: "U2"})},
		{"new, for another channel", callbackNewExperiment, "U2", sealedMeta(modalState{Channel: "C1", From: "C2", User: "U2"})},
		{"unknown form", "exp_delete", "U2", sealedMeta(modalState{Channel: "C1", Number: 1, From: "C1", User: "U2"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newPlainSession(t)
			s.as("U1", "C1", "new Carousel ads")
			s.as("U2", "C2", "new Referral bonus")
			log := logTo(s.app)
			_, err := s.app.Submit(context.Background(), Submission{Team: "T1", User: tt.user, CallbackID: tt.callback,
				Metadata: tt.meta(s.app), Values: map[string]string{fieldTitle: "Hacked"}})
			if err == nil || experiments.ErrorCode(err) == experiments.EINTERNAL {
				t.Errorf("Submit: %v; want a refusal", err)
			}
			if len(s.store.exps) != 2 || s.store.exps[0].Title != "Carousel ads" || len(s.store.takeQueued()) != 0 {
				t.Errorf("experiments %+v; want nothing changed", s.store.exps)
			}
			if !strings.Contains(log.String(), "level=WARN") {
				t.Errorf("log %q: want a warning", log)
			}
		})
	}
}

// sealedMeta returns the sealed metadata of st, in team T1 unless st names one.
func sealedMeta(st modalState) func(*App) string {
	return func(a *App) string {
		if st.Team == "" {
			st.Team = "T1"
		}
		return a.sealState(&st)
	}
}

func TestEditFormOfTheOwnerFromTheirDM(t *testing.T) {
	s := newPlainSession(t)
	s.as("U1", "C1", "new Carousel ads")
	r := s.app.Handle(context.Background(), Command{Team: "T1", Channel: "DU1", User: "U1", Text: "edit #1"})
	if r.Modal == nil {
		t.Fatalf("edit #1 from U1's DM opened no form: %s", r.Text)
	}
	out, err := s.app.Submit(context.Background(), Submission{Team: "T1", User: "U1", CallbackID: callbackEditExperiment,
		Metadata: r.Modal.PrivateMetadata, Values: map[string]string{fieldTitle: "Carousel video ads"}})
	if err != nil || len(out.FieldErrors) > 0 || s.store.exps[0].Title != "Carousel video ads" {
		t.Errorf("Submit = %+v, %v, title %q; want it saved", out, err, s.store.exps[0].Title)
	}
}
