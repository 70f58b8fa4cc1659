package bot

import (
	"fmt"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// Slack's limits on what the bot renders.
const (
	maxMessageBlocks = 50
	maxModalBlocks   = 100
	maxSectionText   = 3000
	maxHeaderText    = 150
	maxButtonText    = 75
	maxContextText   = 3000
	maxPlainText     = 3000 // fallback text; Slack truncates past 40,000, keep it short
)

// section is a mrkdwn section block. text must be escaped already; it is cut
// to Slack's limit.
func section(text string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(fitMrkdwn(text, maxSectionText)), nil, nil)
}

// fieldsSection is a section of short mrkdwn fields (at most 10).
func fieldsSection(fields ...string) *slack.SectionBlock {
	objs := make([]*slack.TextBlockObject, 0, len(fields))
	for i, f := range fields {
		if i == 10 {
			break
		}
		objs = append(objs, mrkdwn(fitMrkdwn(f, 2000)))
	}
	return slack.NewSectionBlock(nil, objs, nil)
}

// header is a plain-text header block, cut to 150 characters.
func header(text string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, truncate(text, maxHeaderText), true, false))
}

// contextLine is a context block with one mrkdwn element.
func contextLine(text string) *slack.ContextBlock {
	return slack.NewContextBlock("", mrkdwn(fitMrkdwn(text, maxContextText)))
}

// button is a button element; its label is cut to 75 characters.
func button(actionID, label, value string, style slack.Style) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, truncate(label, maxButtonText), true, false))
	b.Style = style
	return b
}

func mrkdwn(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, text, false, false)
}

// fitMrkdwn cuts escaped mrkdwn text to max characters without splitting an
// entity such as &amp; in two.
func fitMrkdwn(s string, max int) string {
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

// capBlocks keeps at most max blocks; when it cuts, the last kept block says
// how many items were left out.
func capBlocks(blocks []slack.Block, max int, more func(n int) string) []slack.Block {
	if len(blocks) <= max {
		return blocks
	}
	cut := len(blocks) - (max - 1)
	kept := append([]slack.Block{}, blocks[:max-1]...)
	return append(kept, contextLine(more(cut)))
}

// andMore is the usual wording for a cut list.
func andMore(n int) string { return fmt.Sprintf("… and %d more", n) }
