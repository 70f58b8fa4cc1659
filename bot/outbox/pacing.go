package outbox

import (
	"time"

	"github.com/aimlater/aimlater/experiments"
)

const (
	// channelGap is Slack's pace for chat.postMessage: about one message a
	// second per channel.
	channelGap = time.Second
	// teamPause is how long a 429 holds every channel of its workspace.
	// Slack's limits are per method and workspace, so the other channels
	// should ease off too, but only briefly: the 429 was most likely the
	// per-channel limit, and that channel is held for the full Retry-After.
	teamPause = time.Second
)

// pacingKey names the place Slack paces a message by: its channel, or the
// user for a direct message, whose channel is not known before
// conversations.open.
func pacingKey(m experiments.OutboxMessage, p Payload) string {
	if m.Kind == KindDM {
		return "user:" + p.User
	}
	return "channel:" + channelOf(m, p)
}

// queueKey is pacingKey as far as the row alone tells it, without decoding
// the payload: a message's queue is its channel, or "@" and the user for a
// direct message not yet opened (QueueOf). ok is false when the row does
// not say.
func queueKey(m experiments.OutboxMessage) (key string, ok bool) {
	switch {
	case m.Channel == "":
		return "", false
	case m.Kind != KindDM:
		return "channel:" + m.Channel, true
	case m.Channel[0] == '@':
		return "user:" + m.Channel[1:], true
	}
	return "", false
}

// teamKey names a workspace as a whole, held briefly after a 429.
func teamKey(team string) string { return "team:" + team }

// channelOf returns the channel of a message, preferring the payload's.
func channelOf(m experiments.OutboxMessage, p Payload) string {
	if p.Channel != "" {
		return p.Channel
	}
	return m.Channel
}

// free reports whether none of keys is held at now.
func (s *Sender) free(now time.Time, keys ...string) bool {
	for _, k := range keys {
		if now.Before(s.heldUntil[k]) {
			return false
		}
	}
	return true
}

// hold keeps key from being sent to before until; a longer hold stands.
func (s *Sender) hold(key string, until time.Time) {
	if until.After(s.heldUntil[key]) {
		s.heldUntil[key] = until
	}
}

// forgetPast drops the holds that have run out, which bounds the map.
func (s *Sender) forgetPast(now time.Time) {
	for k, until := range s.heldUntil {
		if !now.Before(until) {
			delete(s.heldUntil, k)
		}
	}
}

// earliestHold returns the first time after now at which a hold ends, and
// false when nothing is held.
func (s *Sender) earliestHold(now time.Time) (time.Time, bool) {
	var first time.Time
	for _, until := range s.heldUntil {
		if until.After(now) && (first.IsZero() || until.Before(first)) {
			first = until
		}
	}
	return first, !first.IsZero()
}
