package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Closing a goal through Slack: the channel hears who closed it and why,
// `goals` moves it under "Closed", and the channel's digest stops listing
// it among the goals with no running experiment.
func TestE2EGoalClose(t *testing.T) {
	srv := startFake(t)
	dbPath := newDB(t)
	s := startServe(t, srv, dbPath)
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

	// The digest of the week the goals were set in: a digest run today
	// reviews last week on a Monday, when they did not exist yet.
	year, week := time.Now().UTC().ISOWeek()
	code, digest, stderr := runDigest(t, digestEnv(dbPath), "--channel", "C1", "--week", fmt.Sprintf("%d-W%02d", year, week))
	if code != exitOK {
		t.Fatalf("digest: exit %d, %s", code, stderr)
	}
	mustContain(t, digest, "Goals · 1 open", "Grow retention")
	if strings.Contains(digest, "Double trial signups") {
		t.Errorf("the digest still lists closed G1:\n%s", digest)
	}
}

// A goal measures the team's own number through Slack: `goal log` records
// it, the first value is the start, and `goals` shows the latest against
// the target as a share of the way from the start. A closed goal refuses a
// value and says how to reopen it.
func TestE2EGoalLog(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	mustContain(t, s.slash("C1", "U1", "goal Grow subscribers metric:subscribers target:6,000"), "Goal G1")
	mustContain(t, s.slash("C1", "U1", "goals"), "no value yet — log the goal's own number: `/exp goal log G1 4300`")
	mustContain(t, s.slash("C1", "U1", "goal log G1 3000"), "Logged *3,000* on goal G1", "no progress yet")
	mustContain(t, s.slash("C1", "U2", "goal log G1 4300 after the launch email"), "Logged *4,300*", "4,300 of 6,000")
	mustContain(t, s.slash("C1", "U1", "goals"), "subscribers 4,300 of 6,000", "43% of the way from 3,000", "▓▓▓▓░░░░░░")
	mustContain(t, s.slash("C1", "U1", "plan"), "4,300 of 6,000 · 43% of the way from 3,000")
	mustContain(t, s.slash("C1", "U1", "goal log G1 lots"), "is not a value I can log")

	mustContain(t, s.slash("C1", "U1", "goal edit G1 start:1,300"), "Goal G1")
	mustContain(t, s.slash("C1", "U1", "goals"), "4,300 of 6,000 · 63% of the way from 1,300")

	s.slash("C1", "U1", "goal close G1")
	mustContain(t, s.slash("C1", "U1", "goal log G1 5000"), "Goal G1 is closed", "`/exp goal reopen G1`")
}

// A redelivered `goal log` stores its value once: its delivery keys commit
// with the value.
func TestE2EGoalLogRedelivered(t *testing.T) {
	srv := startFake(t)
	dbPath := newDB(t)
	s := startServe(t, srv, dbPath)
	s.slash("C1", "U1", "goal Grow subscribers metric:subscribers target:6000")
	mustContain(t, s.deliverTwice("C1", "U1", "goal log G1 4300 redelivered"), "Logged *4,300*")
	s.stop()
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM goal_values WHERE note = 'redelivered'`); n != 1 {
		t.Errorf("stored %d values, want 1", n)
	}
}
