package blockkit

import (
	"strings"

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

// PlainModal shows a modal as a form: its title underlined, its fields and
// its buttons.
func PlainModal(m *slack.ModalViewRequest) string {
	lines := []string{plainHeader(plainText(m.Title) + " (a form in Slack)")}
	if body := Plain(m.Blocks.BlockSet); body != "" {
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
