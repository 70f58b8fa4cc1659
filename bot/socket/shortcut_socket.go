package socket

import (
	"cmp"
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/slack-go/slack"
)

// shortcutLookupBudget bounds what the socket asks Slack before opening the
// save-idea form: the trigger_id lives 3 s, and views.open needs the rest.
const shortcutLookupBudget = 1200 * time.Millisecond

// maxMentionLookups bounds the users.info calls for one message's
// mentions; the rest show as @U123.
const maxMentionLookups = 5

// shortcutAPI is what the socket asks Slack about a shortcut's message:
// whether the bot is in its conversation (conversations.info, scopes
// channels:read, groups:read, mpim:read) and the names it mentions
// (users.info). *slack.Client has both; an API without them (a test fake)
// gets the form as for a channel the bot is in, mentions by ID.
type shortcutAPI interface {
	GetConversationInfoContext(ctx context.Context, input *slack.GetConversationInfoInput) (*slack.Channel, error)
	GetUserInfoContext(ctx context.Context, user string, options ...slack.GetUserInfoOption) (*slack.User, error)
}

// answerShortcut acks a message shortcut at once and opens its form after.
func (s *Socket) answerShortcut(ctx context.Context, cb slack.InteractionCallback) answer {
	if cb.CallbackID != bot.ShortcutSaveIdea {
		s.log.Debug("message shortcut ignored", "callback_id", cb.CallbackID)
		return answer{}
	}
	return answer{after: func() { s.saveIdeaShortcut(ctx, cb) }}
}

// saveIdeaShortcut opens the save-idea form with the shortcut's trigger.
// The view's external_id is the trigger's: Slack refuses a second view
// with the same external_id (duplicate_external_id), so a redelivered
// shortcut, which carries the same trigger_id, opens no second form.
func (s *Socket) saveIdeaShortcut(ctx context.Context, cb slack.InteractionCallback) {
	lookCtx, cancel := context.WithTimeout(ctx, shortcutLookupBudget)
	m := s.messageShortcut(lookCtx, cb)
	cancel()
	r := s.app.Shortcut(ctx, m)
	if r.Modal == nil {
		if r.Text != "" {
			s.tellClicker(ctx, cb, r)
		}
		return
	}
	r.Modal.ExternalID = bot.ShortcutSaveIdea + ":" + cb.TriggerID
	_, err := s.api.OpenViewContext(ctx, cb.TriggerID, *r.Modal)
	switch {
	case err == nil:
	case slackErrorCode(err) == "duplicate_external_id":
		s.log.Info("save-idea form open already: a redelivered shortcut", "user", m.User, "channel", m.Channel)
	default:
		s.log.Warn("views.open failed", "err", err)
		s.tellClicker(ctx, cb, bot.Notice(":warning: I could not open the form in time. Please use the shortcut again."))
	}
}

// messageShortcut is the shortcut's message as the App sees it, with what
// the socket could learn from Slack within ctx.
func (s *Socket) messageShortcut(ctx context.Context, cb slack.InteractionCallback) bot.MessageShortcut {
	msg := cb.Message
	ts := cmp.Or(msg.Timestamp, cb.MessageTs)
	thread := msg.ThreadTimestamp
	if thread == ts {
		thread = ""
	}
	m := bot.MessageShortcut{Team: cb.Team.ID, TeamDomain: cb.Team.Domain, Channel: cb.Channel.ID, ChannelName: cb.Channel.Name,
		User: cb.User.ID, MessageTS: ts, ThreadTS: thread, Text: msg.Text}
	api, ok := s.api.(shortcutAPI)
	if !ok {
		return m
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); m.Where, m.ChannelName = s.membership(ctx, api, m.Channel, m.ChannelName) }()
	m.Names = s.mentionNames(ctx, api, msg.Text)
	wg.Wait()
	return m
}

// membership tells whether the bot is in channel, and its name. Only a
// clear answer says it is not: on a failed look-up the form saves in the
// message's channel, and the sender tells the submitter if the reply is
// refused.
func (s *Socket) membership(ctx context.Context, api shortcutAPI, channel, name string) (bot.Membership, string) {
	if strings.HasPrefix(channel, "D") {
		return bot.InDirectMessage, name
	}
	ch, err := api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: channel})
	switch {
	case slackErrorCode(err) == "channel_not_found":
		// A private conversation the bot is not in: it cannot see it.
		return bot.NotInChannel, name
	case err != nil:
		s.log.Warn("conversations.info failed; assuming the bot is in the channel", "channel", channel, "err", err)
		return bot.InChannel, name
	case ch.IsIM || ch.IsMpIM:
		return bot.InDirectMessage, name
	case !ch.IsMember || ch.IsArchived:
		return bot.NotInChannel, cmp.Or(ch.Name, name)
	}
	return bot.InChannel, cmp.Or(ch.Name, name)
}

// mentionNames looks up the display names of the first few users text
// mentions, at once; a failed look-up leaves that user by ID.
func (s *Socket) mentionNames(ctx context.Context, api shortcutAPI, text string) map[string]string {
	ids := blockkit.MentionedUsers(text)
	ids = ids[:min(len(ids), maxMentionLookups)]
	names := make([]string, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if u, err := api.GetUserInfoContext(ctx, id); err == nil {
				names[i] = cmp.Or(u.Profile.DisplayName, u.Profile.RealName, u.RealName, u.Name)
			}
		}()
	}
	wg.Wait()
	out := map[string]string{}
	for i, id := range ids {
		if names[i] != "" {
			out[id] = names[i]
		}
	}
	return out
}

// slackErrorCode is the error code of a Web API error, "" for none.
func slackErrorCode(err error) string {
	var resp slack.SlackErrorResponse
	if errors.As(err, &resp) {
		return resp.Err
	}
	if err == nil {
		return ""
	}
	return err.Error()
}
