package bot

import (
	"encoding/json"
	"fmt"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// Kinds of outbox message, which tell the sender which Web API call to make.
const (
	kindPost      = "post"      // chat.postMessage to Channel
	kindUpdate    = "update"    // chat.update of TS in Channel
	kindEphemeral = "ephemeral" // chat.postEphemeral to User in Channel
	kindDM        = "dm"        // conversations.open with User, then chat.postMessage
)

// outgoing is the payload of an outbox message as the bot writes and the
// sender reads it.
type outgoing struct {
	Channel  string       `json:"channel,omitempty"`
	User     string       `json:"user,omitempty"`
	TS       string       `json:"ts,omitempty"`
	ThreadTS string       `json:"thread_ts,omitempty"`
	Text     string       `json:"text"`
	Blocks   slack.Blocks `json:"blocks"`
	// Replies continue a post in its thread, for a message past Slack's 50
	// blocks. Their thread is not known until the post is sent, so the
	// sender queues them, with its ts, when it marks the post sent.
	Replies []outgoing `json:"replies,omitempty"`
}

// message builds an outbox message of kind for team. Marshalling Block Kit
// types cannot fail for the blocks the bot builds; should it ever, the
// message keeps its text so nothing is lost.
func message(kind, team string, o outgoing) experiments.OutboxMessage {
	o.Text = truncate(o.Text, maxPlainText)
	payload, err := json.Marshal(o)
	if err != nil {
		o.Blocks = slack.Blocks{}
		payload, _ = json.Marshal(o)
	}
	return experiments.OutboxMessage{Team: team, Channel: queueOf(kind, o), Kind: kind, Payload: payload}
}

// queueOf names the outbox queue of a message: its channel, or for a direct
// message whose channel is not open yet, the user as "@U…". Messages of one
// queue go out one at a time, in order.
func queueOf(kind string, o outgoing) string {
	if kind == kindDM {
		return "@" + o.User
	}
	return o.Channel
}

// postTo is a chat.postMessage of text and blocks to channel.
func postTo(team, channel, text string, blocks ...slack.Block) experiments.OutboxMessage {
	return message(kindPost, team, outgoing{Channel: channel, Text: text, Blocks: blocksOf(blocks...)})
}

// blocksOf wraps blocks for an outgoing payload.
func blocksOf(blocks ...slack.Block) slack.Blocks { return slack.Blocks{BlockSet: blocks} }

// decodeOutgoing reads an outbox payload back.
func decodeOutgoing(m experiments.OutboxMessage) (outgoing, error) {
	var o outgoing
	if err := json.Unmarshal(m.Payload, &o); err != nil {
		return o, fmt.Errorf("decode outbox message %d: %w", m.ID, err)
	}
	return o, nil
}
