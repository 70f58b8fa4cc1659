package blockkit

import (
	"fmt"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Slack's limits on what the bot renders.
const (
	MaxMessageBlocks = 50
	MaxModalBlocks   = 100
	MaxSectionText   = 3000
	MaxHeaderText    = 150
	MaxButtonText    = 75
	MaxContextText   = 3000
	MaxPlainText     = 3000 // fallback text; Slack truncates past 40,000, keep it short
)

// Section is a mrkdwn section block. text must be escaped already; it is cut
// to Slack's limit.
func Section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(Mrkdwn(FitMrkdwn(text, MaxSectionText)), nil, nil)
}

// Fields is a section of short mrkdwn fields (at most 10).
func Fields(fields ...string) *slack.SectionBlock {
	objs := make([]*slack.TextBlockObject, 0, len(fields))
	for i, f := range fields {
		if i == 10 {
			break
		}
		objs = append(objs, Mrkdwn(FitMrkdwn(f, 2000)))
	}
	return slack.NewSectionBlock(nil, objs, nil)
}

// Header is a plain-text header block, cut to 150 characters.
func Header(text string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, Truncate(text, MaxHeaderText), true, false))
}

// ContextLine is a context block with one mrkdwn element.
func ContextLine(text string) *slack.ContextBlock {
	return slack.NewContextBlock("", Mrkdwn(FitMrkdwn(text, MaxContextText)))
}

// Button is a button element; its label is cut to 75 characters.
func Button(actionID, label, value string, style slack.Style) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, Truncate(label, MaxButtonText), true, false))
	b.Style = style
	return b
}

// Mrkdwn is a mrkdwn text object; text must be escaped already.
func Mrkdwn(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, false)
}

// FitMrkdwn cuts escaped mrkdwn text to max characters without splitting an
// entity such as &amp; in two.
func FitMrkdwn(s string, max int) string {
	if len(s) <= max || utf8.RuneCountInString(s) <= max { // most texts: no copy
		return s
	}
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	cut := max - 1
	for i := cut - 1; i >= 0 && i > cut-6; i-- { // an entity is at most 5 runes
		if r[i] == ';' {
			break
		}
		if r[i] == '&' {
			cut = i
			break
		}
	}
	return string(r[:cut]) + "…"
}

// CapBlocks keeps at most max blocks; when it cuts, the last kept block says
// how many items were left out.
func CapBlocks(blocks []slack.Block, max int, more func(n int) string) []slack.Block {
	if len(blocks) <= max {
		return blocks
	}
	cut := len(blocks) - (max - 1)
	kept := append([]slack.Block{}, blocks[:max-1]...)
	return append(kept, ContextLine(more(cut)))
}

// AndMore is the usual wording for a cut list.
func AndMore(n int) string { return fmt.Sprintf("… and %d more", n) }
