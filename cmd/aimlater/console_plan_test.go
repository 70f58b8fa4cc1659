package main

import (
	"strings"
	"testing"
)

// TestConsolePlan: in the console `plan` reads as a list of goals with
// their button, [Launch #2] for a goal whose top idea waits and [New test
// for G2] for one near its deadline with nothing kept and nothing to
// launch; the nudge names the three commands.
func TestConsolePlan(t *testing.T) {
	pinConsoleClock(t)
	script := `goal Double trial signups metric:signups target:1000
goal Grow the newsletter metric:subscribers target:10000 by:+5d
idea Pricing webinar goal:G1 ice:8/6/9
plan
`
	code, stdout, stderr := runConsole(t, consoleEnv(t), script)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit = %d, stderr = %q", code, stderr)
	}
	_, plan, _ := strings.Cut(stdout, "\n> plan\n")
	mustContain(t, plan, "📆 The plan · 2 open goals, soonest deadline first",
		"G2 Grow the newsletter · 5 days left (by 2026-12-01)",
		"⌛ 5 days left and nothing kept: close it (`/exp goal close G2 …`), extend it (`/exp goal edit G2 by:2027-02-24`), or shoot (`/exp new … goal:G2`).",
		"[New test for G2]",
		"G1 Double trial signups · 90 days left (by 2027-02-24)",
		"Next: no test running: launch #1 Pricing webinar? `/exp launch #1`", "[Launch #1]")
	if strings.Index(plan, "G2 Grow") > strings.Index(plan, "G1 Double") {
		t.Errorf("G1 before G2, due sooner:\n%s", plan)
	}
}
