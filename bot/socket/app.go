package socket

import (
	"context"

	"github.com/aimlater/aimlater/bot"
)

// App is what the socket drives: *bot.App's transport-facing methods
// (bot/transport.go). Each turns one request into what Slack shows, errors
// included, so the socket holds no rule of the App's.
type App interface {
	// Handle runs a slash command; it always returns a reply.
	Handle(ctx context.Context, c bot.Command) bot.Reply
	// Click answers one clicked button: a form to open, or a reply.
	Click(ctx context.Context, act bot.Action) bot.Reply
	// SubmitForm handles a submitted form: field errors, or nil to close it.
	SubmitForm(ctx context.Context, s bot.Submission) map[string]string
	// Shortcut answers the save-idea message shortcut.
	Shortcut(ctx context.Context, m bot.MessageShortcut) bot.Reply
	// OpenHome queues the publishing of a person's App Home.
	OpenHome(ctx context.Context, team, user string) error
	// ShowOnHome shows a reply on top of a person's App Home.
	ShowOnHome(ctx context.Context, team, user string, r bot.Reply) error
}

var _ App = (*bot.App)(nil)
