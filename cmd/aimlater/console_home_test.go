package main

import (
	"strings"
	"testing"
)

// TestConsoleHome: :home shows the current user's App Home as text, the
// very view serve publishes: their running experiments of every channel,
// the overdue first, with the buttons as [Keep #1]; their ideas with
// [Launch #N]; a line per channel; how to. Another user's home is theirs.
func TestConsoleHome(t *testing.T) {
	pinConsoleClock(t)
	script := `new Try LinkedIn carousel ads metric:signups target:+20% by:2w
new Cold email <CMOs> by:tomorrow
:now 2026-11-30 09:00
:channel C2
idea Referral bonus ice:8/6/9
:home
:user U2
:home
`
	code, stdout, stderr := runConsole(t, consoleEnv(t), script)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit = %d, stderr = %q", code, stderr)
	}
	parts := strings.Split(stdout, "> :home\n")
	if len(parts) != 3 {
		t.Fatalf("want two homes in:\n%s", stdout)
	}
	u1, u2 := parts[1], parts[2]
	for _, want := range []string{"App Home of @U1", "Your experiments", "Running · 2 · ⏰ 1 past the deadline",
		"#2 Cold email <CMOs> · #C1", "[Log #2] [Keep #2] [Kill #2] [Iterate #2]", "[Keep #1]",
		"Your ideas · 1", "#3 Referral bonus · #C2 · ICE 8/6/9 = 7.7", "[Launch #3]",
		"Your channels", "• #C1 · W48: 2 launches", "• #C2", "How to", "/exp decide #4 keep"} {
		if !strings.Contains(u1, want) {
			t.Errorf("U1's home lacks %q:\n%s", want, u1)
		}
	}
	if strings.Index(u1, "[Keep #2]") > strings.Index(u1, "[Keep #1]") {
		t.Errorf("the overdue #2 should come first:\n%s", u1)
	}
	if !strings.Contains(u2, "App Home of @U2") || !strings.Contains(u2, "Nothing running") || strings.Contains(u2, "#1") {
		t.Errorf("U2's home:\n%s", u2)
	}
}
