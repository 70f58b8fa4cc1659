package blockkit

import (
	"regexp"
	"strings"
)

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

// Readable is a message's text as a reader sees it: mentions by name
// (names maps user IDs to display names; an unknown user stays @U123),
// channels as #name, links as their label, formatting markers and code
// fences dropped, Slack's &amp; &lt; &gt; undone. Line breaks stay.
func Readable(text string, names map[string]string) string {
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
