package bot

import "strings"

// mrkdwnEscaper escapes the three characters Slack's mrkdwn treats as
// control characters. Without it a title "<!channel>" would ping everyone.
var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// esc escapes user-written text for mrkdwn and plain_text fallbacks alike.
func esc(s string) string { return mrkdwnEscaper.Replace(s) }

// truncate cuts s to at most max runes, ending with "…" when cut, so a long
// user text never pushes a block past Slack's limits.
func truncate(s string, max int) string {
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

// unescapeSlack returns slash-command text as the user typed it.
func unescapeSlack(s string) string { return slackUnescaper.Replace(s) }
