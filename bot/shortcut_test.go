package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// ideaStoreFake is a plainStore that also keeps the experiments it
// created, numbered from 1, with the messages their notify returned, in
// channels whose settings a test sets.
type ideaStoreFake struct {
	*plainStore
	created  []experiments.Experiment
	queued   []experiments.OutboxMessage
	settings map[string]experiments.ChannelSettings // by channel; absent: the defaults
}

func (f *ideaStoreFake) ChannelSettings(_ context.Context, team, channel string) (experiments.ChannelSettings, error) {
	if s, ok := f.settings[channel]; ok {
		return s, nil
	}
	return experiments.DefaultChannelSettings(team, channel), nil
}

func (f *ideaStoreFake) CreateExperiment(_ context.Context, e *experiments.Experiment, notify Notify) error {
	e.Number = len(f.created) + 1
	f.created = append(f.created, *e)
	if notify != nil {
		f.queued = append(f.queued, notify(*e)...)
	}
	return nil
}

var shortcutNow = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

func newShortcutApp() (*App, *ideaStoreFake) {
	f := &ideaStoreFake{plainStore: &plainStore{now: func() time.Time { return shortcutNow }}}
	app := NewApp(storesOf(f), nil, nil)
	app.Now = func() time.Time { return shortcutNow }
	return app, f
}

// shortcutOf is a shortcut of U2 on a message in C1 (#growth).
func shortcutOf(text string, where Membership) MessageShortcut {
	return MessageShortcut{Team: "T1", TeamDomain: "acme", Channel: "C1", ChannelName: "growth", User: "U2",
		MessageTS: "1700000000.000100", Text: text, Where: where}
}

// formJSON opens the form of m and returns it as JSON, and its view.
func formJSON(t *testing.T, app *App, m MessageShortcut) (string, *slack.ModalViewRequest) {
	t.Helper()
	r, err := app.SaveIdeaForm(context.Background(), m)
	if err != nil || r.Modal == nil {
		t.Fatalf("SaveIdeaForm = %+v, %v; want a form", r, err)
	}
	raw, err := json.Marshal(r.Modal)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw), r.Modal
}

