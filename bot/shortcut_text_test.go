package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

func TestIdeaTitleTrimsOnAWordBoundary(t *testing.T) {
	long := strings.Repeat("referral ", 40) // 360 runes
	huge := strings.Repeat("x", 300)
	tests := []struct {
		name, in, want string
	}{
		{"short", "Referral bonus", "Referral bonus"},
		{"lines joined", "Referral bonus\n\nfor annual plans", "Referral bonus for annual plans"},
		{"empty", "", ""},
		{"only spaces", " \n\t ", ""},
		{"exactly the limit", strings.Repeat("a", experiments.MaxTitleRunes), strings.Repeat("a", experiments.MaxTitleRunes)},
		{"long: whole words", long, strings.TrimSpace(strings.Repeat("referral ", 22)) + "…"},
		{"one huge word: cut inside", huge, strings.Repeat("x", experiments.MaxTitleRunes-1) + "…"},
		{"cut right at a space", strings.Repeat("abcd ", 39) + "abcd efgh", strings.Repeat("abcd ", 39) + "abcd…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ideaTitle(tt.in)
			if got != tt.want {
				t.Errorf("ideaTitle = %q (%d runes), want %q", got, utf8.RuneCountInString(got), tt.want)
			}
			if _, err := experiments.ParseTitle(got); got != "" && err != nil {
				t.Errorf("the title does not parse: %v", err)
			}
		})
	}
}

func TestIdeaTitleOfLongMessagesWithMentions(t *testing.T) {
	text := "<@U1> what if we gave *annual* plans a referral bonus? " + strings.Repeat("More detail here. ", 30)
	got := ideaTitle(blockkit.Readable(text, map[string]string{"U1": "ana"}))
	if !strings.HasPrefix(got, "@ana what if we gave annual plans") || !strings.HasSuffix(got, "…") {
		t.Errorf("title %q: want the readable text, cut", got)
	}
	if n := utf8.RuneCountInString(got); n > experiments.MaxTitleRunes {
		t.Errorf("title has %d runes, over %d", n, experiments.MaxTitleRunes)
	}
	if strings.Contains(got, " her…") || strings.HasSuffix(got, " …") {
		t.Errorf("title %q splits a word or ends in a space", got)
	}
}

func TestPermalink(t *testing.T) {
	tests := []struct{ name, domain, channel, ts, thread, want string }{
		{"top-level", "acme", "C1", "1700000000.000100", "", "https://acme.slack.com/archives/C1/p1700000000000100"},
		{"a reply", "acme", "C1", "1700000001.000200", "1700000000.000100",
			"https://acme.slack.com/archives/C1/p1700000001000200?thread_ts=1700000000.000100&cid=C1"},
		{"no domain", "", "C1", "1700000000.000100", "", "https://slack.com/archives/C1/p1700000000000100"},
		{"odd domain", "evil.com/x", "C1", "1700000000.000100", "", "https://slack.com/archives/C1/p1700000000000100"},
		{"bad ts", "acme", "C1", "now", "", ""},
		{"bad channel", "acme", "C1/../x", "1700000000.000100", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := permalink(tt.domain, tt.channel, tt.ts, tt.thread); got != tt.want {
				t.Errorf("permalink = %q, want %q", got, tt.want)
			}
		})
	}
}
