package bot

import (
	"context"

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
		r, err := s.app.Act(ctx, actionOf(cb, ba))
		if err != nil { // logged there when internal
			r = s.app.errorReply(Command{Team: cb.Team.ID, Channel: cb.Channel.ID, User: cb.User.ID}, err)
		}
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
func actionOf(cb slack.InteractionCallback, ba *slack.BlockAction) Action {
	channel, ts := cb.Container.ChannelID, cb.Container.MessageTs
	if channel == "" {
		channel = cb.Channel.ID
	}
	if ts == "" {
		ts = cb.Message.Timestamp
	}
	return Action{Team: cb.Team.ID, User: cb.User.ID, Channel: channel, MessageTS: ts,
		ActionID: ba.ActionID, Value: ba.Value, Listed: listedNumbers(cb.Message.Blocks.BlockSet), Home: isHomeClick(cb)}
}

// openActionModal opens the reply's modal; if Slack refuses (the trigger
// expired), the clicker hears so.
func (s *Socket) openActionModal(ctx context.Context, cb slack.InteractionCallback, r Reply) {
	if _, err := s.api.OpenViewContext(ctx, cb.TriggerID, *r.Modal); err != nil {
		s.log.Warn("views.open failed", "err", err)
		s.tellClicker(ctx, cb, textReply(":warning: I could not open the form in time. Please click again."))
	}
}

// tellClicker shows r to the clicker alone: on their home when they
// clicked there, else through the click's response_url, else as an
// ephemeral message where they clicked.
func (s *Socket) tellClicker(ctx context.Context, cb slack.InteractionCallback, r Reply) {
	if isHomeClick(cb) { // no channel, no response_url: the home itself answers
		if err := s.app.ShowOnHome(ctx, cb.Team.ID, cb.User.ID, r); err != nil && experiments.ErrorCode(err) != experiments.EDUPLICATE {
			s.log.Warn("home not republished after a click", "err", err)
		}
		return
	}
	if cb.ResponseURL != "" {
		msg := replyMessage(r) // ephemeral; replace_original stays false
		if err := outbox.Respond(ctx, s.http, cb.ResponseURL, &msg); err != nil {
			s.log.Warn("response_url post failed", "err", err)
		}
		return
	}
	opts := outbox.PostOptions(outgoing{Text: r.Text, Blocks: blocksOf(r.Blocks...)})
	if _, err := s.api.PostEphemeralContext(ctx, actionOf(cb, &slack.BlockAction{}).Channel, cb.User.ID, opts...); err != nil {
		s.log.Warn("chat.postEphemeral failed", "err", err)
	}
}

// firstField is the block ID that shows a modal's error when it belongs to
// no one field: the first input of the modal.
func firstField(callbackID string) string {
	switch callbackID {
	case callbackCheckInLog:
		return fieldValue
	case callbackDecideKeep, callbackDecideKill, callbackDecideIterate, callbackLearn,
		actionDecideKeep, actionDecideKill, actionDecideIterate:
		return fieldLearning
	}
	return fieldTitle
}
