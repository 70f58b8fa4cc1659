package bot

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// leverStore is a plainStore with settings a channel can change, and
// edits of some fields only, for the tests of levers and settings.
type leverStore struct {
	*plainStore
	settings experiments.ChannelSettings
	changes  []experiments.SettingsChange
}

func (s *leverStore) ChannelSettings(_ context.Context, team, channel string) (experiments.ChannelSettings, error) {
	st := s.settings
	st.Team, st.Channel = team, channel
	return st, nil
}

func (s *leverStore) ChangeSettings(_ context.Context, team, channel string, c experiments.SettingsChange) (experiments.ChannelSettings, error) {
	s.changes = append(s.changes, c)
	s.settings = s.settings.Apply(c)
	return s.ChannelSettings(context.Background(), team, channel)
}

func (s *leverStore) UpdateExperiment(_ context.Context, _ string, number int, upd experiments.ExperimentUpdate, notify Notify) (experiments.Experiment, error) {
	e := &s.exps[number-1]
	e.Edit(upd, s.now())
	if notify != nil {
		s.queue(notify(*e))
	}
	return *e, nil
}

func newLeverApp(t *testing.T) (*App, *leverStore) {
	t.Helper()
	now := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
	store := &leverStore{plainStore: &plainStore{now: func() time.Time { return now }},
		settings: experiments.DefaultChannelSettings("", "")}
	app := NewApp(storesOf(store), nil, time.UTC)
	app.Now = store.now
	return app, store
}

func run(app *App, channel, text string) Reply {
	return app.Handle(context.Background(), Command{Team: "T1", Channel: channel, User: "U1", Text: text})
}

func TestSettingsShowsTheDefaults(t *testing.T) {
	app, _ := newLeverApp(t)
	r := run(app, "C1", "settings")
	for _, want := range []string{"*Levers* acquisition, activation, retention, referral, revenue _(default)_",
		"*Tempo target* 3 launches a week _(default)_", "*Gone quiet after* 7 days without a check-in _(default)_",
		"*Ideas stuck after* 14 days unlaunched _(default)_", "*Default length* 14 days for an experiment with no `by:` _(default)_"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("settings lacks %q:\n%s", want, r.Text)
		}
	}
	if ctx := RenderReply(r); !strings.Contains(ctx, "Schedules and zone: `/exp schedule`") || !strings.Contains(ctx, "`/exp settings tempo 4`") {
		t.Errorf("settings does not say how to change them or where the schedules are:\n%s", ctx)
	}
}

func TestSettingsChanges(t *testing.T) {
	tests := []struct {
		text  string
		check func(experiments.ChannelSettings) bool
		reply string
	}{
		{"settings tempo 4", func(s experiments.ChannelSettings) bool { return s.TempoTarget == 4 }, "*Tempo target* 4 launches a week\n"},
		{"settings quiet 3", func(s experiments.ChannelSettings) bool { return s.QuietAfterDays == 3 }, "*Gone quiet after* 3 days without"},
		{"settings stale 21", func(s experiments.ChannelSettings) bool { return s.IdeaStaleDays == 21 }, "*Ideas stuck after* 21 days unlaunched\n"},
		{"settings length 10d", func(s experiments.ChannelSettings) bool { return s.ExperimentDays == 10 }, "*Default length* 10 days"},
		{"Settings LEVERS SEO, content", func(s experiments.ChannelSettings) bool {
			return reflect.DeepEqual(s.Levers, []string{"seo", "content"})
		},
			"*Levers* seo, content\n"},
	}
	for _, tt := range tests {
		app, store := newLeverApp(t)
		r := run(app, "C1", tt.text)
		if len(store.changes) != 1 || !tt.check(store.settings) || !strings.Contains(r.Text, tt.reply) || !strings.Contains(r.Text, "changed.*") {
			t.Errorf("%q: %d changes, settings %+v, reply:\n%s", tt.text, len(store.changes), store.settings, r.Text)
		}
	}
}

