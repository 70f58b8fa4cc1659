package main

import (
	"strings"
	"testing"
)

// TestE2EPlan: `/exp plan` through the fake Slack. G2, due in 10 days with
// nothing kept, comes before G1 (no by:, so 90 days) and carries the nudge;
// G1 shows its running experiment and, with no value of its own yet, the
// latest value logged on it (its metric written in another case) beside the
// hint to log the goal's own; G2's next move is its top idea with Launch,
// which U2 clicks: the idea runs, launched by U2.
func TestE2EPlan(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	mustContain(t, s.slash("C1", "U1", "plan"), "No open goal here yet", "90 days")
	mustContain(t, s.slash("C1", "U1", "goal Double trial signups metric:signups target:1000"), "G1", "by *")
	s.slash("C1", "U1", "goal Grow the newsletter metric:subscribers target:10000 by:+10d")
	mustContain(t, s.slash("C1", "U1", "new Carousel ads metric:Signups target:+20% by:2w goal:G1"), "#1")
	s.slash("C1", "U1", "log #1 420")
	s.slash("C1", "U1", "log #1 640 carousels pick up")
	mustContain(t, s.slash("C1", "U1", "idea Newsletter referral contest goal:G2 ice:8/6/9"), "#2")

	plan := s.slash("C1", "U1", "plan")
	mustContain(t, plan, "The plan* · 2 open goals, soonest deadline first",
		"*G2* Grow the newsletter · 10 days left", "no experiment yet", "no value yet — log the goal's own number: `/exp goal log G2 4300`",
		"no test running: launch #2 Newsletter referral contest? `/exp launch #2`", "Launch #2",
		"10 days left and nothing kept:* close it (`/exp goal close G2 …`), extend it (`/exp goal edit G2 by:",
		"or shoot (`/exp new … goal:G2`)",
		"*G1* Double trial signups · 90 days left", "running #1", "no value yet; its experiments on signups: #1 640 (today) — log the goal's own number: `/exp goal log G1 4300`",
		"#1 is due first, in 14 days: check in with `/exp log #1 …`")
	if i, j := strings.Index(plan, "*G2*"), strings.Index(plan, "*G1*"); i > j {
		t.Errorf("plan lists G1 before G2, due sooner:\n%s", plan)
	}
	if g1, _, _ := strings.Cut(plan[strings.Index(plan, "*G1*"):], ":calendar:"); strings.Contains(g1, "nothing kept") {
		t.Errorf("plan nudges G1, 90 days from its deadline:\n%s", plan)
	}

	mustContain(t, s.clickIdea("U2", "exp_launch_idea", "2"), "Launched #2")
	mustContain(t, s.slash("C1", "U1", "show #2"), "running", "Launched by <@U2>")
	mustContain(t, s.slash("C1", "U1", "plan"), "running #2", "#2 is due first")
	mustContain(t, s.slash("C1", "U1", "plan G1"), "`/exp plan` shows this channel's open goals")
}
