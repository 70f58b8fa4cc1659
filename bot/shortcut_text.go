package bot

import (
	"regexp"
	"strings"

	"github.com/aimlater/aimlater/experiments"
)

// The message shortcut turns a message's text, as Slack sends it (mrkdwn
// with its escapes and <…> tokens), into the text a reader sees: the form
// is prefilled with it and the stored title must not carry "<@U123>".

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
