package socket

import (
	"context"
	"encoding/json"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/slack-go/slack"
)

// answerSlash runs a slash command. The reply rides in the ack when it is
// ready in time and fits; a modal opens after the ack, while the trigger is
// still fresh; anything else follows through response_url.
func (s *Socket) answerSlash(ctx context.Context, sc slack.SlashCommand) answer {
	cmd := bot.Command{Team: sc.TeamID, Channel: sc.ChannelID, User: sc.UserID, Text: blockkit.Unescape(sc.Text)}
	r := s.app.Handle(ctx, cmd)
	later := func() { s.respondLater(ctx, sc, r) }
	if r.Modal != nil {
		return answer{after: func() { s.openModal(ctx, sc, r) }}
	}
	if r.Text == "" { // a redelivery: the first delivery answered
		return answer{}
	}
	b, err := json.Marshal(r.Webhook())
	if err != nil || len(b) > maxAckPayload {
		return answer{after: later}
	}
	// The bytes just measured ride in the ack as they are: handing socket
	// mode the message itself made it encode the Block Kit a second time.
	return answer{payload: json.RawMessage(b), late: later}
}

// openModal opens the reply's modal with the command's trigger; if Slack
// refuses (an expired trigger), the user hears why.
func (s *Socket) openModal(ctx context.Context, sc slack.SlashCommand, r bot.Reply) {
	if _, err := s.api.OpenViewContext(ctx, sc.TriggerID, *r.Modal); err != nil {
		s.log.Warn("views.open failed", "err", err)
		s.respondLater(ctx, sc, bot.Notice(":warning: I could not open the form in time. Please run the command again."))
	}
}

// respondLater sends an ephemeral reply through the command's response_url.
func (s *Socket) respondLater(ctx context.Context, sc slack.SlashCommand, r bot.Reply) {
	if sc.ResponseURL == "" {
		s.log.Warn("late reply dropped: no response_url", "team", sc.TeamID, "channel", sc.ChannelID)
		return
	}
	msg := r.Webhook()
	if err := outbox.Respond(ctx, s.http, sc.ResponseURL, &msg); err != nil {
		s.log.Warn("response_url post failed", "err", err)
	}
}
