package outbox

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// Kinds of outbox message, which tell the sender which Web API call to make.
const (
	KindPost      = "post"      // chat.postMessage to Channel
	KindUpdate    = "update"    // chat.update of TS in Channel
	KindEphemeral = "ephemeral" // chat.postEphemeral to User in Channel
	KindDM        = "dm"        // conversations.open with User, then chat.postMessage
	KindFile      = "file"      // File uploaded (files upload v2) to Channel, in the thread of ThreadTS
	KindHome      = "home"      // views.publish of Blocks as User's App Home tab
)

// Payload is an outbox message's content as the bot writes it and the
// sender reads it.
type Payload struct {
	Channel  string       `json:"channel,omitempty"`
	User     string       `json:"user,omitempty"`
	TS       string       `json:"ts,omitempty"`
	ThreadTS string       `json:"thread_ts,omitempty"`
	Text     string       `json:"text"`
	Blocks   slack.Blocks `json:"blocks"`
	// Replies continue a post in its thread, for a message past Slack's 50
	// blocks. Their thread is not known until the post is sent, so the
	// sender queues them, with its ts, when it marks the post sent.
	Replies []Payload `json:"replies,omitempty"`
	// ThreadFiles follow a post in its thread, after its Replies: each
	// becomes a message of KindFile, queued with the post's ts when the
	// post is marked sent, so that it exists if and only if the post does.
	ThreadFiles []File `json:"thread_files,omitempty"`
	// File is what a message of KindFile uploads.
	File *File `json:"file,omitempty"`
}

// Message builds an outbox message of kind for team. Marshalling Block Kit
// types cannot fail for the blocks the bot builds; should it ever, the
// message keeps its text so nothing is lost.
func Message(kind, team string, p Payload) experiments.OutboxMessage {
	payload, err := json.Marshal(p)
	if err != nil {
		p.Blocks = slack.Blocks{}
		payload, _ = json.Marshal(p)
	}
	return experiments.OutboxMessage{Team: team, Channel: QueueOf(kind, p), Kind: kind, Payload: payload}
}

// QueueOf names the outbox queue of a message: its channel, or for a direct
// message whose channel is not open yet, the user as "@U…". Messages of one
// queue go out one at a time, in order.
func QueueOf(kind string, p Payload) string {
	switch kind {
	case KindDM:
		return "@" + p.User
	case KindHome: // one queue per person: their latest home is published last
		return "home:" + p.User
	}
	return p.Channel
}

// Decode reads an outbox message's payload back.
func Decode(m experiments.OutboxMessage) (Payload, error) {
	var p Payload
	if err := json.Unmarshal(m.Payload, &p); err != nil {
		return p, fmt.Errorf("decode outbox message %d: %w", m.ID, err)
	}
	return p, nil
}

// ErrBadMessage marks a message that cannot be sent as it stands, such as
// an unknown kind or a missing channel; retrying cannot help.
var ErrBadMessage = errors.New("bad outbox message")

// Validate checks that p has what a message of kind needs.
func Validate(kind string, p Payload) error {
	var missing string
	switch kind {
	case KindPost:
		missing = missingField(p.Channel, "channel")
	case KindUpdate:
		missing = missingField(p.Channel, "channel") + missingField(p.TS, "ts")
	case KindEphemeral:
		missing = missingField(p.Channel, "channel") + missingField(p.User, "user")
	case KindDM, KindHome:
		missing = missingField(p.User, "user")
	case KindFile:
		missing = missingField(p.Channel, "channel") + missingFile(p.File)
	default:
		return fmt.Errorf("%w: unknown kind %q", ErrBadMessage, kind)
	}
	if missing != "" {
		return fmt.Errorf("%w: %s without%s", ErrBadMessage, kind, missing)
	}
	return nil
}

// missingField returns " name" when value is empty.
func missingField(value, name string) string {
	if value == "" {
		return " " + name
	}
	return ""
}
