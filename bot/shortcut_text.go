package bot

import (
	"regexp"
	"strings"

	"github.com/aimlater/aimlater/experiments"
)

// The message shortcut turns a message's text, as Slack sends it (mrkdwn
// with its escapes and <…> tokens), into the text a reader sees: the form
// is prefilled with it and the stored title must not carry "<@U123>".

// slackToken is one <…> token of a message's text: a mention, a channel, a
// special mention (!here, !subteam^…, !date^…) or a link.
var slackToken = regexp.MustCompile(`<([^<>\s][^<>]*)>`)

// Formatting markers around a run of text, at word boundaries as Slack
// reads them: *bold*, _italic_, ~strike~ and `code`. RE2 has no
// backreferences, hence one pattern per marker.
var markerPairs = []*regexp.Regexp{
	markerPair(`\*`), markerPair(`_`), markerPair(`~`),
	regexp.MustCompile("`([^`\n]+)`"),
}

func markerPair(m string) *regexp.Regexp {
	return regexp.MustCompile(`(^|[\s(\["'])` + m + `([^\s` + m + `](?:[^` + m + `\n]*[^\s` + m + `])?)` + m + `($|[\s)\]"'.,;:!?])`)
}

// quoteMarks are blockquote markers at the start of a line, still escaped.
var quoteMarks = regexp.MustCompile(`(?m)^&gt;\s?`)

// readableText is a message's text as a reader sees it: mentions by name
// (names maps user IDs to display names; an unknown user stays @U123),
// channels as #name, links as their label, formatting markers and code
// fences dropped, Slack's &amp; &lt; &gt; undone. Line breaks stay.
func readableText(text string, names map[string]string) string {
	s := strings.ReplaceAll(text, "```", "")
	s = quoteMarks.ReplaceAllString(s, "")
	s = slackToken.ReplaceAllStringFunc(s, func(tok string) string {
		return readableToken(tok[1:len(tok)-1], names)
	})
	for _, re := range markerPairs {
		if re.NumSubexp() == 1 {
			s = re.ReplaceAllString(s, "$1")
			continue
		}
		s = re.ReplaceAllString(s, "$1$2$3")
	}
	return slackUnescaper.Replace(s)
}

// readableToken is what one <…> token shows: "@name", "#channel", "@here",
// a link's label or its URL.
func readableToken(tok string, names map[string]string) string {
	body, label, _ := strings.Cut(tok, "|")
	switch {
	case strings.HasPrefix(body, "@"):
		if n := names[body[1:]]; n != "" {
			return "@" + n
		}
		if label != "" {
			return "@" + strings.TrimPrefix(label, "@")
		}
		return body
	case strings.HasPrefix(body, "#"):
		return "#" + orDefault(label, body[1:])
	case strings.HasPrefix(body, "!subteam^"):
		return "@" + strings.TrimPrefix(orDefault(label, "team"), "@")
	case strings.HasPrefix(body, "!date^"):
		return label
	case strings.HasPrefix(body, "!"):
		return "@" + body[1:]
	}
	return orDefault(label, strings.TrimPrefix(body, "mailto:"))
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ideaTitle is a title for an idea from a message's readable text: one
// line, at most experiments.MaxTitleRunes runes, cut on a word boundary.
func ideaTitle(readable string) string {
	return trimOnWord(experiments.CleanLine(readable), experiments.MaxTitleRunes)
}

// trimOnWord cuts s to at most max runes, ending in "…" when cut. A word
// the cut would split is left out whole, unless that throws away more than
// half of the room (one very long word): then the cut falls inside it.
func trimOnWord(s string, max int) string {
	full := []rune(s)
	if len(full) <= max {
		return s
	}
	r := full[:max-1] // room for the "…"
	cut := len(r)
	if full[cut] != ' ' { // the cut splits a word: go back to its start
		if i := lastSpace(r); i > len(r)/2 {
			cut = i
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,;:-–—") + "…"
}

// lastSpace is the index of r's last space, or -1.
func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == ' ' {
			return i
		}
	}
	return -1
}

// slackDomain, channelID and messageTS are what a permalink may be built
// of; anything else in a payload gives no link rather than a wrong one.
var (
	slackDomain = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	channelID   = regexp.MustCompile(`^[A-Z0-9]+$`)
	messageTS   = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)
)

// permalink links to the message ts in channel of the workspace at
// domain (its slack.com subdomain), in its thread when it is a reply, the
// way Slack's own "Copy link" does. It is built, not asked for with
// chat.getPermalink: no call within the trigger's 3 s. Without a domain
// the link goes through slack.com, which sends a signed-in reader to
// their workspace.
func permalink(domain, channel, ts, threadTS string) string {
	if !channelID.MatchString(channel) || !messageTS.MatchString(ts) {
		return ""
	}
	host := "slack.com"
	if slackDomain.MatchString(domain) {
		host = domain + ".slack.com"
	}
	link := "https://" + host + "/archives/" + channel + "/p" + strings.Replace(ts, ".", "", 1)
	if threadTS != "" && threadTS != ts && messageTS.MatchString(threadTS) {
		link += "?thread_ts=" + threadTS + "&cid=" + channel
	}
	return link
}
