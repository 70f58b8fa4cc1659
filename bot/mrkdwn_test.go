package bot

import "testing"

func TestEscapeAndUnescape(t *testing.T) {
	tests := []struct{ typed, slackSends, escaped string }{
		{"<!channel>", "&lt;!channel&gt;", "&lt;!channel&gt;"},
		{"R&D", "R&amp;D", "R&amp;D"},
		{"&lt; literally", "&amp;lt; literally", "&amp;lt; literally"},
		{"plain", "plain", "plain"},
	}
	for _, tt := range tests {
		if got := unescapeSlack(tt.slackSends); got != tt.typed {
			t.Errorf("unescapeSlack(%q) = %q, want %q", tt.slackSends, got, tt.typed)
		}
		if got := esc(tt.typed); got != tt.escaped {
			t.Errorf("esc(%q) = %q, want %q", tt.typed, got, tt.escaped)
		}
	}
}

func TestFitMrkdwnNeverSplitsAnEntity(t *testing.T) {
	s := "aaaaaaa&amp;bbbb"
	for max := 2; max <= len(s); max++ {
		got := fitMrkdwn(s, max)
		if n := len([]rune(got)); n > max {
			t.Errorf("fitMrkdwn(max %d) = %q has %d runes", max, got, n)
		}
		for _, bad := range []string{"&…", "&a…", "&am…", "&amp…"} {
			if len(got) >= len(bad) && got[len(got)-len(bad):] == bad {
				t.Errorf("fitMrkdwn(max %d) = %q splits an entity", max, got)
			}
		}
	}
}
