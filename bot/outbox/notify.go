package outbox

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// replyURLLife is how long Slack honours a response_url after the action
// that gave it.
const replyURLLife = 30 * time.Minute

// tellActor tells the person whose action queued m that Slack refused it,
// in Slack: through the action's response URL while it is valid, else in
// a direct message. Not through chat.postEphemeral, which a channel the
// bot is not in refuses too. A message nobody's action queued (a scheduled
// digest) is only logged. Telling is best effort, never retried.
func (s *Sender) tellActor(ctx context.Context, m experiments.OutboxMessage, p Payload, cause error) {
	channel := channelOf(m, p)
	if m.Actor == "" {
		s.log.Error("outbox message refused and nobody to tell", "id", m.ID, "channel", channel, "err", cause)
		return
	}
	text := refusalText(m.Kind, channel, cause)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.CallTimeout)
	defer cancel()
	if m.ReplyURL != "" && s.Now().Before(m.CreatedAt.Add(replyURLLife)) {
		msg := slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: text}
		err := Respond(ctx, s.HTTP, m.ReplyURL, &msg)
		if err == nil {
			return
		}
		s.log.Warn("response_url post failed; telling the actor in a DM", "id", m.ID, "err", err)
	}
	if err := s.dmActor(ctx, m.Actor, text); err != nil {
		s.log.Error("could not tell the actor of a refused message", "id", m.ID, "actor", m.Actor, "err", err)
	}
}

// Respond posts msg to a response_url with client. Its error never holds
// the URL (see WithoutURL), so it may be logged as it is.
func Respond(ctx context.Context, client *http.Client, responseURL string, msg *slack.WebhookMessage) error {
	return WithoutURL(slack.PostWebhookCustomHTTPContext(ctx, responseURL, client, msg))
}

// WithoutURL drops the URL from a failed HTTP call's error: a response_url
// lets whoever holds it post to the channel, and a socket URL carries its
// ticket, so they stay out of the log.
func WithoutURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}

// dmActor posts text to user in a direct message.
func (s *Sender) dmActor(ctx context.Context, user, text string) error {
	channel, err := s.openDM(ctx, user)
	if err != nil {
		return err
	}
	_, _, err = s.api.PostMessageContext(ctx, channel, slack.MsgOptionText(text, false))
	return err
}

// refusalText says in Slack mrkdwn why a message did not go out and what
// to do about it.
func refusalText(kind, channel string, cause error) string {
	where := fmt.Sprintf("<#%s>", channel)
	code := slackCode(cause)
	switch {
	case kind == KindDM:
		return fmt.Sprintf(":warning: Slack refused a direct message I had to send (`%s`).", codeOr(code))
	case kind == KindHome:
		return fmt.Sprintf(":warning: Slack refused to show your aimlater Home tab (`%s`): the app's Home tab may be off (the manifest's `features.app_home`). `/exp list` in your DM with me shows your experiments.", codeOr(code))
	case kind == KindFile:
		return fmt.Sprintf(":warning: Slack refused the chart I had to share in %s (`%s`); the message it goes with stands.", where, codeOr(code))
	case code == "is_archived":
		return fmt.Sprintf(":warning: I could not post to %s: it is archived. Unarchive it, or run the command in another channel.", where)
	case isChannelRefusal(cause):
		return fmt.Sprintf(":warning: I could not post to %s: I am not a member of it. "+
			"Type `/invite @aimlater` in %s, then run the command again.", where, where)
	}
	return fmt.Sprintf(":warning: Slack refused my message to %s (`%s`), so it was not posted.", where, codeOr(code))
}

// codeOr returns code, or "error" for none.
func codeOr(code string) string {
	if code == "" {
		return "error"
	}
	return code
}
