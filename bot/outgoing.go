package bot

import (
	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// Kinds of outbox message, which tell the sender which Web API call to
// make; see package outbox.
const (
	kindPost      = outbox.KindPost      // chat.postMessage to Channel
	kindUpdate    = outbox.KindUpdate    // chat.update of TS in Channel
	kindEphemeral = outbox.KindEphemeral // chat.postEphemeral to User in Channel
	kindDM        = outbox.KindDM        // conversations.open with User, then chat.postMessage
	kindFile      = outbox.KindFile      // files upload v2 of File to Channel
	kindHome      = outbox.KindHome      // views.publish of User's App Home tab
)

// defaultCallTimeout bounds a Web API call the bot makes itself, as the
// sender bounds its own.
const defaultCallTimeout = outbox.DefaultCallTimeout

// outgoing is the payload of an outbox message as the bot writes and the
// sender reads it.
type outgoing = outbox.Payload

// message builds an outbox message of kind for team, its text (and its
// thread replies' texts) cut to the length the bot allows.
func message(kind, team string, o outgoing) experiments.OutboxMessage {
	o.Text = blockkit.Truncate(o.Text, blockkit.MaxPlainText)
	if len(o.Replies) > 0 {
		replies := make([]outgoing, len(o.Replies))
		for i, r := range o.Replies {
			r.Text = blockkit.Truncate(r.Text, blockkit.MaxPlainText)
			replies[i] = r
		}
		o.Replies = replies
	}
	return outbox.Message(kind, team, o)
}

// postTo is a chat.postMessage of text and blocks to channel.
func postTo(team, channel, text string, blocks ...slack.Block) experiments.OutboxMessage {
	return message(kindPost, team, outgoing{Channel: channel, Text: text, Blocks: blocksOf(blocks...)})
}

// blocksOf wraps blocks for an outgoing payload.
func blocksOf(blocks ...slack.Block) slack.Blocks { return slack.Blocks{BlockSet: blocks} }
