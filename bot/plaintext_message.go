package bot

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// blank stands for an empty field of a form.
const blank = "____"

// plainInput renders a form field as "Label: value", with "(optional)"
// when it may stay empty, its placeholder as an example and its hint on
// the next line.
func plainInput(b *slack.InputBlock) string {
	label := plainText(b.Label)
	if b.Optional {
		label += " (optional)"
	}
	line := label + ": " + plainInputValue(b.Element)
	if b.Hint != nil {
		line += "\n  " + plainText(b.Hint)
	}
	return line
}

// plainInputValue is what an input holds: its initial value, else a blank
// and, where there is one, an example or the choices.
func plainInputValue(e slack.BlockElement) string {
	switch e := e.(type) {
	case *slack.PlainTextInputBlockElement:
		if e.InitialValue != "" {
			return e.InitialValue
		}
		return withExample(blank, plainText(e.Placeholder))
	case *slack.DatePickerBlockElement:
		if e.InitialDate != "" {
			return e.InitialDate
		}
		return "____-__-__"
	case *slack.SelectBlockElement:
		if e.InitialOption != nil {
			return plainText(e.InitialOption.Text)
		}
		return blank + choices(e.Options)
	case *slack.RadioButtonsBlockElement:
		return radioChoices(e)
	}
	return plainElement(e)
}

// radioChoices shows radio buttons as "(•) Yes  ( ) No".
func radioChoices(e *slack.RadioButtonsBlockElement) string {
	parts := make([]string, 0, len(e.Options))
	for _, o := range e.Options {
		mark := "( ) "
		if e.InitialOption != nil && o.Value == e.InitialOption.Value {
			mark = "(•) "
		}
		parts = append(parts, mark+plainText(o.Text))
	}
	return strings.Join(parts, "  ")
}

// withExample adds a placeholder to a blank value as an example.
func withExample(value, example string) string {
	if example == "" {
		return value
	}
	return value + " (e.g. " + example + ")"
}

// choices lists a select's options: " (one of: G1 …, G2 …)".
func choices(opts []*slack.OptionBlockObject) string {
	if len(opts) == 0 {
		return ""
	}
	names := make([]string, 0, len(opts))
	for _, o := range opts {
		names = append(names, plainText(o.Text))
	}
	return " (one of: " + strings.Join(names, ", ") + ")"
}

// RenderReply renders a command's reply as readable plain text, without a
// final newline: its blocks, else its text. A modal, which only Slack can
// open, is shown as its form followed by what to do in a terminal instead.
func RenderReply(r Reply) string {
	if r.Modal != nil {
		return renderModal(r.Modal) + "\n\n" + modalNote(r.Modal.CallbackID, modalNumber(r.Modal))
	}
	if len(r.Blocks) > 0 {
		return RenderPlain(r.Blocks)
	}
	return trimLineEnds(plainMrkdwn(r.Text))
}

// renderModal shows a modal as a form: its title underlined, its fields and
// its buttons.
func renderModal(m *slack.ModalViewRequest) string {
	lines := []string{plainHeader(plainText(m.Title) + " (a form in Slack)")}
	if body := RenderPlain(m.Blocks.BlockSet); body != "" {
		lines = append(lines, body)
	}
	var buttons []string
	for _, t := range []*slack.TextBlockObject{m.Submit, m.Close} {
		if t != nil {
			buttons = append(buttons, "["+plainText(t)+"]")
		}
	}
	if len(buttons) > 0 {
		lines = append(lines, strings.Join(buttons, " "))
	}
	return strings.Join(lines, "\n")
}

// modalNote says how to do without the form outside Slack; number is the
// experiment the form is about, 0 for none.
func modalNote(callbackID string, number int) string {
	switch callbackID {
	case callbackNewExperiment:
		return "Forms open in Slack only. Here, type the experiment in one line instead, e.g.\n" +
			"  new Try LinkedIn carousel ads metric:signups target:+20% by:2w"
	case callbackEditExperiment:
		return fmt.Sprintf("Forms open in Slack only. Here, change just the fields you name, in one line, e.g.\n"+
			"  edit #%d metric:signups target:+20%% by:fri\n"+
			"Options: title: hypothesis: metric: target: by: goal: ice:", max(number, 1))
	case callbackLearn:
		return fmt.Sprintf("Forms open in Slack only. Here, type it in one line instead, e.g.\n  learn #%d carousels doubled signups", max(number, 1))
	}
	return "Forms open in Slack only: this one cannot be filled in here."
}

// modalNumber is the experiment number in a modal's private metadata, 0
// for none.
func modalNumber(m *slack.ModalViewRequest) int {
	var st modalState
	_ = json.Unmarshal([]byte(m.PrivateMetadata), &st) // no number is fine
	return st.Number
}

// RenderOutboxMessage renders a queued message as the console shows it: a
// line saying what Slack call it stands for and where it goes, then its
// content indented by two spaces. It fails on a payload it cannot read or a
// kind it does not know.
func RenderOutboxMessage(m experiments.OutboxMessage) (string, error) {
	o, err := outbox.Decode(m)
	if err != nil {
		return "", err
	}
	if err := outbox.Validate(m.Kind, o); err != nil {
		return "", fmt.Errorf("outbox message %d: %w", m.ID, err)
	}
	s := destination(m.Kind, o) + ":\n" + indent(plainBody(o))
	for _, r := range o.Replies {
		s += "\n→ reply in its thread:\n" + indent(plainBody(r))
	}
	for _, f := range o.ThreadFiles {
		s += "\n→ file in its thread:\n" + indent(plainFile(f))
	}
	return s, nil
}

// plainBody is a message's blocks, else its text; for a file, what it is.
func plainBody(o outgoing) string {
	if o.File != nil {
		return plainFile(*o.File)
	}
	if len(o.Blocks.BlockSet) > 0 {
		return RenderPlain(o.Blocks.BlockSet)
	}
	return trimLineEnds(plainMrkdwn(o.Text))
}

// indent puts two spaces before every line of s that is not empty.
func indent(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, "\n")
}

// destination says where a message of kind goes, as in "→ post to #C1".
func destination(kind string, o outgoing) string {
	var s string
	switch kind {
	case kindPost:
		s = "→ post to #" + o.Channel
	case kindUpdate:
		s = "→ update of message " + o.TS + " in #" + o.Channel
	case kindEphemeral:
		s = "→ ephemeral to @" + o.User + " in #" + o.Channel
	case kindFile:
		s = "→ file to #" + o.Channel
	case kindHome:
		s = "→ App Home of @" + o.User
	default: // kindDM, as validate allows nothing else
		s = "→ DM to @" + o.User
	}
	if o.ThreadTS != "" {
		s += " (in thread " + o.ThreadTS + ")"
	}
	return s
}
