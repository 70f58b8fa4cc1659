package fakeslack_test

import (
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// TestViewsPublishKeepsEachUsersHome: views.publish answers the view with
// the user's one home view ID and keeps every publish per user; a view
// that is no home, or has more than 100 blocks, is refused.
func TestViewsPublishKeepsEachUsersHome(t *testing.T) {
	ctx, srv, api := startAPI(t)
	home := func(texts ...string) slack.HomeTabViewRequest {
		blocks := make([]slack.Block, len(texts))
		for i, s := range texts {
			blocks[i] = section(s)
		}
		return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
	}
	for _, text := range []string{"first", "second"} {
		resp, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home(text)})
		if err != nil || resp.View.ID != "VHU1" || resp.View.Type != slack.VTHomeTab {
			t.Fatalf("publish %s: %+v, %v", text, resp, err)
		}
	}
	if _, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U2", View: home("other")}); err != nil {
		t.Fatal(err)
	}
	views := srv.PublishedViews("U1")
	if len(views) != 2 || !strings.Contains(string(views[1].Blocks()), "second") {
		t.Fatalf("U1's published views = %+v, want first then second", views)
	}
	tooMany := make([]string, 101)
	for _, tc := range []struct {
		name string
		view slack.HomeTabViewRequest
		want string
	}{
		{"modal", slack.HomeTabViewRequest{Type: slack.VTModal}, "invalid_arguments"},
		{"101 blocks", home(tooMany...), "invalid_blocks"},
	} {
		_, err := api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: tc.view})
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: err %v, want %s", tc.name, err, tc.want)
		}
	}
	if n := len(srv.PublishedViews("U1")); n != 2 {
		t.Errorf("refused views were kept: %d", n)
	}
}

// TestHomeOpenedEvent: the client reads the envelope as slack-go's
// app_home_opened event; sent again with a new envelope ID, it carries
// the same event_id.
func TestHomeOpenedEvent(t *testing.T) {
	b := connectBot(t, fakeslack.Options{})
	env := b.srv.HomeOpened("U1")
	b.sent(b.srv.Send(b.ctx, env))
	evt := b.next(socketmode.EventTypeEventsAPI)
	api, ok := evt.Data.(slackevents.EventsAPIEvent)
	if !ok || api.TeamID != fakeslack.TeamID {
		t.Fatalf("event data %#v", evt.Data)
	}
	opened, ok := api.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
	if !ok || opened.User != "U1" || opened.Tab != "home" || opened.Channel != "DU1" {
		t.Fatalf("inner event %#v", api.InnerEvent.Data)
	}
	b.ack(evt, nil)
	b.sent(b.srv.Send(b.ctx, env))
	again := b.next(socketmode.EventTypeEventsAPI)
	if again.Request.EnvelopeID == evt.Request.EnvelopeID || !strings.Contains(string(again.Request.Payload), eventID(t, evt)) {
		t.Errorf("redelivery: envelope %s (first %s), payload %s", again.Request.EnvelopeID, evt.Request.EnvelopeID, again.Request.Payload)
	}
}

func eventID(t *testing.T, evt socketmode.Event) string {
	t.Helper()
	api := evt.Data.(slackevents.EventsAPIEvent)
	cb, ok := api.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok || cb.EventID == "" {
		t.Fatalf("no event_id in %#v", api.Data)
	}
	return cb.EventID
}
