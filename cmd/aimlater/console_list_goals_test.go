package main

import (
	"fmt"
	"strings"
	"testing"
)

// consoleReplies runs script in the console and returns the output of each
// command, keyed by the order it ran in (a command may run twice).
func consoleReplies(t *testing.T, script string) []string {
	t.Helper()
	pinConsoleClock(t)
	code, stdout, stderr := runConsole(t, consoleEnv(t), script)
	if code != exitOK || stderr != "" {
		t.Fatalf("exit = %d, stderr = %q; want 0 and nothing", code, stderr)
	}
	return strings.Split("\n"+stdout, "\n> ")[1:]
}

// nthReplyTo returns the output of the nth run (0 the first) of command in
// replies.
func nthReplyTo(t *testing.T, replies []string, command string, nth int) string {
	t.Helper()
	for _, r := range replies {
		if strings.HasPrefix(r, command+"\n") {
			if nth == 0 {
				return r
			}
			nth--
		}
	}
	t.Fatalf("no reply to %q (run %d)", command, nth)
	return ""
}

// replyTo returns the output of the last run of command in replies.
func replyTo(t *testing.T, replies []string, command string) string {
	t.Helper()
	for i := len(replies) - 1; i >= 0; i-- {
		if strings.HasPrefix(replies[i], command+"\n") {
			return replies[i]
		}
	}
	t.Fatalf("no reply to %q", command)
	return ""
}

func TestConsoleListPagesOn(t *testing.T) {
	var script strings.Builder
	for i := 1; i <= 45; i++ {
		fmt.Fprintf(&script, "new Test %d\n", i)
	}
	script.WriteString("list\nlist page:2\nlist page:3\nlist running page:2 mine\n")
	replies := consoleReplies(t, script.String())

	first := replyTo(t, replies, "list")
	mustContain(t, first, "Experiments (45) · page 1 of 2", "#40 Test 40", "… and 5 more: `/exp list page:2`")
	if strings.Contains(first, "#41 ") {
		t.Errorf("page 1 shows #41:\n%s", first)
	}
	second := replyTo(t, replies, "list page:2")
	mustContain(t, second, "Experiments (45) · page 2 of 2", "#41 Test 41", "#45 Test 45")
	if strings.Contains(second, "#40 ") || strings.Contains(second, "more") {
		t.Errorf("page 2 shows #40 or more:\n%s", second)
	}
	mustContain(t, replyTo(t, replies, "list page:3"), "Page 3 is past the end: 45 experiments, on 2 pages. See `/exp list page:2`.")
	mustContain(t, replyTo(t, replies, "list running page:2 mine"), "Your experiments here (45) · page 2 of 2", "#45 Test 45")
}

func TestConsoleListMineAndFromADirectMessage(t *testing.T) {
	replies := consoleReplies(t, `new Carousel ads metric:signups
:user U2
new Webinar
list mine
list
:channel C2
:user U1
new Podcast ads
list mine
:channel D1
list
:user U3
list
`)
	mine := replyTo(t, replies, "list mine") // U1 in C2
	mustContain(t, mine, "Your experiments here (1)", "#3 Podcast ads")
	if strings.Contains(mine, "Carousel") {
		t.Errorf("list mine in C2 shows C1's experiment:\n%s", mine)
	}
	u2 := replies[3] // U2's list mine in C1
	mustContain(t, u2, "Your experiments here (1)", "#2 Webinar")
	if strings.Contains(u2, "Carousel") {
		t.Errorf("U2's list mine shows U1's experiment:\n%s", u2)
	}
	dm := replies[10] // U1's list in a DM
	mustContain(t, dm, "Your experiments, every channel (2)", "#1 Carousel ads · running · metric signups · 14 days left · @U1 · in #C1",
		"#3 Podcast ads · running", "in #C2")
	if strings.Contains(dm, "Webinar") || strings.Contains(dm, "Nothing here yet") {
		t.Errorf("DM list:\n%s\nwant U1's two experiments only", dm)
	}
	mustContain(t, replyTo(t, replies, "list"), // U3 in the DM
		"You own no experiments in any channel. Experiments start in your team's channel", "run `/exp new")
}

// The console runs the goal verbs on the real store: close with a note,
// the goal's move under "Closed", the refusal of goal:G1, reopen, edit.
func TestConsoleGoalCloseReopenEdit(t *testing.T) {
	replies := consoleReplies(t, `goal Double signups metric:signups
goal Close the enterprise gap
:user U2
goal close G1 hit it in March
goals
new Try ads goal:G1
goals all
goal reopen G1
goal edit G2 title:"Win 3 enterprise deals" target:3 by:2w
goals
`)
	mustContain(t, replies[1], "Goal G2 Close the enterprise gap set")
	mustContain(t, replies[3], "Closed goal G1 Double signups", "→ post to #C1:", "🏁 @U2 closed goal G1 Double signups (set by @U1)", "│ hit it in March")
	goals := replies[4]
	open, closed, _ := strings.Cut(goals, "Closed (1)")
	mustContain(t, open, "Goals (1)", "G2 Close the enterprise gap")
	mustContain(t, closed, "G1 Double signups · closed by @U2 on 2026-11-26 · hit it in March")
	if strings.Contains(open, "G1") {
		t.Errorf("goals lists closed G1 as open:\n%s", goals)
	}
	mustContain(t, replies[5], "⚠️ Goal G1 is closed, so it takes no new experiments: reopen it with `/exp goal reopen G1`")
	mustContain(t, replies[7], "Reopened goal G1 Double signups", "🔄 @U2 reopened goal G1 Double signups (set by @U1)")
	mustContain(t, replies[8], "Goal G2 is now Win 3 enterprise deals — target 3 · by 2026-12-10.")
	last := replies[9]
	mustContain(t, last, "Goals (2)", "G1 Double signups", "G2 Win 3 enterprise deals")
	if strings.Contains(last, "Closed") {
		t.Errorf("goals after reopening:\n%s\nwant no closed section", last)
	}
}

// The console logs a goal's own number through the same App.Handle as
// Slack: `goals` shows it against the target.
func TestConsoleGoalLog(t *testing.T) {
	replies := consoleReplies(t, "goal Grow subscribers metric:subscribers target:+100%\ngoal log G1 3,000\ngoal log G1 4300 launch email\ngoals\n")
	mustContain(t, replyTo(t, replies, "goal log G1 4300 launch email"), "Logged 4,300 on goal G1")
	mustContain(t, replyTo(t, replies, "goals"), "subscribers 4,300 of 6,000 · 43% of the way from 3,000")
}
