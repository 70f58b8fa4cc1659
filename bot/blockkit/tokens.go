package blockkit

import (
	"regexp"
	"slices"
	"strings"
)

// Slack's text writes mentions, channels and links as <…> tokens:
// <@U123>, <#C123|growth>, <!here>, <!subteam^S1|@team>, <https://x.io|a
// label>. Typed < and > arrive escaped as &lt; and &gt;, so a raw pair that
// is none of these, as in "new <title>", is text. Tokenize is the one
// reading of that syntax; the plain text of mrkdwn, a message's readable
// text and the socket's look-up of mentioned users all go through it.

// TokenKind says what a piece of Slack's text is.
type TokenKind int

// The kinds of a Token.
const (
	Literal TokenKind = iota // text between tokens, as written
	Mention                  // <@U123> or <@U123|name>: ID is the user
	Channel                  // <#C123> or <#C123|name>: ID is the channel
	Special                  // <!here>, <!subteam^S1|@team>, <!date^…|…>: ID is what follows "!"
	Link                     // <https://x.io> or <mailto:a@b.io|a@b.io>: ID is the URL
)

// Token is one piece of Slack's text: a run of literal text, or one <…>
// token split into its ID and its label.
type Token struct {
	Kind TokenKind
	// Raw is the piece as written, with the < and > of a token.
	Raw string
	// ID is the user, channel, special or URL the token refers to; empty
	// for Literal.
	ID string
	// Label is what follows the first "|", and Labeled says whether there
	// is one: <@U1|> has an empty label.
	Label   string
	Labeled bool
}

// angleToken is a <…> with no < or > inside; tokenKind tells whether it
// is one of Slack's.
var angleToken = regexp.MustCompile(`<[^<>]+>`)

// linkTarget is a URL as Slack writes one in a token: a scheme, ":" and
// something after it.
var linkTarget = regexp.MustCompile(`^[a-z][a-z0-9+.\-]*:[^<>]`)

// Tokenize splits Slack's text into literal runs and <…> tokens, in order;
// joining the Raw of every piece gives s back. Adjacent literal text is one
// piece.
func Tokenize(s string) []Token {
	var out []Token
	last := 0
	for _, m := range angleToken.FindAllStringIndex(s, -1) {
		t, ok := token(s[m[0]:m[1]])
		if !ok {
			continue
		}
		if m[0] > last {
			out = append(out, Token{Kind: Literal, Raw: s[last:m[0]]})
		}
		out = append(out, t)
		last = m[1]
	}
	if last < len(s) {
		out = append(out, Token{Kind: Literal, Raw: s[last:]})
	}
	return out
}

// token reads one <…>, or reports that it is not one of Slack's tokens.
func token(raw string) (Token, bool) {
	inner := raw[1 : len(raw)-1]
	target, label, labeled := strings.Cut(inner, "|")
	t := Token{Raw: raw, ID: target, Label: label, Labeled: labeled}
	switch {
	case strings.HasPrefix(target, "@"):
		t.Kind, t.ID = Mention, target[1:]
	case strings.HasPrefix(target, "#"):
		t.Kind, t.ID = Channel, target[1:]
	case strings.HasPrefix(target, "!"):
		t.Kind, t.ID = Special, target[1:]
	case linkTarget.MatchString(inner):
		t.Kind = Link
	default:
		return Token{}, false
	}
	return t, true
}

// replaceTokens returns s with every token replaced by what f makes of it;
// literal text stays as written.
func replaceTokens(s string, f func(Token) string) string {
	var b strings.Builder
	for _, t := range Tokenize(s) {
		if t.Kind == Literal {
			b.WriteString(t.Raw)
			continue
		}
		b.WriteString(f(t))
	}
	return b.String()
}

// MentionedUsers returns the IDs of the users s mentions, each once, in the
// order of their first mention. A mention whose ID is not a Slack ID
// (capital letters and digits) names no one to look up.
func MentionedUsers(s string) []string {
	var ids []string
	for _, t := range Tokenize(s) {
		if t.Kind == Mention && isSlackID(t.ID) && !slices.Contains(ids, t.ID) {
			ids = append(ids, t.ID)
		}
	}
	return ids
}

// isSlackID reports whether id has the shape of a Slack user or channel ID.
func isSlackID(id string) bool {
	return id != "" && strings.Trim(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == ""
}
