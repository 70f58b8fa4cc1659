package outbox

import (
	"context"
	"errors"
	"fmt"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// metadataEventType marks the bot's posts in Slack's message metadata;
// the payload carries the outbox id, so that a post interrupted by a crash
// can be found again (see lookup).
const metadataEventType = "aimlater_outbox"

// send makes the Web API call(s) for m and returns where and when Slack
// took it and, for a post, the ts Slack gave it.
func (s *Sender) send(ctx context.Context, m experiments.OutboxMessage, p Payload) (sentMessage, error) {
	var channel, ts string
	var err error
	switch m.Kind {
	case KindPost:
		channel = p.Channel
		ts, err = s.post(ctx, channel, p, m.ID)
	case KindUpdate:
		channel, ts = p.Channel, p.TS
		err = s.call(ctx, func(ctx context.Context) error {
			_, _, _, err := s.api.UpdateMessageContext(ctx, p.Channel, p.TS, updateOptions(p)...)
			return err
		})
	case KindEphemeral:
		channel = p.Channel
		err = s.call(ctx, func(ctx context.Context) error {
			_, err := s.api.PostEphemeralContext(ctx, p.Channel, p.User, postOptions(p, 0)...)
			return err
		})
	case KindFile:
		channel = p.Channel
		err = s.upload(ctx, p)
	case KindHome:
		channel, err = "home:"+p.User, s.publishHome(ctx, p)
	default: // KindDM, as Validate allows nothing else
		channel, ts, err = s.directMessage(ctx, p, m.ID)
	}
	return sentMessage{at: s.Now(), channel: channel, ts: ts}, err
}

// post is a chat.postMessage of p to channel, tagged with outbox id; it
// returns the message's ts. When the bot is not in the channel it joins
// (a public channel lets it) and posts again.
func (s *Sender) post(ctx context.Context, channel string, p Payload, id int64) (string, error) {
	ts, err := s.postOnce(ctx, channel, p, id)
	if slackCode(err) != "not_in_channel" {
		return ts, err
	}
	err = s.call(ctx, func(ctx context.Context) error {
		_, _, _, err := s.api.JoinConversationContext(ctx, channel)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("join %s: %w", channel, err)
	}
	s.log.Info("joined channel to post", "channel", channel, "id", id)
	return s.postOnce(ctx, channel, p, id)
}

// postOnce is one chat.postMessage call.
func (s *Sender) postOnce(ctx context.Context, channel string, p Payload, id int64) (ts string, err error) {
	err = s.call(ctx, func(ctx context.Context) error {
		_, ts, err = s.api.PostMessageContext(ctx, channel, postOptions(p, id)...)
		return err
	})
	return ts, err
}

// directMessage opens (or finds) the bot's conversation with p.User and
// posts p there.
func (s *Sender) directMessage(ctx context.Context, p Payload, id int64) (channel, ts string, err error) {
	channel, err = s.openDM(ctx, p.User)
	if err != nil {
		return "", "", err
	}
	ts, err = s.post(ctx, channel, p, id)
	return channel, ts, err
}

// openDM returns the channel of the bot's conversation with user.
func (s *Sender) openDM(ctx context.Context, user string) (channel string, err error) {
	err = s.call(ctx, func(ctx context.Context) error {
		ch, _, _, err := s.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{user}})
		if err == nil && (ch == nil || ch.ID == "") {
			err = errors.New("no channel in answer")
		}
		if err == nil {
			channel = ch.ID
		}
		return err
	})
	if err != nil {
		return "", fmt.Errorf("open conversation with %s: %w", user, err)
	}
	return channel, nil
}

// publishHome publishes p's blocks as p.User's App Home tab. views.publish
// replaces the whole view, so sending it again after an interrupted
// attempt is harmless (lookup finds nothing to look for).
func (s *Sender) publishHome(ctx context.Context, p Payload) error {
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: p.Blocks}
	return s.call(ctx, func(ctx context.Context) error {
		_, err := s.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: p.User, View: view})
		return err
	})
}

// call runs one Web API call under its own CallTimeout, so that a hung
// connection costs one attempt rather than the whole sender.
func (s *Sender) call(ctx context.Context, fn func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, s.CallTimeout)
	defer cancel()
	return fn(ctx)
}

// postOptions renders p for chat.postMessage and chat.postEphemeral, with
// the outbox id in the message's metadata when id is not 0. A message
// without blocks is sent as text only.
func postOptions(p Payload, id int64) []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(p.Text, false)}
	if len(p.Blocks.BlockSet) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(p.Blocks.BlockSet...))
	}
	if p.ThreadTS != "" {
		opts = append(opts, slack.MsgOptionTS(p.ThreadTS))
	}
	if id != 0 {
		opts = append(opts, slack.MsgOptionMetadata(slack.SlackMetadata{
			EventType: metadataEventType, EventPayload: map[string]any{"outbox_id": id},
		}))
	}
	return opts
}

// PostOptions renders p for chat.postMessage or chat.postEphemeral as the
// sender does, without the outbox metadata: for a message sent at once.
func PostOptions(p Payload) []slack.MsgOption { return postOptions(p, 0) }

// updateOptions renders p for chat.update. Blocks are always sent, empty
// ones as "[]": chat.update keeps the old blocks when none are given, and
// an update without blocks means the message is now text only.
func updateOptions(p Payload) []slack.MsgOption {
	return []slack.MsgOption{slack.MsgOptionText(p.Text, false), slack.MsgOptionBlocks(p.Blocks.BlockSet...)}
}
