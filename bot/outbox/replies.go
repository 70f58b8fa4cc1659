package outbox

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

// threadReplies returns the replies of m (see Payload.Replies) as posts in
// the thread of the message sent, then its ThreadFiles as uploads there,
// or nil when it has none. A reply whose
// parent got no ts from Slack still goes out, to the channel alone: a
// digest split in two is better than half a digest. Replies keep m's
// actor and reply URL, so a refused reply is reported like its parent.
func threadReplies(m experiments.OutboxMessage, sent sentMessage) []experiments.OutboxMessage {
	p, err := Decode(m)
	if err != nil || len(p.Replies)+len(p.ThreadFiles) == 0 {
		return nil
	}
	msgs := make([]experiments.OutboxMessage, 0, len(p.Replies)+len(p.ThreadFiles))
	add := func(kind string, r Payload) {
		r.Channel, r.ThreadTS, r.Replies, r.ThreadFiles = sent.channel, sent.ts, nil, nil
		reply := Message(kind, m.Team, r)
		reply.Actor, reply.ReplyURL = m.Actor, m.ReplyURL
		msgs = append(msgs, reply)
	}
	for _, r := range p.Replies {
		add(KindPost, r)
	}
	for _, f := range p.ThreadFiles {
		add(KindFile, Payload{File: &f})
	}
	return msgs
}
