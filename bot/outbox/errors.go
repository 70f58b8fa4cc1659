package outbox

import (
	"errors"
	"time"

	"github.com/slack-go/slack"
)

// errClass says what a failed call means for the message.
type errClass int

const (
	// errTransient: Slack answered with a passing fault (a 5xx status);
	// the message is not in Slack. Retry with backoff.
	errTransient errClass = iota
	// errUnsure: no clear answer (a timeout, a broken connection, Slack's
	// internal_error, anything unrecognised); the message may be in Slack.
	// Retry with backoff, and look for it first.
	errUnsure
	// errRateLimited: a 429; retry after Retry-After, never give up.
	errRateLimited
	// errPermanent: Slack refused the message itself; retrying cannot help.
	errPermanent
)

// unsureCodes are the Slack error codes (in an ok:false answer) that
// describe Slack's state rather than the message and, by Slack's own
// documentation, may come after part of the call succeeded.
var unsureCodes = map[string]bool{
	"internal_error": true, "fatal_error": true, "request_timeout": true,
}

// transientCodes are the other Slack error codes that describe Slack's
// state rather than the message.
var transientCodes = map[string]bool{
	"service_unavailable": true, "ratelimited": true, "team_added_to_org": true,
}

// permanentCodes are Slack error codes recognised even when they arrive as
// a bare error string rather than a slack.SlackErrorResponse.
var permanentCodes = map[string]bool{
	"channel_not_found": true, "not_in_channel": true, "is_archived": true,
	"method_not_supported_for_channel_type": true,
	"invalid_blocks":                        true, "invalid_blocks_format": true, "msg_too_long": true,
	"no_text": true, "user_not_found": true, "user_disabled": true,
	"cannot_dm_bot": true, "message_not_found": true, "cant_update_message": true,
	"edit_window_closed": true, "restricted_action": true, "invalid_arguments": true,
	"invalid_auth": true, "not_authed": true, "account_inactive": true,
	"token_revoked": true, "missing_scope": true,
}

// classify sorts a send error, returning Retry-After for a 429. Anything it
// does not recognise is unsure: retrying until MaxAge costs little, and a
// message dropped on a passing fault is lost for good.
func classify(err error) (time.Duration, errClass) {
	var rateLimited *slack.RateLimitedError
	var slackErr slack.SlackErrorResponse
	var status slack.StatusCodeError
	switch {
	case errors.As(err, &rateLimited):
		return rateLimited.RetryAfter, errRateLimited
	case errors.Is(err, ErrBadMessage):
		return 0, errPermanent
	case errors.As(err, &slackErr):
		return 0, codeClass(slackErr.Err)
	case errors.As(err, &status):
		return 0, statusClass(status.Code)
	case slackCode(err) != "":
		return 0, errPermanent
	default:
		return 0, errUnsure
	}
}

// codeClass sorts the error code of an ok:false answer.
func codeClass(code string) errClass {
	switch {
	case unsureCodes[code]:
		return errUnsure
	case transientCodes[code]:
		return errTransient
	}
	return errPermanent
}

// statusClass sorts an HTTP status other than 200. A 429 without a
// Retry-After header arrives here and is retried with backoff like a 5xx.
func statusClass(code int) errClass {
	if code >= 500 || code == 408 || code == 429 {
		return errTransient
	}
	return errPermanent
}

// slackCode returns the Slack error code err carries when it is one of
// permanentCodes, as a slack.SlackErrorResponse or as a bare error string
// (slack-go returns some errors that way), or "".
func slackCode(err error) string {
	var slackErr slack.SlackErrorResponse
	if errors.As(err, &slackErr) && permanentCodes[slackErr.Err] {
		return slackErr.Err
	}
	for ; err != nil; err = errors.Unwrap(err) {
		if permanentCodes[err.Error()] {
			return err.Error()
		}
	}
	return ""
}

// channelRefusals are the codes saying the bot cannot post in a channel as
// things stand: someone has to invite it (or unarchive the channel).
var channelRefusals = map[string]bool{
	"not_in_channel": true, "channel_not_found": true, "is_archived": true,
	"method_not_supported_for_channel_type": true,
}

// isChannelRefusal reports whether err is one of channelRefusals.
func isChannelRefusal(err error) bool { return channelRefusals[slackCode(err)] }
