package bot

import (
	"context"
	"encoding/json"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// handleSlash runs a slash command with a time budget: a reply ready in
// time goes in the ack; a late one follows through response_url. A modal is
// opened after the ack, while the trigger is still fresh.
func (s *Socket) handleSlash(ctx context.Context, req socketmode.Request, sc slack.SlashCommand) {
	cmd := Command{Team: sc.TeamID, Channel: sc.ChannelID, User: sc.UserID, Text: unescapeSlack(sc.Text)}
	done := make(chan Reply, 1)
	go func() { done <- s.app.Handle(ctx, cmd) }()
	select {
	case r := <-done:
		s.ackReply(ctx, req, sc, r)
	case <-time.After(s.AckBudget):
		s.ack(req, nil)
		r := <-done
		s.respondLater(ctx, sc, r)
	}
}

// ackReply acks with the reply as payload, unless the reply is a modal or
// too large for an ack.
func (s *Socket) ackReply(ctx context.Context, req socketmode.Request, sc slack.SlashCommand, r Reply) {
	if r.Modal != nil {
		s.ack(req, nil)
		s.openModal(ctx, sc, r)
		return
	}
	payload := replyMessage(r)
	if b, err := json.Marshal(payload); err != nil || len(b) > maxAckPayload {
		s.ack(req, nil)
		s.respondLater(ctx, sc, r)
		return
	}
	s.ack(req, payload)
}

// openModal opens the reply's modal with the command's trigger; if Slack
// refuses (an expired trigger), the user hears why.
func (s *Socket) openModal(ctx context.Context, sc slack.SlashCommand, r Reply) {
	if _, err := s.api.OpenViewContext(ctx, sc.TriggerID, *r.Modal); err != nil {
		s.log.Warn("views.open failed", "err", err)
		s.respondLater(ctx, sc, textReply(":warning: I could not open the form in time. Please run the command again."))
	}
}

// respondLater sends an ephemeral reply through the command's response_url.
func (s *Socket) respondLater(ctx context.Context, sc slack.SlashCommand, r Reply) {
	if sc.ResponseURL == "" {
		s.log.Warn("late reply dropped: no response_url", "team", sc.TeamID, "channel", sc.ChannelID)
		return
	}
	msg := replyMessage(r)
	if err := slack.PostWebhookCustomHTTPContext(ctx, sc.ResponseURL, s.http, &msg); err != nil {
		s.log.Warn("response_url post failed", "err", err)
	}
}

// replyMessage is a reply as an ephemeral slash-command response.
func replyMessage(r Reply) slack.WebhookMessage {
	m := slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: truncate(r.Text, maxPlainText)}
	if len(r.Blocks) > 0 {
		m.Blocks = &slack.Blocks{BlockSet: r.Blocks}
	}
	return m
}
