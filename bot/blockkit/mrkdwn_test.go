package blockkit

import "testing"

func TestEscapeAndUnescape(t *testing.T) {
	tests := []struct{ typed, slackSends, escaped string }{
		{"<!channel>", "&lt;!channel&gt;", "&lt;!channel&gt;"},
		{"R&D", "R&amp;D", "R&amp;D"},
		{"&lt; literally", "&amp;lt; literally", "&amp;lt; literally"},
		{"plain", "plain", "plain"},
	}
	for _, tt := range tests {
		if got := Unescape(tt.slackSends); got != tt.typed {
			t.Errorf("Unescape(%q) = %q, want %q", tt.slackSends, got, tt.typed)
		}
		if got := Escape(tt.typed); got != tt.escaped {
			t.Errorf("Escape(%q) = %q, want %q", tt.typed, got, tt.escaped)
		}
	}
}

func TestFitMrkdwnNeverSplitsAnEntity(t *testing.T) {
	s := "aaaaaaa&amp;bbbb"
	for max := 2; max <= len(s); max++ {
		got := FitMrkdwn(s, max)
		if n := len([]rune(got)); n > max {
			t.Errorf("FitMrkdwn(max %d) = %q has %d runes", max, got, n)
		}
		for _, bad := range []string{"&…", "&a…", "&am…", "&amp…"} {
			if len(got) >= len(bad) && got[len(got)-len(bad):] == bad {
				t.Errorf("FitMrkdwn(max %d) = %q splits an entity", max, got)
			}
		}
	}
}
