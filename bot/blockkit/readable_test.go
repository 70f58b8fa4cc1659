package blockkit

import "testing"

func TestReadableText(t *testing.T) {
	names := map[string]string{"U1": "ana"}
	tests := []struct{ name, in, want string }{
		{"plain", "Try referral bonuses", "Try referral bonuses"},
		{"mention with a known name", "<@U1> suggests carousels", "@ana suggests carousels"},
		{"mention with a label", "<@U2|bob> suggests", "@bob suggests"},
		{"mention unknown", "ask <@U3>", "ask @U3"},
		{"channel with name", "see <#C1|growth>", "see #growth"},
		{"channel without name", "see <#C1>", "see #C1"},
		{"special mentions", "<!here> and <!channel>", "@here and @channel"},
		{"user group", "<!subteam^S1|@marketing> idea", "@marketing idea"},
		{"date", "by <!date^1700000000^{date}|Nov 14>", "by Nov 14"},
		{"link with label", "read <https://x.io/a_b|the post>", "read the post"},
		{"bare link", "read <https://x.io/a_b_c>", "read https://x.io/a_b_c"},
		{"mailto", "write <mailto:a@b.io|a@b.io>", "write a@b.io"},
		{"escapes undone", "A &amp; B &lt;3 &gt; C", "A & B <3 > C"},
		{"markers dropped", "*Bold* idea, _really_ ~not~ `code`", "Bold idea, really not code"},
		{"markers inside words stay", "5*3 and snake_case_name", "5*3 and snake_case_name"},
		{"code fence", "```SELECT 1```", "SELECT 1"},
		{"quote", "&gt; quoted idea\nmine", "quoted idea\nmine"},
		{"emoji stay", ":rocket: launch", ":rocket: launch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Readable(tt.in, names); got != tt.want {
				t.Errorf("Readable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
