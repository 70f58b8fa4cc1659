package blockkit

import (
	"regexp"
	"strings"
)

// mrkdwnEscaper escapes the three characters Slack's mrkdwn treats as
// control characters. Without it a title "<!channel>" would ping everyone.
var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Escape escapes user-written text for mrkdwn and plain_text fallbacks alike,
// so that it shows as typed: &, < and > are escaped, and the formatting
// markers *, _, ~ and ` become look-alikes, so that a title such as
// "5* reviews" cannot close the bold around it.
//
// Slack's mrkdwn has no escape for its markers: Slack's formatting docs
// list &, < and > only, and a backslash shows as typed. Of the known
// workarounds, look-alikes are the one that cannot misfire. A zero-width
// space next to a marker is what makes Slack read it as a marker in the
// middle of a word (jsx-slack's "exact mode" inserts it to force
// formatting), so inserting one could format text that was plain before;
// the date-fallback trick (<!date^0^{_}|*>) costs ~25 characters a marker
// and shows raw in notifications. The look-alikes are those jsx-slack's
// <Escape> uses: ∗ U+2217, ˍ U+02CD, ∼ U+223C, ˋ U+02CB. Emoji shortcodes
// (:white_check_mark:, as Slack sends emoji in slash commands) and URLs keep
// their characters, which Slack reads whole and never formats. The console
// turns the look-alikes back (PlainMrkdwn). Text inside a code span, or
// written by the bot with formatting of its own, goes through EscapeMarkup.
func Escape(s string) string {
	s = mrkdwnEscaper.Replace(s)
	if !strings.ContainsAny(s, markerChars) {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range keptWhole.FindAllStringIndex(s, -1) {
		b.WriteString(markerLookalikes.Replace(s[last:m[0]]))
		b.WriteString(s[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(markerLookalikes.Replace(s[last:]))
	return b.String()
}

// EscapeMarkup escapes only &, < and >: for text with mrkdwn of its own (the
// bot's messages, which echo user input in code spans) and for user text
// inside a code span, where markers show as typed and must stay copyable.
func EscapeMarkup(s string) string { return mrkdwnEscaper.Replace(s) }

// markerChars are mrkdwn's formatting markers.
const markerChars = "*_~`"

// markerLookalikes replaces each marker with a character that looks the
// same and that Slack never reads as formatting; lookalikeMarkers undoes it.
var (
	markerLookalikes = strings.NewReplacer("*", "\u2217", "_", "\u02CD", "~", "\u223C", "`", "\u02CB")
	lookalikeMarkers = strings.NewReplacer("\u2217", "*", "\u02CD", "_", "\u223C", "~", "\u02CB", "`")
)

// keptWhole matches what Escape leaves as typed: emoji shortcodes and URLs.
var keptWhole = regexp.MustCompile(emojiShortcode + `|https?://[^\s<>]+`)

// Truncate cuts s to at most max runes, ending with "…" when cut, so a long
// user text never pushes a block past Slack's limits. It is experiments.Clip's
// rule (a test holds them alike), kept here as blockkit imports Slack only.
func Truncate(s string, max int) string {
	if max <= 0 {
		return ""
	}
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	return string(r[:max-1]) + "…"
}

// slackUnescaper undoes the escaping Slack applies to the text of a slash
// command, so what is stored is what the user typed. A Replacer makes one
// pass, so "&amp;lt;" becomes "&lt;", as typed, not "<".
var slackUnescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// Unescape returns slash-command text as the user typed it.
func Unescape(s string) string { return slackUnescaper.Replace(s) }