func TestSaveIdeaFormPrefillsFromTheMessage(t *testing.T) {
	app, _ := newShortcutApp()
	m := shortcutOf("<@U1> what about a *referral bonus* for annual plans? &amp; more", InChannel)
	m.Names = map[string]string{"U1": "ana"}
	got, view := formJSON(t, app, m)
	for _, want := range []string{
		`"callback_id":"exp_save_idea"`,
		`"initial_value":"@ana what about a referral bonus for annual plans? \u0026 more"`,
		`"initial_value":"Source: https://acme.slack.com/archives/C1/p1700000000000100"`,
		`"action_id":"impact"`, `"action_id":"confidence"`, `"action_id":"ease"`, `"min_value":"1"`, `"max_value":"10"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("form lacks %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "conversations_select") || strings.Contains(got, "not in") {
		t.Errorf("form for a channel the bot is in asks for a channel:\n%s", got)
	}
	if len(view.Blocks.BlockSet) > 100 {
		t.Errorf("form has %d blocks", len(view.Blocks.BlockSet))
	}
}

func TestSaveIdeaFormAsksForAChannelWhereTheBotIsNot(t *testing.T) {
	tests := []struct {
		name  string
		where Membership
		want  string
	}{
		{"channel the bot is not in", NotInChannel, "I'm not in #growth, so I can't save the idea there or reply in its thread"},
		{"direct message", InDirectMessage, "This message is in a direct message, and ideas live in a channel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, _ := newShortcutApp()
			got, _ := formJSON(t, app, shortcutOf("Webinar series", tt.where))
			for _, want := range []string{tt.want, `"type":"conversations_select"`, `"block_id":"idea_channel"`, `"include":["public","private"]`} {
				if !strings.Contains(got, want) {
					t.Errorf("form lacks %s:\n%s", want, got)
				}
			}
		})
	}
}

func TestSaveIdeaFormOfAMessageWithoutText(t *testing.T) {
	app, _ := newShortcutApp()
	got, _ := formJSON(t, app, shortcutOf("", InChannel))
	if !strings.Contains(got, "The message has no text: give the idea a title.") {
		t.Errorf("form of an empty message does not ask for a title:\n%s", got)
	}
}

// submitIdea submits the form of m with values.
func submitIdea(t *testing.T, app *App, m MessageShortcut, values map[string]string) (Outcome, error) {
	t.Helper()
	_, view := formJSON(t, app, m)
	return app.Submit(context.Background(), Submission{Team: "T1", User: "U2", CallbackID: view.CallbackID,
		Metadata: view.PrivateMetadata, Values: values})
}

func TestSubmitSaveIdeaRepliesInTheThread(t *testing.T) {
	app, f := newShortcutApp()
	m := shortcutOf("Referral bonus", InChannel)
	m.ThreadTS = "1699999999.000001" // the message is a reply: answer under its parent
	out, err := submitIdea(t, app, m, map[string]string{fieldTitle: "Referral bonus", fieldHypothesis: "Source: x",
		fieldImpact: "8", fieldConfidence: "6", fieldEase: "9", fieldIdeaChannel: "C9"})
	if err != nil || len(out.FieldErrors) > 0 {
		t.Fatalf("Submit = %+v, %v", out, err)
	}
	e := f.created[0]
	if e.Channel != "C1" || e.Owner != "U2" || e.Status != experiments.StatusIdea || e.ICE != (experiments.ICE{Impact: 8, Confidence: 6, Ease: 9}) ||
		e.Hypothesis != "Source: x" || !e.CreatedAt.Equal(shortcutNow) {
		t.Errorf("stored %+v; want U2's idea in C1 with ICE 8/6/9 (the picked channel ignored: the bot is in C1)", e)
	}
	p := onlyMessage(t, f.queued, outbox.KindPost)
	if p.Channel != "C1" || p.ThreadTS != "1699999999.000001" || !strings.Contains(p.Text, "Saved as idea #1 *Referral bonus* by <@U2>") {
		t.Errorf("posted %+v; want saved as idea #1 in C1's thread", p)
	}
}

func TestSubmitSaveIdeaInAPickedChannel(t *testing.T) {
	app, f := newShortcutApp()
	out, err := submitIdea(t, app, shortcutOf("Referral bonus", NotInChannel), map[string]string{
		fieldTitle: "Referral bonus", fieldIdeaChannel: "C9"})
	if err != nil || len(out.FieldErrors) > 0 {
		t.Fatalf("Submit = %+v, %v", out, err)
	}
	if e := f.created[0]; e.Channel != "C9" || e.Owner != "U2" || !e.ICE.IsZero() {
		t.Errorf("stored %+v; want U2's unscored idea in C9", e)
	}
	dm := onlyMessage(t, f.queued, outbox.KindDM)
	if dm.User != "U2" || !strings.Contains(dm.Text, "Saved as idea #1 *Referral bonus* in <#C9>") ||
		!strings.Contains(dm.Text, "did not reply in its thread") {
		t.Errorf("told %+v; want a DM to U2 that says the thread got no reply", dm)
	}
}

func TestSubmitSaveIdeaFieldErrors(t *testing.T) {
	tests := []struct {
		name   string
		where  Membership
		values map[string]string
		field  string
		want   string
	}{
		{"no channel picked", NotInChannel, map[string]string{fieldTitle: "A"}, fieldIdeaChannel, "Pick a channel"},
		{"a DM picked", InDirectMessage, map[string]string{fieldTitle: "A", fieldIdeaChannel: "DU1"}, fieldIdeaChannel, "Pick a channel"},
		{"no title", InChannel, map[string]string{fieldTitle: "  "}, fieldTitle, "Give the idea a title"},
		{"title too long", InChannel, map[string]string{fieldTitle: strings.Repeat("a", 201)}, fieldTitle, "at most 200"},
		{"two scores of three", InChannel, map[string]string{fieldTitle: "A", fieldImpact: "8", fieldEase: "9"}, fieldConfidence, "or leave all three empty"},
		{"a score past 10", InChannel, map[string]string{fieldTitle: "A", fieldImpact: "11", fieldConfidence: "6", fieldEase: "9"}, fieldImpact, "from 1 to 10"},
		{"a decimal score", InChannel, map[string]string{fieldTitle: "A", fieldImpact: "7.5", fieldConfidence: "6", fieldEase: "9"}, fieldImpact, "whole number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, f := newShortcutApp()
			out, err := submitIdea(t, app, shortcutOf("x", tt.where), tt.values)
			if err != nil || !strings.Contains(out.FieldErrors[tt.field], tt.want) {
				t.Errorf("Submit = %+v, %v; want %q on %s", out, err, tt.want, tt.field)
			}
			if len(f.created) > 0 || len(f.queued) > 0 {
				t.Errorf("a refused form stored %v and queued %d messages", f.created, len(f.queued))
			}
		})
	}
}

func TestSubmitSaveIdeaRefusesAFormSealedForSomeoneElse(t *testing.T) {
	app, f := newShortcutApp()
	_, view := formJSON(t, app, shortcutOf("x", InChannel))
	_, err := app.Submit(context.Background(), Submission{Team: "T1", User: "U3", CallbackID: callbackSaveIdea,
		Metadata: view.PrivateMetadata, Values: map[string]string{fieldTitle: "Hijack"}})
	forged := strings.Replace(view.PrivateMetadata, `"pick":false`, `"pick":true`, 1)
	forged = strings.Replace(forged, `"thread"`, `"pick":true,"thread"`, 1)
	_, err2 := app.Submit(context.Background(), Submission{Team: "T1", User: "U2", CallbackID: callbackSaveIdea,
		Metadata: forged, Values: map[string]string{fieldTitle: "Elsewhere", fieldIdeaChannel: "C9"}})
	if err != errFormExpired || err2 != errFormExpired || len(f.created) > 0 {
		t.Errorf("Submit = %v, %v, stored %v; want both refused as expired", err, err2, f.created)
	}
}

// onlyMessage decodes the one queued message, which must be of kind.
func onlyMessage(t *testing.T, queued []experiments.OutboxMessage, kind string) outbox.Payload {
	t.Helper()
	if len(queued) != 1 || queued[0].Kind != kind {
		t.Fatalf("queued %+v; want one %s", queued, kind)
	}
	p, err := outbox.Decode(queued[0])
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// The form offers the channel's own levers; a picked channel's lever is
// checked against that channel's list, and a lever it does not have is a
// field error that stores nothing.
func TestSaveIdeaFormLever(t *testing.T) {
	app, f := newShortcutApp()
	f.settings = map[string]experiments.ChannelSettings{
		"C1": {Team: "T1", Channel: "C1", Levers: []string{"seo", "content"}},
		"C9": {Team: "T1", Channel: "C9", Levers: []string{"partners"}},
	}
	raw, _ := formJSON(t, app, shortcutOf("Referral bonus", InChannel))
	if !strings.Contains(raw, `"value":"seo"`) || strings.Contains(raw, `"value":"referral"`) {
		t.Errorf("form offers %s; want C1's levers, not the suggested set", raw)
	}
	out, err := submitIdea(t, app, shortcutOf("Referral bonus", InChannel), map[string]string{fieldTitle: "Referral bonus", fieldLever: "content"})
	if err != nil || len(out.FieldErrors) > 0 || f.created[0].Lever != "content" {
		t.Fatalf("Submit = %+v, %v, stored %+v; want the idea with lever content", out, err, f.created)
	}
	out, err = submitIdea(t, app, shortcutOf("Guest posts", NotInChannel), map[string]string{
		fieldTitle: "Guest posts", fieldIdeaChannel: "C9", fieldLever: "seo"})
	if err != nil || !strings.Contains(out.FieldErrors[fieldLever], "partners") || len(f.created) != 1 {
		t.Errorf("Submit = %+v, %v, stored %d; want a lever error naming C9's list, nothing stored", out, err, len(f.created))
	}
}
