package socket

import (
	"context"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// act answers the buttons of one click (acked already): opens the modal
// with the click's trigger, or tells the clicker why not.
func (s *Socket) act(ctx context.Context, cb slack.InteractionCallback) {
	for _, ba := range cb.ActionCallback.BlockActions {
		if ba == nil {
			continue
		}
		r := s.app.Click(ctx, actionOf(cb, ba))
		if r.Modal != nil {
			s.openActionModal(ctx, cb, r)
			continue
		}
		if r.Text != "" {
			s.tellClicker(ctx, cb, r)
		}
	}
}

// actionOf is one clicked button as the App sees it.
func actionOf(cb slack.InteractionCallback, ba *slack.BlockAction) bot.Action {
	channel, ts := cb.Container.ChannelID, cb.Container.MessageTs
	if channel == "" {
		channel = cb.Channel.ID
	}
	if ts == "" {
		ts = cb.Message.Timestamp
	}
	return bot.Action{Team: cb.Team.ID, User: cb.User.ID, Channel: channel, MessageTS: ts,
		ActionID: ba.ActionID, Value: ba.Value, Message: cb.Message.Blocks.BlockSet, Home: isHomeClick(cb)}
}

// openActionModal opens the reply's modal; if Slack refuses (the trigger
// expired), the clicker hears so.
func (s *Socket) openActionModal(ctx context.Context, cb slack.InteractionCallback, r bot.Reply) {
	if _, err := s.api.OpenViewContext(ctx, cb.TriggerID, *r.Modal); err != nil {
		s.log.Warn("views.open failed", "err", err)
		s.tellClicker(ctx, cb, bot.Notice(":warning: I could not open the form in time. Please click again."))
	}
}

// tellClicker shows r to the clicker alone: on their home when they
// clicked there, else through the click's response_url, else as an
// ephemeral message where they clicked.
func (s *Socket) tellClicker(ctx context.Context, cb slack.InteractionCallback, r bot.Reply) {
	if isHomeClick(cb) { // no channel, no response_url: the home itself answers
		if err := s.app.ShowOnHome(ctx, cb.Team.ID, cb.User.ID, r); err != nil && experiments.ErrorCode(err) != experiments.EDUPLICATE {
			s.log.Warn("home not republished after a click", "err", err)
		}
		return
	}
	if cb.ResponseURL != "" {
		msg := r.Webhook() // ephemeral; replace_original stays false
		if err := outbox.Respond(ctx, s.http, cb.ResponseURL, &msg); err != nil {
			s.log.Warn("response_url post failed", "err", err)
		}
		return
	}
	opts := outbox.PostOptions(outbox.Payload{Text: r.Text, Blocks: slack.Blocks{BlockSet: r.Blocks}})
	if _, err := s.api.PostEphemeralContext(ctx, actionOf(cb, &slack.BlockAction{}).Channel, cb.User.ID, opts...); err != nil {
		s.log.Warn("chat.postEphemeral failed", "err", err)
	}
}

// isHomeClick reports whether a click was on the clicker's App Home tab:
// its payload names the home view it came from, and no channel.
func isHomeClick(cb slack.InteractionCallback) bool {
	return cb.View.Type == slack.VTHomeTab && cb.Channel.ID == "" && cb.Container.ChannelID == ""
}
