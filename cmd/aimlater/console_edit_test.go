package main

import (
	"strings"
	"testing"
)

// TestConsoleOneLineEdit: the console cannot open forms, so `edit #1`
// alone says how to edit in one line, and the one-line form changes just
// the fields named; bad options change nothing.
func TestConsoleOneLineEdit(t *testing.T) {
	script := `goal Double trial signups
new Try carousel ads metric:clicks target:100 by:2026-12-31
edit #1
edit #1 color:red
edit #1 metric:signups target:+20% by:2026-12-24 goal:G1
edit #1 title:"Carousel ads, video" hypothesis:video beats stills
edit #1 target:lots
show #1
:user U2
edit #1 ice:8/6/9
show #1
`
	replies := consoleReplies(t, script)
	find := func(cmd string) string { t.Helper(); return nthReplyTo(t, replies, cmd, 0) }
	mustContain(t, find("edit #1"), "Forms open in Slack only", "edit #1 metric:signups target:+20% by:fri")
	mustContain(t, find("edit #1 color:red"), "`color:` is not something I can change", "title:, hypothesis:")
	mustContain(t, find("edit #1 metric:signups target:+20% by:2026-12-24 goal:G1"),
		"Saved #1", "metric signups", "target +20%", "2026-12-24", "Changed: metric, target, deadline, goal")
	mustContain(t, find(`edit #1 title:"Carousel ads, video" hypothesis:video beats stills`), "Saved #1 Carousel ads, video", "Changed: title, hypothesis")
	mustContain(t, find("edit #1 target:lots"), "`target:` wants a number")
	shows := []string{nthReplyTo(t, replies, "show #1", 0), nthReplyTo(t, replies, "show #1", 1)}
	mustContain(t, shows[0], "Carousel ads, video", "signups", "+20%", "2026-12-24", "G1 Double trial signups",
		"video beats stills", "last edited by @U1")
	mustContain(t, shows[1], "8/6/9", "last edited by @U2", "+20%")
	if strings.Contains(shows[0], "lots") || strings.Contains(shows[0], "red") {
		t.Errorf("a refused edit was stored:\n%s", shows[0])
	}
}
