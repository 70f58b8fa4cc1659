package bot

import (
	"context"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// Command is one slash command, whatever transport brought it.
type Command struct {
	Team    string
	Channel string
	User    string
	Text    string // everything after the command name
}

// isDM reports whether the command came from a direct message, where an
// owner may reach their experiments from any channel.
func (c Command) isDM() bool { return strings.HasPrefix(c.Channel, "D") }

// Reply is the bot's answer to a command. Replies are ephemeral: the team
// hears of launches, decisions and goals through announcements in the outbox.
type Reply struct {
	Text   string        // plain-text fallback, always set
	Blocks []slack.Block // Block Kit; empty means Text alone
	// Modal, when set, is opened with the command's trigger instead of (or
	// before) showing Text.
	Modal *slack.ModalViewRequest
}

// Handle runs a command and always returns a reply: a user error becomes its
// message with an example, an internal error or a panic is logged and becomes
// a short apology.
func (a *App) Handle(ctx context.Context, c Command) (r Reply) {
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("handler panicked", "panic", p, "text", c.Text, "stack", string(debug.Stack()))
			a.observer().HandlerError("panic")
			r = apology()
		}
	}()
	name, args := experiments.CutWord(c.Text)
	h, ok := routeOf(name)
	if !ok {
		return a.errorReply(c, experiments.Errorf(experiments.EINVALID,
			"I don't know `%s`. Try `%s help`, or e.g. `%s new Try LinkedIn carousel ads metric:signups target:+20%% by:2w`.",
			blockkit.Truncate(name, 40), a.CommandName, a.CommandName))
	}
	reply, err := h(a, ctx, c, args)
	if err != nil {
		return a.errorReply(c, err)
	}
	return reply
}

// errorReply turns err into what the user sees; internal details stay in
// the log. A redelivery whose effect is stored already gets no reply: the
// first delivery answered.
func (a *App) errorReply(c Command, err error) Reply {
	switch experiments.ErrorCode(err) {
	case experiments.EDUPLICATE:
		return Reply{}
	case experiments.EINTERNAL:
		a.log.Error("command failed", "err", err, "team", c.Team, "channel", c.Channel, "user", c.User)
		a.observer().HandlerError("command")
		return apology()
	}
	// Domain messages may quote what the user typed: escape them whole.
	return textReply(":warning: " + blockkit.EscapeMarkup(experiments.ErrorMessage(err)))
}

// apology is the reply when something broke on our side.
func apology() Reply {
	return textReply(":warning: Sorry, something went wrong on our side. Please try again in a moment.")
}

// textReply is a reply of one mrkdwn section. The text must be escaped
// already where it holds user input.
func textReply(text string) Reply {
	return Reply{Text: text, Blocks: []slack.Block{blockkit.Section(text)}}
}

// usageError is an EINVALID error that shows how to use a subcommand.
func (a *App) usageError(format string, args ...any) error {
	return experiments.Errorf(experiments.EINVALID, "%s", strings.ReplaceAll(fmt.Sprintf(format, args...), "/exp", a.CommandName))
}
