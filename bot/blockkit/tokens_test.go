package blockkit

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	lit := func(s string) Token { return Token{Kind: Literal, Raw: s} }
	tests := []struct {
		name, in string
		want     []Token
	}{
		{"mention", "hi <@U1>", []Token{lit("hi "), {Kind: Mention, Raw: "<@U1>", ID: "U1"}}},
		{"mention with a label", "<@U1|ada> ok", []Token{{Kind: Mention, Raw: "<@U1|ada>", ID: "U1", Label: "ada", Labeled: true}, lit(" ok")}},
		{"mention with an empty label", "<@U1|>", []Token{{Kind: Mention, Raw: "<@U1|>", ID: "U1", Labeled: true}}},
		{"channel", "<#C1>", []Token{{Kind: Channel, Raw: "<#C1>", ID: "C1"}}},
		{"channel with a name", "in <#C1|growth>", []Token{lit("in "), {Kind: Channel, Raw: "<#C1|growth>", ID: "C1", Label: "growth", Labeled: true}}},
		{"here", "<!here> now", []Token{{Kind: Special, Raw: "<!here>", ID: "here"}, lit(" now")}},
		{"user group", "<!subteam^S1|@growth>", []Token{{Kind: Special, Raw: "<!subteam^S1|@growth>", ID: "subteam^S1", Label: "@growth", Labeled: true}}},
		{"date", "<!date^1700000000^{date}|Nov 14>", []Token{{Kind: Special, Raw: "<!date^1700000000^{date}|Nov 14>", ID: "date^1700000000^{date}", Label: "Nov 14", Labeled: true}}},
		{"link", "<https://x.io/a_b>", []Token{{Kind: Link, Raw: "<https://x.io/a_b>", ID: "https://x.io/a_b"}}},
		{"link with a label", "read <https://x.io|the post>!", []Token{lit("read "),
			{Kind: Link, Raw: "<https://x.io|the post>", ID: "https://x.io", Label: "the post", Labeled: true}, lit("!")}},
		{"mailto", "<mailto:a@b.io|a@b.io>", []Token{{Kind: Link, Raw: "<mailto:a@b.io|a@b.io>", ID: "mailto:a@b.io", Label: "a@b.io", Labeled: true}}},
		{"not a token", "new <title> & 3 < 4", []Token{lit("new <title> & 3 < 4")}},
		{"a lone < before a token", "a <b <@U1>", []Token{lit("a <b "), {Kind: Mention, Raw: "<@U1>", ID: "U1"}}},
		{"a scheme with nothing after it", "<a:>", []Token{lit("<a:>")}},
		{"escaped", "&lt;@U1&gt;", []Token{lit("&lt;@U1&gt;")}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Tokenize(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Tokenize(%q) =\n%+v\nwant\n%+v", tt.in, got, tt.want)
			}
			var raw strings.Builder
			for _, tok := range got {
				raw.WriteString(tok.Raw)
			}
			if raw.String() != tt.in {
				t.Errorf("Tokenize(%q): the pieces join to %q", tt.in, raw.String())
			}
		})
	}
}

func TestMentionedUsers(t *testing.T) {
	got := MentionedUsers("<@U1> and <@W2|bob> ask <@U1>, <#C1>, <!here>, <@not an id>")
	if want := []string{"U1", "W2"}; !slices.Equal(got, want) {
		t.Errorf("MentionedUsers = %q, want %q", got, want)
	}
}
