package main

import "testing"

// TestConsoleNext: in the console the buttons of `next` read [Launch #2]
// [Not now], and the commands they stand for do the same: `next skip #2`
// hides #2 from this user's next only, `launch #2` launches it. A kill
// that leaves a goal with nothing running names its top idea.
func TestConsoleNext(t *testing.T) {
	script := `goal Double trial signups
idea Referral bonus ice:9/9/9
idea Pricing webinar goal:G1 ice:8/6/9
next
next skip #2
:user U2
next
launch #2
decide #2 kill nobody came
`
	replies := consoleReplies(t, script)
	find := func(cmd string, nth int) string { t.Helper(); return nthReplyTo(t, replies, cmd, nth) }
	mustContain(t, find("next", 0), "Launch next: #2 Pricing webinar", "[Launch #2] [Not now]", "`/exp next skip #2`")
	mustContain(t, find("next skip #2", 0), "Not now: #2", "Launch next: #1 Referral bonus", "[Launch #1] [Not now]")
	mustContain(t, find("next", 1), "Launch next: #2")
	mustContain(t, find("launch #2", 0), "Launched #2", "@U2 launched #2")
	mustContain(t, find("decide #2 kill nobody came", 0), "G1 Double trial signups has nothing running now", "no idea waits for it",
		"/exp idea Try a referral bonus for annual plans goal:G1 ice:8/6/9")
}
