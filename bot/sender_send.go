package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"
)

// send makes the Web API call(s) for one message of kind and returns the
// channel it went to and, for a post, the ts Slack gave it.
func (s *Sender) send(ctx context.Context, kind string, o outgoing) (channel, ts string, err error) {
	if err := validate(kind, o); err != nil {
		return "", "", err
	}
	switch kind {
	case kindPost:
		ts, err := s.post(ctx, o.Channel, o)
		return o.Channel, ts, err
	case kindUpdate:
		return o.Channel, o.TS, s.call(ctx, func(ctx context.Context) error {
			_, _, _, err := s.api.UpdateMessageContext(ctx, o.Channel, o.TS, updateOptions(o)...)
			return err
		})
	case kindEphemeral:
		return o.Channel, "", s.call(ctx, func(ctx context.Context) error {
			_, err := s.api.PostEphemeralContext(ctx, o.Channel, o.User, postOptions(o)...)
			return err
		})
	default: // kindDM, as validate allows nothing else
		return s.directMessage(ctx, o)
	}
}

// validate checks that o has what a message of kind needs.
func validate(kind string, o outgoing) error {
	var missing string
	switch kind {
	case kindPost:
		missing = missingField(o.Channel, "channel")
	case kindUpdate:
		missing = missingField(o.Channel, "channel") + missingField(o.TS, "ts")
	case kindEphemeral:
		missing = missingField(o.Channel, "channel") + missingField(o.User, "user")
	case kindDM:
		missing = missingField(o.User, "user")
	default:
		return fmt.Errorf("%w: unknown kind %q", errBadMessage, kind)
	}
	if missing != "" {
		return fmt.Errorf("%w: %s without%s", errBadMessage, kind, missing)
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

// post is a chat.postMessage of o to channel; it returns the message's ts.
func (s *Sender) post(ctx context.Context, channel string, o outgoing) (ts string, err error) {
	err = s.call(ctx, func(ctx context.Context) error {
		_, ts, err = s.api.PostMessageContext(ctx, channel, postOptions(o)...)
		return err
	})
	return ts, err
}

// directMessage opens (or finds) the bot's conversation with o.User and
// posts o there.
func (s *Sender) directMessage(ctx context.Context, o outgoing) (channel, ts string, err error) {
	err = s.call(ctx, func(ctx context.Context) error {
		ch, _, _, err := s.api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{o.User}})
		if err == nil && (ch == nil || ch.ID == "") {
			err = errors.New("no channel in answer")
		}
		if err == nil {
			channel = ch.ID
		}
		return err
	})
	if err != nil {
		return "", "", fmt.Errorf("open conversation with %s: %w", o.User, err)
	}
	ts, err = s.post(ctx, channel, o)
	return channel, ts, err
}

// call runs one Web API call under its own CallTimeout, so that a hung
// connection costs one attempt rather than the whole sender.
func (s *Sender) call(ctx context.Context, fn func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, s.CallTimeout)
	defer cancel()
	return fn(ctx)
}

// postOptions renders o for chat.postMessage and chat.postEphemeral. A
// message without blocks is sent as text only.
func postOptions(o outgoing) []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(o.Text, false)}
	if len(o.Blocks.BlockSet) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(o.Blocks.BlockSet...))
	}
	if o.ThreadTS != "" {
		opts = append(opts, slack.MsgOptionTS(o.ThreadTS))
	}
	return opts
}

// updateOptions renders o for chat.update. Blocks are always sent, empty
// ones as "[]": chat.update keeps the old blocks when none are given, and
// an update without blocks means the message is now text only.
func updateOptions(o outgoing) []slack.MsgOption {
	return []slack.MsgOption{slack.MsgOptionText(o.Text, false), slack.MsgOptionBlocks(o.Blocks.BlockSet...)}
}

// errClass says what a failed send means for the message.
type errClass int

const (
	errTransient   errClass = iota // 5xx, network, timeout, unrecognised: retry with backoff
	errRateLimited                 // 429: retry after Retry-After
	errPermanent                   // Slack refused the message itself: retrying cannot help
)

// transientCodes are the Slack error codes (in an ok:false answer) that
// describe Slack's state rather than the message.
var transientCodes = map[string]bool{
	"internal_error": true, "fatal_error": true, "service_unavailable": true,
	"request_timeout": true, "ratelimited": true, "team_added_to_org": true,
}

// permanentCodes are Slack error codes recognised even when they arrive as
// a bare error string rather than a slack.SlackErrorResponse.
var permanentCodes = map[string]bool{
	"channel_not_found": true, "not_in_channel": true, "is_archived": true,
	"invalid_blocks": true, "invalid_blocks_format": true, "msg_too_long": true,
	"no_text": true, "user_not_found": true, "user_disabled": true,
	"cannot_dm_bot": true, "message_not_found": true, "cant_update_message": true,
	"edit_window_closed": true, "restricted_action": true, "invalid_arguments": true,
	"invalid_auth": true, "not_authed": true, "account_inactive": true,
	"token_revoked": true, "missing_scope": true,
}

// classify sorts a send error, returning Retry-After for a 429. Anything it
// does not recognise is transient: a bounded number of retries costs
// little, and a message dropped on a passing fault is lost for good.
func classify(err error) (time.Duration, errClass) {
	var rateLimited *slack.RateLimitedError
	var slackErr slack.SlackErrorResponse
	var status slack.StatusCodeError
	switch {
	case errors.As(err, &rateLimited):
		return rateLimited.RetryAfter, errRateLimited
	case errors.Is(err, errBadMessage):
		return 0, errPermanent
	case errors.As(err, &slackErr):
		if transientCodes[slackErr.Err] {
			return 0, errTransient
		}
		return 0, errPermanent
	case errors.As(err, &status):
		return 0, statusClass(status.Code)
	case hasPermanentCode(err):
		return 0, errPermanent
	default:
		return 0, errTransient
	}
}

// hasPermanentCode reports whether err, or an error it wraps, is just one
// of permanentCodes.
func hasPermanentCode(err error) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if permanentCodes[err.Error()] {
			return true
		}
	}
	return false
}

// statusClass sorts an HTTP status other than 200. A 429 without a
// Retry-After header arrives here and is retried with backoff like a 5xx.
func statusClass(code int) errClass {
	if code >= 500 || code == 408 || code == 429 {
		return errTransient
	}
	return errPermanent
}