func TestSettingsErrorsChangeNothing(t *testing.T) {
	tests := []struct{ channel, text, want string }{
		{"C1", "settings tempo 0", "from 1 to 50, e.g. `/exp settings tempo 4`"},
		{"C1", "settings tempp 4", "Did you mean `tempo`?"},
		{"C1", "settings quiet soon", "`soon` is not a quiet"},
		{"C1", "settings levers seo,seo", "twice"},
		{"D1", "settings tempo 4", "Settings belong to a channel"},
	}
	for _, tt := range tests {
		app, store := newLeverApp(t)
		r := run(app, tt.channel, tt.text)
		if len(store.changes) != 0 || !strings.HasPrefix(r.Text, ":warning:") || !strings.Contains(r.Text, tt.want) {
			t.Errorf("%q: %d changes, reply %q; want a warning with %q", tt.text, len(store.changes), r.Text, tt.want)
		}
	}
}

func TestLeverOnNewIdeaAndEdit(t *testing.T) {
	app, store := newLeverApp(t)
	r := run(app, "C1", "new Invite a friend metric:invites lever:Referral")
	if len(store.exps) != 1 || store.exps[0].Lever != "referral" || !strings.Contains(r.Text, "lever *referral*") {
		t.Fatalf("new stored %+v, replied %q", store.exps, r.Text)
	}
	if msgs := store.takeQueued(); len(msgs) != 1 || !strings.Contains(string(msgs[0].Payload), "lever *referral*") {
		t.Errorf("the announcement does not name the lever: %v", msgs)
	}
	r = run(app, "C1", "idea Annual plan discount lever:revenue")
	if len(store.exps) != 2 || store.exps[1].Lever != "revenue" || !strings.Contains(r.Text, "on lever *revenue*") {
		t.Errorf("idea stored %+v, replied %q", store.exps[1], r.Text)
	}
	r = run(app, "C1", "edit #1 lever:activation")
	if store.exps[0].Lever != "activation" || !strings.Contains(r.Text, "Changed: lever") {
		t.Errorf("edit: lever %q, reply %q", store.exps[0].Lever, r.Text)
	}
	run(app, "C1", "edit #1 lever:none")
	if store.exps[0].Lever != "" {
		t.Errorf("lever:none left %q", store.exps[0].Lever)
	}
}

func TestUnknownLeverStoresNothing(t *testing.T) {
	app, store := newLeverApp(t)
	run(app, "C1", "new Invite a friend lever:referral")
	tests := []struct{ text, want string }{
		{"new Onboarding checklist lever:activaton", "`activaton` is not a lever of this channel — did you mean `activation`? Its levers: acquisition, activation,"},
		{"idea Onboarding checklist lever:pricing", "`pricing` is not a lever of this channel. Its levers:"},
		{"edit #1 lever:retension", "did you mean `retention`?"},
		{"new Onboarding checklist lever:9", "is not a lever name"},
	}
	for _, tt := range tests {
		r := run(app, "C1", tt.text)
		if len(store.exps) != 1 || store.exps[0].Lever != "referral" || !strings.Contains(r.Text, tt.want) {
			t.Errorf("%q: %d experiments, lever %q, reply %q; want %q", tt.text, len(store.exps), store.exps[0].Lever, r.Text, tt.want)
		}
	}
	// The channel's own levers replace the default ones.
	store.settings.Levers = []string{"seo", "content"}
	if r := run(app, "C1", "new Guest posts lever:referral"); !strings.Contains(r.Text, "Its levers: seo, content, e.g. `lever:seo`") {
		t.Errorf("a default lever the channel dropped: %q", r.Text)
	}
	if run(app, "C1", "new Guest posts lever:SEO"); len(store.exps) != 2 || store.exps[1].Lever != "seo" {
		t.Errorf("the channel's own lever: %+v", store.exps)
	}
}

func TestLeverInListAndShow(t *testing.T) {
	app, _ := newLeverApp(t)
	run(app, "C1", "new Invite a friend metric:invites lever:referral")
	if r := run(app, "C1", "list"); !strings.Contains(r.Text, "· lever referral ·") && !strings.Contains(RenderReply(r), "lever referral") {
		t.Errorf("list lacks the lever:\n%s", RenderReply(r))
	}
	if r := RenderReply(run(app, "C1", "show #1")); !strings.Contains(r, "Lever") || !strings.Contains(r, "referral") {
		t.Errorf("show lacks the lever:\n%s", r)
	}
}

