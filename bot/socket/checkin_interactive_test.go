package socket

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// viewsAPIFake is a slackAPI that records views.open; other calls panic
// through the nil embedded interface.
type viewsAPIFake struct {
	slackAPI
	opened  chan slack.ModalViewRequest
	trigger chan string
}

func (f *viewsAPIFake) OpenViewContext(_ context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error) {
	f.trigger <- triggerID
	f.opened <- view
	return &slack.ViewResponse{}, nil
}

// clickEvent is a block_actions envelope: a click on action for #1 in U1's
// check-in DM listing #1.
func clickEvent(action, responseURL string) socketmode.Event {
	cb := slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, TriggerID: "trig-1", ResponseURL: responseURL,
		Team: slack.Team{ID: "T1"}, User: slack.User{ID: "U1"},
		Container:      slack.Container{Type: "message", MessageTs: "1700000000.000100", ChannelID: "DU1"},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: action, BlockID: "checkin:1:actions", Value: "1"}}}}
	cb.Channel.ID = "DU1"
	cb.Message.Blocks = slack.Blocks{BlockSet: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "#1", false, false), nil, nil, slack.SectionBlockOptionBlockID("checkin:1"))}}
	return socketmode.Event{Type: socketmode.EventTypeInteractive, Data: cb,
		Request: &socketmode.Request{EnvelopeID: "E1", Type: "interactive"}}
}

// clickStoreFake holds the experiments a click finds, in a channel with
// the default settings; the App it drives has no other store.
type clickStoreFake struct {
	socketStoreFake
	exps map[int]experiments.Experiment
}

var (
	_ bot.ExperimentFinder = (*clickStoreFake)(nil)
	_ bot.SettingsStore    = (*clickStoreFake)(nil)
)

func (f *clickStoreFake) FindExperiment(_ context.Context, _ string, n int) (experiments.Experiment, error) {
	if e, ok := f.exps[n]; ok {
		return e, nil
	}
	return experiments.Experiment{}, experiments.Errorf(experiments.ENOTFOUND, "no #%d", n)
}

func (f *clickStoreFake) FindExperimentByID(ctx context.Context, id int64) (experiments.Experiment, error) {
	for _, e := range f.exps {
		if e.ID == id {
			return e, nil
		}
	}
	return experiments.Experiment{}, experiments.Errorf(experiments.ENOTFOUND, "no experiment with ID %d", id)
}

// ListExperiments lists them all, in no order: no click lists.
func (f *clickStoreFake) ListExperiments(context.Context, experiments.ExperimentFilter) ([]experiments.Experiment, int, error) {
	var list []experiments.Experiment
	for _, e := range f.exps {
		list = append(list, e)
	}
	return list, len(list), nil
}

func (f *clickStoreFake) ChannelSettings(_ context.Context, team, channel string) (experiments.ChannelSettings, error) {
	return experiments.DefaultChannelSettings(team, channel), nil
}

// dmNow is when the clicks happen.
var dmNow = time.Date(2026, 6, 2, 8, 5, 0, 0, time.UTC)

// running is experiment n of U1 in C1, running.
func running(n int, owner, title string) experiments.Experiment {
	return experiments.Experiment{ID: int64(n), Number: n, Team: "T1", Channel: "C1", Owner: owner, Title: title,
		Metric: "signups", Target: experiments.Target{Value: 20, Percent: true},
		Deadline: experiments.Date{Year: 2026, Month: 6, Day: 12}, Status: experiments.StatusRunning,
		CreatedAt: dmNow.AddDate(0, 0, -7), LaunchedAt: dmNow.AddDate(0, 0, -7)}
}

func newClickSocket(e experiments.Experiment, api slackAPI) (*Socket, *ackRecorder) {
	store := &clickStoreFake{exps: map[int]experiments.Experiment{e.Number: e}}
	app := bot.NewApp(bot.Stores{Experiments: store, Settings: store}, nil, time.UTC)
	app.Now = func() time.Time { return dmNow }
	rec := &ackRecorder{done: make(chan struct{})}
	return newSocket(app, nil, rec, nil, api, nil), rec
}

func TestClickIsAckedThenOpensTheModal(t *testing.T) {
	api := &viewsAPIFake{opened: make(chan slack.ModalViewRequest, 1), trigger: make(chan string, 1)}
	s, rec := newClickSocket(running(1, "U1", "Carousel"), api)
	s.handleEnvelope(context.Background(), clickEvent("checkin_keep", ""))
	if len(rec.acks) != 1 || rec.acks[0] != nil {
		t.Fatalf("acks %v, want one empty ack", rec.acks)
	}
	if got := <-api.trigger; got != "trig-1" {
		t.Errorf("views.open with trigger %q, want the click's", got)
	}
	view := <-api.opened
	if view.CallbackID != "decide_keep" || !strings.Contains(view.PrivateMetadata, `"dm_ts":"1700000000.000100"`) ||
		!strings.Contains(view.PrivateMetadata, `"listed":[1]`) {
		t.Errorf("modal %s with metadata %s, want decide_keep remembering the DM", view.CallbackID, view.PrivateMetadata)
	}
}

func TestClickOnADecidedExperimentAnswersEphemerally(t *testing.T) {
	e := running(1, "U1", "Carousel")
	if err := e.Decide(experiments.DecisionKeep, "", "U1", dmNow); err != nil {
		t.Fatal(err)
	}
	url, bodies := responseSink(t)
	s, rec := newClickSocket(e, nil) // a views.open would panic
	s.handleEnvelope(context.Background(), clickEvent("checkin_keep", url))
	if len(rec.acks) != 1 {
		t.Fatalf("%d acks, want 1", len(rec.acks))
	}
	select {
	case body := <-bodies:
		if !strings.Contains(body, "already decided (keep)") || !strings.Contains(body, `"response_type":"ephemeral"`) ||
			!strings.Contains(body, `"replace_original":false`) {
			t.Errorf("response_url got %s, want an ephemeral \"already decided\" that keeps the DM", body)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("nothing reached response_url")
	}
}
