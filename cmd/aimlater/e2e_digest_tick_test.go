package main

import (
	"context"
	"database/sql"
	"testing"

	"github.com/aimlater/aimlater/bot/fakeslack"
	"github.com/aimlater/aimlater/experiments"
)

// TestE2EScheduledDigestOncePerTick runs serve twice on one database, with
// the digest on "@every 1s", against the fake Slack: each run posts the
// digest of C1, and every tick recorded, before the restart and after,
// queued exactly one. C2 has settings but no experiments, so its ticks are
// recorded with nothing to post.
func TestE2EScheduledDigestOncePerTick(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for real cron ticks on @every 1s, across a restart")
	}
	srv := startFake(t)
	path := newDB(t)
	seedSlackChannel(t, path)
	saveEmptyChannel(t, path, "C2")
	env := map[string]string{"AIMLATER_DIGEST_SCHEDULE": "@every 1s", "AIMLATER_CHECKIN_SCHEDULE": "off"}
	posted := 0
	for range 2 {
		s := startServeWith(t, srv, path, env)
		mustContain(t, postText(t, s.waitDigestPost(posted+1)), "Week ", "Shipped* · 2 experiments launched")
		s.stop()
		posted = countDigestPosts(srv.Calls("chat.postMessage"))
	}
	perTick := digestsPerTick(t, path)
	// The test waits for C1's posts only, so C2 may have had one tick or
	// more by the time serve stopped: at least one is certain.
	if len(perTick["C1"]) < 2 || len(perTick["C2"]) < 1 {
		t.Fatalf("digest ticks recorded: C1 %d, C2 %d; want at least 2 and 1", len(perTick["C1"]), len(perTick["C2"]))
	}
	for channel, want := range map[string]int{"C1": 1, "C2": 0} {
		for at, n := range perTick[channel] {
			if n != want {
				t.Errorf("%s tick at %d queued %d digests, want %d", channel, at, n, want)
			}
		}
	}
	if posted > len(perTick["C1"]) {
		t.Errorf("%d digests posted for %d ticks: one went out twice", posted, len(perTick["C1"]))
	}
	for _, c := range srv.Calls("chat.postMessage") {
		if c.Param("channel") == "C2" {
			t.Errorf("a digest went to C2, which has no experiments: %s", c.Text())
		}
	}
	checkWireLimits(t, srv)
}

// saveEmptyChannel gives a channel of the fake Slack's team settings and
// nothing else, so the scheduler knows it.
func saveEmptyChannel(t *testing.T, path, channel string) {
	t.Helper()
	db := openStore(t, path)
	defer db.Close()
	mustNoErr(t, db.SaveChannelSettings(context.Background(), experiments.DefaultChannelSettings(fakeslack.TeamID, channel)))
}

// countDigestPosts counts the successful posts that are digests.
func countDigestPosts(calls []fakeslack.Call) int {
	n := 0
	for _, c := range calls {
		if !c.Failed && isDigestText(c.Text()) {
			n++
		}
	}
	return n
}

// digestsPerTick reads, from a stopped bot's database, how many digest
// posts each recorded digest tick queued, by channel and tick. A tick's
// messages are written with it, so their created_at is its recorded_at.
func digestsPerTick(t *testing.T, path string) map[string]map[int64]int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT t.channel, t.scheduled_at, COUNT(o.id) FROM ticks t
		LEFT JOIN outbox o ON o.created_at = t.recorded_at AND o.channel = t.channel AND o.kind = 'post'
		WHERE t.kind = 'digest' GROUP BY t.channel, t.scheduled_at`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	perTick := map[string]map[int64]int{}
	for rows.Next() {
		var channel string
		var at int64
		var n int
		mustNoErr(t, rows.Scan(&channel, &at, &n))
		if perTick[channel] == nil {
			perTick[channel] = map[int64]int{}
		}
		perTick[channel][at] = n
	}
	mustNoErr(t, rows.Err())
	return perTick
}
