package bot

import (
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// sentMessage is where and when Slack accepted a message: enough to mark it
// sent and to thread its replies under it.
type sentMessage struct {
	at      time.Time
	channel string // where it went: for a DM, the conversation opened
	ts      string // Slack's ts of the message; "" for an ephemeral
}

// threadReplies returns the replies of m (see outgoing.Replies) as posts in
// the thread of the message sent, or nil when it has none. A reply whose
// parent got no ts from Slack still goes out, to the channel alone: a
// digest split in two is better than half a digest.
func threadReplies(m experiments.OutboxMessage, sent sentMessage) []experiments.OutboxMessage {
	o, err := decodeOutgoing(m)
	if err != nil || len(o.Replies) == 0 {
		return nil
	}
	msgs := make([]experiments.OutboxMessage, 0, len(o.Replies))
	for _, r := range o.Replies {
		r.Channel, r.ThreadTS, r.Replies = sent.channel, sent.ts, nil
		msgs = append(msgs, message(kindPost, m.Team, r))
	}
	return msgs
}
