package blockkit

import (
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Plain-text rendering of Block Kit, for the console: what Slack would show,
// as lines a terminal or a test can read. Headers are underlined, section
// fields become "Label: value" lines, buttons read [Keep], inputs of a form
// read "Title: ____".

// Plain renders blocks as readable plain text, one or more lines per
// block, without a final newline. Block types it does not know show as
// [type].
func Plain(blocks []slack.Block) string {
	lines := make([]string, 0, len(blocks))
	for _, b := range blocks {
		if s := plainBlock(b); s != "" {
			lines = append(lines, s)
		}
	}
	return trimLineEnds(strings.Join(lines, "\n"))
}

// trimLineEnds drops the spaces at the end of every line.
func trimLineEnds(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Join(lines, "\n")
}

// plainBlock renders one block.
func plainBlock(b slack.Block) string {
	switch b := b.(type) {
	case *slack.HeaderBlock:
		return plainHeader(plainText(b.Text))
	case *slack.SectionBlock:
		return plainSection(b)
	case *slack.ContextBlock:
		return plainContext(b)
	case *slack.ActionBlock:
		return plainElements(b.Elements)
	case *slack.DividerBlock:
		return "----"
	case *slack.InputBlock:
		return plainInput(b)
	case *slack.ImageBlock:
		return "[image: " + b.AltText + "]"
	case *slack.MarkdownBlock:
		return b.Text
	}
	return "[" + string(b.BlockType()) + "]"
}

// plainHeader is text underlined with = as long as it.
func plainHeader(text string) string {
	return text + "\n" + strings.Repeat("=", utf8.RuneCountInString(text))
}

// plainText renders a text object: mrkdwn made readable, plain text as is.
func plainText(t *slack.TextBlockObject) string {
	if t == nil {
		return ""
	}
	if t.Type == slack.MarkdownType {
		return plainMrkdwn(t.Text)
	}
	return t.Text
}

// plainSection is the section's text, then its fields, then its accessory.
func plainSection(b *slack.SectionBlock) string {
	var lines []string
	if b.Text != nil {
		lines = append(lines, plainText(b.Text))
	}
	for _, f := range b.Fields {
		lines = append(lines, plainField(plainText(f)))
	}
	if b.Accessory != nil {
		if s := plainAccessory(b.Accessory); s != "" {
			lines = append(lines, s)
		}
	}
	return strings.Join(lines, "\n")
}

// plainField turns a field "Label\nvalue" into "Label: value"; further
// lines of the value are indented under it.
func plainField(f string) string {
	label, value, ok := strings.Cut(f, "\n")
	if !ok {
		return f
	}
	return label + ": " + strings.ReplaceAll(value, "\n", "\n  ")
}

// plainContext joins a context block's elements on one line.
func plainContext(b *slack.ContextBlock) string {
	parts := make([]string, 0, len(b.ContextElements.Elements))
	for _, e := range b.ContextElements.Elements {
		switch e := e.(type) {
		case *slack.TextBlockObject:
			parts = append(parts, plainText(e))
		case *slack.ImageBlockElement:
			parts = append(parts, "[image: "+e.AltText+"]")
		}
	}
	return strings.Join(parts, " ")
}

// plainElements renders interactive elements side by side: [Keep] [Kill].
func plainElements(els *slack.BlockElements) string {
	if els == nil {
		return ""
	}
	parts := make([]string, 0, len(els.ElementSet))
	for _, e := range els.ElementSet {
		parts = append(parts, plainElement(e))
	}
	return strings.Join(parts, " ")
}

// plainAccessory renders the element beside a section's text.
func plainAccessory(a *slack.Accessory) string {
	switch {
	case a.ButtonElement != nil:
		return plainElement(a.ButtonElement)
	case a.SelectElement != nil:
		return plainElement(a.SelectElement)
	case a.OverflowElement != nil:
		return plainElement(a.OverflowElement)
	case a.DatePickerElement != nil:
		return plainElement(a.DatePickerElement)
	case a.ImageElement != nil:
		return plainElement(a.ImageElement)
	}
	return ""
}

// plainElement renders one element as a bracketed control.
func plainElement(e slack.BlockElement) string {
	switch e := e.(type) {
	case *slack.ButtonBlockElement:
		return "[" + plainText(e.Text) + "]"
	case *slack.SelectBlockElement:
		if e.InitialOption != nil {
			return "[" + plainText(e.InitialOption.Text) + " ▾]"
		}
		return "[" + plainText(e.Placeholder) + " ▾]"
	case *slack.OverflowBlockElement:
		return "[…]"
	case *slack.DatePickerBlockElement:
		if e.InitialDate != "" {
			return "[" + e.InitialDate + " ▾]"
		}
		return "[pick a date ▾]"
	case *slack.ImageBlockElement:
		return "[image: " + e.AltText + "]"
	}
	return "[" + string(e.ElementType()) + "]"
}
