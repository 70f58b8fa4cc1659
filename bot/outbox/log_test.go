package outbox

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// TestSenderLogsNoMessageText sends every kind at debug level: the log
// has the message's id and sizes, never what a user wrote.
func TestSenderLogsNoMessageText(t *testing.T) {
	const secret = "launch plan for the Q3 secret"
	section := slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, secret, false, false), nil, nil)
	for _, kind := range []string{KindPost, KindUpdate, KindEphemeral, KindDM} {
		t.Run(kind, func(t *testing.T) {
			f := newSenderFixture(t)
			var calls []senderCall
			recordAll(t, f.api, &calls)
			f.store.add(kind, Payload{Channel: "C1", User: "U1", TS: "1.5", Text: secret, Blocks: blocksOf(section)})
			f.drain(t)
			log := f.log.String()
			if strings.Contains(log, "secret") {
				t.Errorf("log shows the message text:\n%s", log)
			}
			if want := "text_bytes=29 blocks=1"; !strings.Contains(log, `msg="outbox message sent" id=1`) || !strings.Contains(log, want) {
				t.Errorf("log lacks the sent line with id=1 and %q:\n%s", want, log)
			}
		})
	}
}

// TestSenderLogsNoResponseURL: a response_url lets whoever holds it post
// to the channel; a failed post to it is logged without it.
func TestSenderLogsNoResponseURL(t *testing.T) {
	f := newSenderFixture(t)
	f.api.post = func(context.Context, string, ...slack.MsgOption) (string, string, error) {
		return "", "", slack.SlackErrorResponse{Err: "channel_not_found"}
	}
	f.api.open = func(context.Context, *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error) {
		return nil, false, false, errors.New("no DMs here")
	}
	m := Message(KindPost, "T1", Payload{Channel: "C1", Text: "hi"})
	m.Actor, m.ReplyURL = "U1", "http://127.0.0.1:1/actions/T1/1/secret-hook"
	f.store.addRaw(m)
	f.drain(t)
	log := f.log.String()
	if strings.Contains(log, "secret-hook") {
		t.Errorf("log shows the response_url:\n%s", log)
	}
	if !strings.Contains(log, "response_url post failed") {
		t.Errorf("log lacks the failed response_url post:\n%s", log)
	}
}
