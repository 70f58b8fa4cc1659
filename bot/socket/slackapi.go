package socket

import (
	"context"

	"github.com/slack-go/slack"
)

// slackAPI lists the Web API calls the socket makes itself, after an ack:
// opening a form with a trigger, and telling a clicker something. Every
// other message goes through the outbox sender (see package outbox), the
// users' zones through UserZones; *slack.Client has them all. Tests
// substitute function-field fakes or the in-repo fake Slack.
type slackAPI interface {
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slack.MsgOption) (string, error)
	OpenViewContext(ctx context.Context, triggerID string, view slack.ModalViewRequest) (*slack.ViewResponse, error)
}

var _ slackAPI = (*slack.Client)(nil)
