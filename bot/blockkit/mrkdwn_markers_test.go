package blockkit

import (
	"strings"
	"testing"
)

// TestEscNeutralisesMarkers: `*`, `_`, `~` and backticks in user text broke
// the formatting around it, so "*5* reviews*" rendered wrongly.
func TestEscNeutralisesMarkers(t *testing.T) {
	tests := []struct{ typed, want string }{
		{"5* reviews", "5\u2217 reviews"},
		{"_italic_ ~gone~ `code`", "\u02CDitalic\u02CD \u223Cgone\u223C \u02CBcode\u02CB"},
		{"<!channel> & *x*", "&lt;!channel&gt; &amp; \u2217x\u2217"},
		{":white_check_mark: done_ok", ":white_check_mark: done\u02CDok"},
		{"see https://x.io/a_b*c then *", "see https://x.io/a_b*c then \u2217"},
		{"plain", "plain"},
	}
	for _, tt := range tests {
		if got := Escape(tt.typed); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.typed, got, tt.want)
		}
		if got := EscapeMarkup(tt.typed); strings.ContainsAny(got, "\u2217\u02CD\u223C\u02CB") {
			t.Errorf("EscapeMarkup(%q) = %q changed a marker", tt.typed, got)
		}
	}
}

// TestConsoleShowsMarkersAsTyped: the console's plain text turns the
// look-alikes back, inside bold and out.
func TestConsoleShowsMarkersAsTyped(t *testing.T) {
	for _, typed := range []string{"5* reviews", "a_b _c_ ~d~ `e`", "x * y", ":no_such_emoji: R&D <b>"} {
		if got := plainMrkdwn("*" + Escape(typed) + "* — " + Escape(typed)); got != typed+" — "+typed {
			t.Errorf("plainMrkdwn of %q in bold = %q, want it as typed", typed, got)
		}
	}
}
