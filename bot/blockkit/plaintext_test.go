package blockkit

import "testing"

func TestPlainMrkdwn(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"user mention", "<@U1> launched", "@U1 launched"},
		{"user mention with name", "<@U1|ada> launched", "@ada launched"},
		{"channel", "in <#C1> and <#C2|growth>", "in #C1 and #growth"},
		{"special", "<!here> and <!channel>", "@here and @channel"},
		{"special with label", "<!subteam^S1|@growth>", "@growth"},
		{"url", "see <https://example.com>", "see https://example.com"},
		{"url with label", "see <https://example.com|the docs>", "see the docs (https://example.com)"},
		{"not a link", "`new <title>`", "`new <title>`"},
		{"escaped text", "a &lt;b&gt; &amp;lt; &amp; c", "a <b> &lt; & c"},
		{"escaped mention stays text", "&lt;@U1&gt;", "<@U1>"},
		{"bold", "*#1* Try ads", "#1 Try ads"},
		{"italic and strike", "_off track_ and ~gone~", "off track and gone"},
		{"snake case", "exp_new and a_b_c", "exp_new and a_b_c"},
		{"lone star", "5 * 3 = 15", "5 * 3 = 15"},
		{"marker inside a word", "x*y*z", "x*y*z"},
		{"unpaired", "*open", "*open"},
		{"not across lines", "*a\nb*", "*a\nb*"},
		{"italic around code", "_add one with `edit #1`_", "add one with `edit #1`"},
		{"code keeps markers", "`*not bold*`", "`*not bold*`"},
		{"emoji", ":rocket: go :x:", "🚀 go ❌"},
		{"unknown emoji", ":party_parrot: yes", ":party_parrot: yes"},
		{"emoji not in code", "`:rocket:`", "`:rocket:`"},
		{"quote", "decided\n>learned a lot\n>and more", "decided\n│ learned a lot\n│ and more"},
		{"typed quote character", "&gt; not a quote", "> not a quote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainMrkdwn(tt.in); got != tt.want {
				t.Errorf("plainMrkdwn(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
