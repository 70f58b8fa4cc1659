package fakeslack_test

import (
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

func TestMessageShortcutReachesSlackGoAsAMessageAction(t *testing.T) {
	b := connectBot(t, fakeslack.Options{})
	_, sent, err := b.srv.SendMessageShortcut(b.ctx, fakeslack.MessageShortcut{CallbackID: "save_idea", ChannelID: "C1",
		ChannelName: "growth", UserID: "U1", Text: "<@U2> idea", ThreadTS: "1700000000.000001"})
	if err != nil {
		t.Fatal(err)
	}
	evt := b.next(socketmode.EventTypeInteractive)
	cb, ok := evt.Data.(slack.InteractionCallback)
	if !ok || cb.Type != slack.InteractionTypeMessageAction || cb.CallbackID != "save_idea" || cb.TriggerID != sent.TriggerID ||
		cb.Team.ID != fakeslack.TeamID || cb.Team.Domain != "fake" || cb.Channel.ID != "C1" || cb.Channel.Name != "growth" ||
		cb.User.ID != "U1" || cb.Message.Text != "<@U2> idea" || cb.Message.Timestamp != sent.MessageTS ||
		cb.Message.ThreadTimestamp != "1700000000.000001" || cb.MessageTs != sent.MessageTS || cb.ResponseURL == "" {
		t.Errorf("slack-go read %+v", cb)
	}
	b.ack(evt, nil)
}

func TestConversationsInfoFollowsTheBotsChannels(t *testing.T) {
	ctx, srv, api := startAPI(t)
	srv.SetChannel("C2", fakeslack.ChannelPublicNotMember)
	srv.SetChannel("G3", fakeslack.ChannelPrivateNotMember)
	srv.SetChannel("C4", fakeslack.ChannelArchived)
	info := func(id string) (*slack.Channel, error) {
		return api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: id})
	}
	if ch, err := info("C1"); err != nil || !ch.IsMember || ch.IsArchived || ch.IsIM {
		t.Errorf("C1 = %+v, %v; want a member", ch, err)
	}
	if ch, err := info("C2"); err != nil || ch.IsMember {
		t.Errorf("C2 = %+v, %v; want a public channel the bot is not in", ch, err)
	}
	if _, err := info("G3"); err == nil || err.Error() != "channel_not_found" {
		t.Errorf("G3: %v; want channel_not_found", err)
	}
	if ch, err := info("C4"); err != nil || !ch.IsArchived {
		t.Errorf("C4 = %+v, %v; want archived", ch, err)
	}
	if ch, err := info("DU1"); err != nil || !ch.IsIM {
		t.Errorf("DU1 = %+v, %v; want a DM", ch, err)
	}
}

func TestViewsOpenRefusesADuplicateExternalID(t *testing.T) {
	ctx, _, api := startAPI(t)
	view := slack.ModalViewRequest{Type: slack.VTModal, ExternalID: "save_idea:1.2.3",
		Title: slack.NewTextBlockObject(slack.PlainTextType, "Idea", false, false)}
	if _, err := api.OpenViewContext(ctx, "1.2.3", view); err != nil {
		t.Fatalf("first views.open: %v", err)
	}
	if _, err := api.OpenViewContext(ctx, "1.2.3", view); err == nil || err.Error() != "duplicate_external_id" {
		t.Errorf("second views.open: %v; want duplicate_external_id", err)
	}
	view.ExternalID = ""
	for range 2 {
		if _, err := api.OpenViewContext(ctx, "4.5.6", view); err != nil {
			t.Errorf("views.open without external_id: %v", err)
		}
	}
}
