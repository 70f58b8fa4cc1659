package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// Closing a goal through Slack: the channel hears who closed it and why,
// `goals` moves it under "Closed", and the channel's digest stops listing
// it among the goals with no running experiment.
func TestE2EGoalClose(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	mustContain(t, s.slash("C1", "U1", "goal Double trial signups metric:signups"), "Goal G1")
	mustContain(t, s.slash("C1", "U1", "goal Grow retention"), "Goal G2")
	mustContain(t, s.slash("C1", "U1", "new Try LinkedIn carousel ads metric:signups"), "Launched #1")

	got := s.slash("C1", "U2", "goal close G1 hit 2× signups in March")
	mustContain(t, got, "Closed goal G1", "goal reopen G1")
	if strings.Contains(got, "set —") {
		t.Fatalf("goal close created a goal:\n%s", got)
	}
	announce := postText(t, s.posts(4)[3])
	mustContain(t, announce, "<@U2> closed goal G1 *Double trial signups* (set by <@U1>)", ">hit 2× signups in March")

	goals := s.slash("C1", "U1", "goals")
	open, closed, found := strings.Cut(goals, "Closed (1)")
	if !found || strings.Contains(open, "G1") || !strings.Contains(closed, "*G1* Double trial signups · closed by <@U2>") {
		t.Errorf("goals:\n%s\nwant G1 under Closed only", goals)
	}
	mustContain(t, open, "Goals (1)", "*G2* Grow retention")

	view, err := json.Marshal(s.openModal("C1", "U1", "new"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(view), "Grow retention") || strings.Contains(string(view), "Double trial signups") {
		t.Errorf("the new-experiment form offers:\n%s\nwant G2 and not closed G1", view)
	}

	mustContain(t, s.slash("C1", "U1", "digest"), "Digest posted to the channel.")
	s.waitDigestPost(1)
	var digest strings.Builder
	for _, c := range s.posts(5)[4:] {
		digest.WriteString(postText(t, c) + "\n")
	}
	mustContain(t, digest.String(), "Goals with no running experiment* · 1", "Grow retention")
	if strings.Contains(digest.String(), "Double trial signups") {
		t.Errorf("the digest still lists closed G1:\n%s", digest.String())
	}
}