func TestLeverInTheForms(t *testing.T) {
	app, store := newLeverApp(t)
	store.settings.Levers = []string{"seo", "content"}
	r := run(app, "C1", "new")
	sel := leverBlock(t, r.Modal)
	if got := optionValues(sel); !reflect.DeepEqual(got, []string{"seo", "content"}) || sel.InitialOption != nil {
		t.Errorf("new form's levers %v, initial %v", got, sel.InitialOption)
	}
	meta := app.sealState(&modalState{Team: "T1", Channel: "C1", From: "C1", User: "U1"})
	submit := func(callback, meta, lever string) Outcome {
		out, err := app.Submit(context.Background(), Submission{Team: "T1", User: "U1", CallbackID: callback, Metadata: meta,
			Values: map[string]string{fieldTitle: "Guest posts", fieldLever: lever}})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	if out := submit(callbackNewExperiment, meta, "referral"); !strings.Contains(out.FieldErrors[fieldLever], "not a lever of this channel") || len(store.exps) != 0 {
		t.Errorf("a lever not offered: %v, %d stored", out.FieldErrors, len(store.exps))
	}
	if submit(callbackNewExperiment, meta, "seo"); len(store.exps) != 1 || store.exps[0].Lever != "seo" {
		t.Fatalf("form stored %+v", store.exps)
	}
	// The channel drops seo: the edit form still offers it, and keeps it.
	store.settings.Levers = []string{"content"}
	sel = leverBlock(t, run(app, "C1", "edit #1").Modal)
	if got := optionValues(sel); !reflect.DeepEqual(got, []string{"content", "seo", "none"}) || sel.InitialOption == nil || sel.InitialOption.Value != "seo" {
		t.Errorf("edit form's levers %v, initial %v", got, sel.InitialOption)
	}
	edit := app.sealState(&modalState{Team: "T1", Channel: "C1", Number: 1, From: "C1", User: "U1"})
	if out := submit(callbackEditExperiment, edit, "seo"); len(out.FieldErrors) > 0 || store.exps[0].Lever != "seo" {
		t.Errorf("edit keeping a dropped lever: %v, lever %q", out.FieldErrors, store.exps[0].Lever)
	}
	if submit(callbackEditExperiment, edit, "none"); store.exps[0].Lever != "" {
		t.Errorf("No lever left %q", store.exps[0].Lever)
	}
}

func leverBlock(t *testing.T, m *slack.ModalViewRequest) *slack.SelectBlockElement {
	t.Helper()
	if m == nil {
		t.Fatal("no form opened")
	}
	for _, b := range m.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok && in.BlockID == fieldLever {
			return in.Element.(*slack.SelectBlockElement)
		}
	}
	t.Fatal("the form has no lever field")
	return nil
}

func optionValues(sel *slack.SelectBlockElement) []string {
	var vs []string
	for _, o := range sel.Options {
		vs = append(vs, o.Value)
	}
	return vs
}

func TestLeverBlocks(t *testing.T) {
	if got := leverBlocks(digestReport{Command: "/exp"}); got != nil {
		t.Errorf("no data rendered %d blocks", len(got))
	}
	r := digestReport{Command: "/exp"}
	r.Levers = experiments.LeverReport{
		Levers:   []experiments.LeverStat{{Lever: "acquisition", Launches: 4, Decided: 4, WinRate: 0.75}, {Lever: "activation", Launches: 1}},
		Ignition: experiments.LeverStat{Lever: "acquisition", Decided: 4, WinRate: 0.75}, BlindSpot: "referral"}
	got := RenderReply(Reply{Blocks: leverBlocks(r)})
	for _, want := range []string{"Levers, 90 days", "acquisition — 4 launches · win rate 75% of 4 decisions",
		"activation — 1 launch · no decisions yet", "Your ignition point: acquisition, 75% of 4 decisions kept.",
		"Blind spot: nothing tried on referral in 90 days — `/exp idea … lever:referral`"} {
		if !strings.Contains(got, want) {
			t.Errorf("lever section lacks %q:\n%s", want, got)
		}
	}
	r.Levers.Ignition, r.Levers.BlindSpot = experiments.LeverStat{}, ""
	if got := RenderReply(Reply{Blocks: leverBlocks(r)}); strings.Contains(got, "ignition") || strings.Contains(got, "Blind spot") {
		t.Errorf("ignition or blind spot without one:\n%s", got)
	}
}
