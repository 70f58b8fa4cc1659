package blockkit

import (
	"regexp"
	"strings"
)

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
	s = replaceTokens(s, func(t Token) string { return readableToken(t, names) })
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
func readableToken(t Token, names map[string]string) string {
	switch t.Kind {
	case Mention:
		if n := names[t.ID]; n != "" {
			return "@" + n
		}
		if t.Label != "" {
			return "@" + strings.TrimPrefix(t.Label, "@")
		}
		return "@" + t.ID
	case Channel:
		return "#" + orDefault(t.Label, t.ID)
	case Special:
		switch {
		case strings.HasPrefix(t.ID, "subteam^"):
			return "@" + strings.TrimPrefix(orDefault(t.Label, "team"), "@")
		case strings.HasPrefix(t.ID, "date^"):
			return t.Label
		}
		return "@" + t.ID
	}
	return orDefault(t.Label, strings.TrimPrefix(t.ID, "mailto:"))
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
