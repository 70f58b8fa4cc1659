package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
	"github.com/aimlater/aimlater/experiments"
)

// waitDigestPost waits for the nth post whose text is a digest's and
// returns it.
func (s *serving) waitDigestPost(n int) fakeslack.Call {
	s.t.Helper()
	for total := 1; ; total++ {
		var digests []fakeslack.Call
		for _, c := range s.posts(total) {
			if isDigestText(c.Text()) {
				digests = append(digests, c)
			}
		}
		if len(digests) >= n {
			return digests[n-1]
		}
	}
}

// isDigestText reports whether a post's text is a digest's first message.
func isDigestText(text string) bool {
	return strings.HasPrefix(text, "Week ") && strings.Contains(text, " digest:")
}

func TestE2EDigestAndStatsCommands(t *testing.T) {
	srv := startFake(t)
	path := newDB(t)
	seedSlackChannel(t, path)
	s := startServe(t, srv, path)
	mustContain(t, s.slash("C9", "U1", "digest"), "nothing to digest")
	mustContain(t, s.slash("C1", "U1", "stats"), "Numbers of week", "*\n2 · tempo 0.5 launches a week · target 3",
		"0% of 1 decision", "Team stage")
	mustContain(t, s.slash("C1", "U1", "digest"), "Digest posted to the channel.")
	digest := s.waitDigestPost(1)
	if got := digest.Param("channel"); got != "C1" {
		t.Errorf("digest posted to %q, want C1", got)
	}
	post := postText(t, digest)
	mustContain(t, post, "Shipped* · 2 experiments launched", "*#1* Try LinkedIn carousel ads",
		"*kill* · *#2* Cold email &lt;to&gt; CMOs", ">&lt;!channel&gt; nobody replies &amp; that is fine",
		"The numbers", "What to change this week")
	if strings.Contains(post, "<!channel>") {
		t.Errorf("digest shows <!channel> unescaped:\n%s", post)
	}
	checkWireLimits(t, srv)
}

// seedSlackChannel writes, straight to the database, a channel C1 of the
// fake Slack's team launched and decided in the week a digest now reviews
// (in UTC, serve's default zone): no announcements to wait for, so the
// digest is the first post. On a Monday that week is the one just ended.
func seedSlackChannel(t *testing.T, path string) {
	t.Helper()
	db := openStore(t, path)
	defer db.Close()
	at := experiments.ReviewedWeek(time.Now(), time.UTC).AsOf.Add(-time.Hour)
	db.Now = func() time.Time { return at }
	ctx := context.Background()
	g := experiments.Goal{Team: fakeslack.TeamID, Channel: "C1", Title: "Double trial signups", Author: "U1"}
	mustNoErr(t, db.CreateGoal(ctx, &g, nil))
	for _, e := range []experiments.Experiment{
		{Title: "Try LinkedIn carousel ads", Metric: "signups", Target: experiments.Target{Value: 20, Percent: true},
			GoalID: g.ID, Status: experiments.StatusRunning},
		{Title: "Cold email <to> CMOs", Status: experiments.StatusRunning},
		{Title: "Referral bonus", ICE: experiments.ICE{Impact: 8, Confidence: 6, Ease: 9}},
	} {
		e.Team, e.Channel, e.Owner, e.CreatedAt = fakeslack.TeamID, "C1", "U1", at.Add(-time.Hour)
		mustNoErr(t, db.CreateExperiment(ctx, &e, nil))
	}
	_, err := db.DecideExperiment(ctx, fakeslack.TeamID, 2, experiments.DecisionKill, "<!channel> nobody replies & that is fine", "U1", nil)
	mustNoErr(t, err)
}

func mustNoErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestE2EDigestCommandPosts runs `aimlater digest --post` against the fake
// Slack: the digest arrives in its channel with no serve running.
func TestE2EDigestCommandPosts(t *testing.T) {
	srv := startFake(t)
	path := newDigestFixture(t)
	env := slackEnv(srv, path)
	env["AIMLATER_LOG_LEVEL"] = "warn"
	code, stdout, stderr := runDigest(t, env, "--channel", "C1", "--week", digestWeek, "--post")
	if code != exitOK || !strings.Contains(stdout, "Posted the digest to C1 (1 message, its chart in the thread).") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 0 and a word of the post", code, stdout, stderr)
	}
	calls := srv.Calls("chat.postMessage")
	if len(calls) != 1 || calls[0].Param("channel") != "C1" {
		t.Fatalf("chat.postMessage calls = %d, want 1 to C1", len(calls))
	}
	mustContain(t, postText(t, calls[0]), "Week 2026-W48 digest", "Decide now", "&lt;!channel&gt;")
	checkWireLimits(t, srv)
}
