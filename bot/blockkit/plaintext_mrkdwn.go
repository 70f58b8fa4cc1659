package blockkit

import (
	"regexp"
	"strings"
	"unicode"
)

// Mrkdwn as a terminal shows it: mentions and links become readable words,
// *bold*, _italic_ and ~strike~ lose their markers, block quotes get a bar,
// known emoji codes become emoji, and the escaped &, < and > and the
// look-alikes of markers in user text (see Escape) come back as typed. Code
// spans keep their backticks, since they show what to type.

// PlainMrkdwn renders a message's mrkdwn text as readable plain text, the
// way Plain renders the text of a block, without spaces at line ends.
func PlainMrkdwn(s string) string { return trimLineEnds(plainMrkdwn(s)) }

// plainMrkdwn turns Slack mrkdwn into readable plain text.
func plainMrkdwn(s string) string {
	parts := strings.Split(quoteBars(s), "`")
	for i := range parts {
		parts[i] = replaceTokens(parts[i], plainToken)
		if i%2 == 0 { // outside a code span
			parts[i] = emojiCode.ReplaceAllStringFunc(parts[i], plainEmoji)
		}
	}
	s = strings.Join(parts, "`")
	for _, m := range []rune{'*', '_', '~'} {
		s = stripMarkers(s, m)
	}
	return lookalikeMarkers.Replace(slackUnescaper.Replace(s))
}

// quoteBar starts a quoted line. A bar rather than ">", which the console
// uses to echo commands.
const quoteBar = "│ "

// quoteBars turns each mrkdwn block-quote line (a raw ">" first: typed ones
// arrive escaped as &gt;) into a line with a bar.
func quoteBars(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, ">") {
			lines[i] = quoteBar + strings.TrimPrefix(l, ">")
		}
	}
	return strings.Join(lines, "\n")
}

// plainToken renders one <…>: @user, #channel, @here, a label with its URL.
func plainToken(t Token) string {
	switch t.Kind {
	case Mention, Channel:
		sigil := t.Raw[1:2]
		if t.Labeled {
			return sigil + strings.TrimPrefix(t.Label, sigil)
		}
		return sigil + t.ID
	case Special:
		if t.Labeled {
			return t.Label
		}
		return "@" + t.ID
	case Link:
		if t.Labeled && t.Label != t.ID {
			return t.Label + " (" + t.ID + ")"
		}
	}
	return t.ID
}

// emojiShortcode is the one grammar of an emoji :shortcode: as Slack
// writes it: lower-case letters, digits, _, +, - and '. Escape keeps one
// whole; the plain text shows a known one as its emoji.
const emojiShortcode = `:[a-z0-9_+'\-]+:`

// emojiCode matches a :shortcode:.
var emojiCode = regexp.MustCompile(emojiShortcode)

// emoji are the shortcodes the bot uses, and a few more it is likely to;
// others stay as typed.
var emoji = map[string]string{
	":rocket:": "🚀", ":bulb:": "💡", ":warning:": "⚠️", ":dart:": "🎯", ":memo:": "📝",
	":repeat:": "🔁", ":white_check_mark:": "✅", ":x:": "❌", ":pencil2:": "✏️",
	":palm_tree:": "🌴", ":wave:": "👋", ":tada:": "🎉", ":bar_chart:": "📊",
	":chart_with_upwards_trend:": "📈", ":chart_with_downwards_trend:": "📉",
	":calendar:": "📆", ":date:": "📅", ":hourglass:": "⌛", ":hourglass_flowing_sand:": "⏳",
	":alarm_clock:": "⏰", ":bell:": "🔔", ":eyes:": "👀", ":zzz:": "💤", ":fire:": "🔥",
	":seedling:": "🌱", ":trophy:": "🏆", ":sparkles:": "✨", ":mag:": "🔍", ":rotating_light:": "🚨",
	":thinking_face:": "🤔", ":muscle:": "💪", ":clipboard:": "📋", ":earth_africa:": "🌍",
	":information_source:": "ℹ️", ":pushpin:": "📌", ":mega:": "📣",
	":gear:": "⚙️", ":checkered_flag:": "🏁", ":arrows_counterclockwise:": "🔄", ":leftwards_arrow_with_hook:": "↩️",
}

// plainEmoji is the emoji of a known shortcode, else the code as typed.
func plainEmoji(code string) string {
	if e, ok := emoji[code]; ok {
		return e
	}
	return code
}

// stripMarkers removes the paired formatting marker m (*, _ or ~) the way
// Slack reads it: an opening marker not inside a word and followed by a
// non-space, closed on the same line by one after a non-space and not
// followed by a letter or digit. Anything else stays, as in snake_case, and
// code spans are kept whole, though a pair may enclose one.
func stripMarkers(s string, m rune) string {
	r := []rune(s)
	out := make([]rune, 0, len(r))
	for i := 0; i < len(r); i++ {
		if k := codeEnd(r, i); k > i {
			out = append(out, r[i:k+1]...)
			i = k
			continue
		}
		if r[i] == m && opensAt(r, i) {
			if j := closeOf(r, i, m); j > 0 {
				out = append(out, r[i+1:j]...)
				i = j
				continue
			}
		}
		out = append(out, r[i])
	}
	return string(out)
}

// opensAt reports whether the marker at i may open a pair.
func opensAt(r []rune, i int) bool {
	if i > 0 && isWordRune(r[i-1]) {
		return false
	}
	return i+1 < len(r) && !unicode.IsSpace(r[i+1]) && r[i+1] != r[i]
}

// closeOf returns the index of the marker closing the one at i, or -1.
func closeOf(r []rune, i int, m rune) int {
	for j := i + 2; j < len(r) && r[j] != '\n'; j++ {
		if k := codeEnd(r, j); k > j {
			j = k
			continue
		}
		if r[j] == m && !unicode.IsSpace(r[j-1]) && (j+1 == len(r) || !isWordRune(r[j+1])) {
			return j
		}
	}
	return -1
}

// codeEnd returns the index of the backtick closing a code span opened at
// i, or -1 when none opens there.
func codeEnd(r []rune, i int) int {
	if r[i] != '`' {
		return -1
	}
	for k := i + 1; k < len(r) && r[k] != '\n'; k++ {
		if r[k] == '`' {
			return k
		}
	}
	return -1
}

// isWordRune reports whether c is a letter or a digit.
func isWordRune(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }
