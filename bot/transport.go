package bot

import (
	"context"
	"fmt"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// What a transport (bot/socket, and one day an HTTP API) calls. Each method
// turns one inbound request into what the transport shows, errors included,
// so a transport carries no rule of the App's: which words an error gets,
// which field of a form shows it, what is logged.

// Click answers one clicked button: a form to open, or a reply for the
// clicker alone (an error among them), or nothing.
func (a *App) Click(ctx context.Context, act Action) Reply {
	if len(act.Listed) == 0 {
		act.Listed = listedNumbers(act.Message)
	}
	r, err := a.Act(ctx, act)
	if err != nil { // logged there when internal
		return a.errorReply(Command{Team: act.Team, Channel: act.Channel, User: act.User}, err)
	}
	return r
}

// SubmitForm handles a submitted form and returns the errors to show on its
// fields, by block ID, or nil to close it. An error that belongs to no one
// field shows on the form's first input, so the form stays open and the
// submitter sees what happened; a redelivery's first delivery stored the
// form, and it closes.
func (a *App) SubmitForm(ctx context.Context, s Submission) map[string]string {
	out, err := a.Submit(ctx, s)
	if len(out.FieldErrors) > 0 {
		return out.FieldErrors
	}
	switch experiments.ErrorCode(err) {
	case "", experiments.EDUPLICATE:
		return nil
	case experiments.EINTERNAL:
		a.log.Error("view submission failed", "callback_id", s.CallbackID, "err", err)
		a.observer().HandlerError("submission")
		return map[string]string{firstField(s.CallbackID): "Sorry, something went wrong on our side. Please try again."}
	}
	return map[string]string{firstField(s.CallbackID): fmt.Sprint(experiments.ErrorMessage(err))}
}

// Shortcut answers the save-idea message shortcut (ShortcutSaveIdea): its
// form to open, or a reply for the person who used it.
func (a *App) Shortcut(ctx context.Context, m MessageShortcut) Reply {
	r, err := a.SaveIdeaForm(ctx, m)
	if err != nil {
		return a.errorReply(Command{Team: m.Team, Channel: m.Channel, User: m.User}, err)
	}
	return r
}

// firstField is the block ID that shows a form's error when it belongs to
// no one field: the first input of the form.
func firstField(callbackID string) string {
	switch callbackID {
	case callbackCheckInLog:
		return fieldValue
	case callbackDecideKeep, callbackDecideKill, callbackDecideIterate, callbackLearn,
		actionDecideKeep, actionDecideKill, actionDecideIterate:
		return fieldLearning
	}
	return fieldTitle
}

// Webhook is the reply as an ephemeral response_url message, or as the
// ack payload of a slash command.
func (r Reply) Webhook() slack.WebhookMessage {
	m := slack.WebhookMessage{ResponseType: slack.ResponseTypeEphemeral, Text: blockkit.Truncate(r.Text, blockkit.MaxPlainText)}
	if len(r.Blocks) > 0 {
		m.Blocks = &slack.Blocks{BlockSet: r.Blocks}
	}
	return m
}

// Notice is a reply of one line the transport says itself, such as a form
// Slack would not open; text is mrkdwn, escaped already.
func Notice(text string) Reply { return textReply(text) }

// Apology is the reply when something broke on the transport's side of a
// command, such as a handler that panicked.
func Apology() Reply { return apology() }
