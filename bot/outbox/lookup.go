package outbox

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

const (
	// lookupSkew is how far before an interrupted attempt's start the
	// lookup reads, for clocks that disagree with Slack's.
	lookupSkew = 2 * time.Minute
	// lookupPages bounds the pages of history one lookup reads.
	lookupPages = 10
	lookupLimit = 200
)

// lookupError is a failed lookup: whether the message is in Slack is
// still unknown.
type lookupError struct{ err error }

func (e *lookupError) Error() string { return "look up interrupted post: " + e.err.Error() }
func (e *lookupError) Unwrap() error { return e.err }

// lookup looks for m in Slack after an interrupted attempt: a post among
// its channel's (or thread's) messages since the attempt, by the outbox id
// in their metadata. An update is idempotent and an ephemeral cannot be
// looked up, so both report not found and are sent again: ephemerals are
// delivered at least once.
func (s *Sender) lookup(ctx context.Context, m experiments.OutboxMessage, p Payload) (sentMessage, bool, error) {
	if m.Kind == KindFile {
		return s.lookupFile(ctx, m, p)
	}
	if m.Kind != KindPost && m.Kind != KindDM {
		return sentMessage{}, false, nil
	}
	channel := p.Channel
	if m.Kind == KindDM {
		var err error
		if channel, err = s.openDM(ctx, p.User); err != nil {
			return sentMessage{}, false, &lookupError{err}
		}
	}
	oldest := slackTS(m.InFlightSince.Add(-lookupSkew))
	msgs, err := s.recent(ctx, channel, p.ThreadTS, oldest)
	if err != nil {
		if _, class := classify(err); class == errPermanent {
			return sentMessage{}, false, nil // not readable, so not posted: the post will say why
		}
		return sentMessage{}, false, &lookupError{err}
	}
	for _, msg := range msgs {
		if carriesID(msg, m.ID) {
			s.log.Info("interrupted post found in Slack, not sent again", "id", m.ID, "channel", channel, "ts", msg.Timestamp)
			return sentMessage{at: s.Now(), channel: channel, ts: msg.Timestamp}, true, nil
		}
	}
	return sentMessage{}, false, nil
}

// recent returns the messages of channel since oldest, or of the thread of
// threadTS when it is set, with their metadata.
func (s *Sender) recent(ctx context.Context, channel, threadTS, oldest string) ([]slack.Message, error) {
	var all []slack.Message
	cursor := ""
	for range lookupPages {
		var page []slack.Message
		var more bool
		err := s.call(ctx, func(ctx context.Context) (err error) {
			page, more, cursor, err = s.page(ctx, channel, threadTS, oldest, cursor)
			return err
		})
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if !more || cursor == "" {
			break
		}
	}
	return all, nil
}

// page reads one page of history (or of a thread's replies).
func (s *Sender) page(ctx context.Context, channel, threadTS, oldest, cursor string) ([]slack.Message, bool, string, error) {
	if threadTS != "" {
		return s.api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
			ChannelID: channel, Timestamp: threadTS, Oldest: oldest, Cursor: cursor,
			Limit: lookupLimit, IncludeAllMetadata: true,
		})
	}
	res, err := s.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
		ChannelID: channel, Oldest: oldest, Cursor: cursor, Limit: lookupLimit, IncludeAllMetadata: true,
	})
	if err != nil {
		return nil, false, "", err
	}
	return res.Messages, res.HasMore, res.ResponseMetaData.NextCursor, nil
}

// carriesID reports whether msg is the bot's post of outbox message id.
func carriesID(msg slack.Message, id int64) bool {
	if msg.Metadata.EventType != metadataEventType {
		return false
	}
	switch v := msg.Metadata.EventPayload["outbox_id"].(type) {
	case float64:
		return v == float64(id)
	case json.Number:
		return v.String() == strconv.FormatInt(id, 10)
	case string:
		return v == strconv.FormatInt(id, 10)
	}
	return false
}

// slackTS renders t as a Slack timestamp, seconds and microseconds.
func slackTS(t time.Time) string {
	return fmt.Sprintf("%d.%06d", t.Unix(), t.Nanosecond()/1000)
}
