package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/internal/testkit"
)

// TestE2EMondayDigestReviewsTheWeekJustEnded posts the Monday digest of the
// representative channel, to which two experiments were added on Monday
// morning before it runs, through the fake Slack. The digest reviews
// 2026-W48, as of its end: Monday's launches are in none of its sections
// or numbers, "Shipped" equals the trend's last bar, and the post is the
// very one `digest --week 2026-W48` posts.
func TestE2EMondayDigestReviewsTheWeekJustEnded(t *testing.T) {
	srv := startFake(t)
	path := newDigestFixture(t)
	addMondayLaunches(t, path)
	env := slackEnv(srv, path)
	env["AIMLATER_LOG_LEVEL"] = "warn"
	old := digestClock
	digestClock = func() time.Time { return time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC) } // 09:00 in Rome
	t.Cleanup(func() { digestClock = old })

	for _, args := range [][]string{{"--post"}, {"--week", digestWeek, "--post"}} {
		if code, stdout, stderr := runDigest(t, env, append([]string{"--channel", "C1"}, args...)...); code != exitOK {
			t.Fatalf("digest %v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	calls := srv.Calls("chat.postMessage")
	if len(calls) != 2 {
		t.Fatalf("chat.postMessage calls = %d, want 2", len(calls))
	}
	monday, weekEnd := postText(t, calls[0]), postText(t, calls[1])
	mustContain(t, monday, "Week 2026-W48 digest", "Mon 23 Nov to Sun 29 Nov 2026")
	for _, later := range []string{"Monday morning launch", "Second Monday test"} {
		if strings.Contains(monday, later) {
			t.Errorf("the W48 digest lists %q, launched on Monday of W49:\n%s", later, monday)
		}
	}
	shipped := firstNumber(t, monday, `Shipped\* · (\d+) experiments? launched`)
	if launches := firstNumber(t, monday, `Launches in W48\*\s+(\d+)`); launches != shipped {
		t.Errorf("Launches in W48 = %d, Shipped = %d; want them equal", launches, shipped)
	}
	if monday != weekEnd {
		t.Errorf("the Monday digest differs from `digest --week %s`:\n%s\n---\n%s", digestWeek, monday, weekEnd)
	}
	checkWireLimits(t, srv)
}

// addMondayLaunches launches two experiments with no goal in the fixture's
// channel on Monday 30 November, W49, before 09:00 in Rome.
func addMondayLaunches(t *testing.T, path string) {
	t.Helper()
	db := openStore(t, path)
	defer db.Close()
	f := &digestFixture{t: t, db: db, ctx: context.Background(), loc: mustZone(t, "Europe/Rome")}
	f.running(runSpec{title: "Monday morning launch", launched: "2026-11-30 07:30", deadline: "2026-12-14"})
	f.running(runSpec{title: "Second Monday test", launched: "2026-11-30 08:15", deadline: "2026-12-14"})
}

// firstNumber returns the number the first group of pattern matches in s.
func firstNumber(t *testing.T, s, pattern string) int {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("no %q in:\n%s", pattern, s)
	}
	n := 0
	for _, c := range m[1] {
		n = n*10 + int(c-'0')
	}
	return n
}

// mustZone loads an IANA zone or fails the test.
var mustZone = testkit.MustZone
