package storage

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// TestOutboxCounts queues messages of two kinds and moves some of them
// through the sender's states: the counts follow, by kind.
func TestOutboxCounts(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	if got, err := db.OutboxCounts(ctx); err != nil || len(got) != 0 {
		t.Fatalf("empty outbox: %v, %v; want no rows", got, err)
	}
	msg := func(kind string) experiments.OutboxMessage {
		return experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: kind, Payload: []byte(`{}`)}
	}
	if err := db.EnqueueMessages(ctx, msg("post"), msg("post"), msg("post"), msg("post"), msg("dm"), msg("dm")); err != nil {
		t.Fatal(err)
	}
	due, err := db.DueMessages(ctx, db.Now().Add(time.Hour), 10)
	if err != nil || len(due) != 6 {
		t.Fatalf("due: %d, %v", len(due), err)
	}
	now := db.Now()
	mustDo(t, db.MarkSent(ctx, due[0].ID, now))                                            // post sent: counted nowhere
	mustDo(t, db.MarkDead(ctx, due[1].ID, "channel_not_found"))                            // post dead
	mustDo(t, db.MarkDead(ctx, due[4].ID, "user_not_found"))                               // dm dead
	if ok, err := db.Claim(ctx, due[2].ID, now, now.Add(time.Minute)); !ok || err != nil { // post in flight
		t.Fatalf("claim: %v, %v", ok, err)
	}
	got, err := db.OutboxCounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(got, func(a, b OutboxCount) int { return strings.Compare(a.Kind, b.Kind) })
	want := []OutboxCount{
		{Kind: "dm", Pending: 1, InFlight: 0, Dead: 1},
		{Kind: "post", Pending: 2, InFlight: 1, Dead: 1},
	}
	if !slices.Equal(got, want) {
		t.Errorf("counts = %+v\nwant %+v", got, want)
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestWritableProbesOnlyWhenIdle: a check with nothing committed within
// fresh commits a probe that leaves no row behind; checks right after a
// commit (the probe's included) cost no write; a closed database is not
// writable.
func TestWritableProbesOnlyWhenIdle(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	var mu sync.Mutex
	var commits []CommitStats
	db.OnCommit(func(c CommitStats) { mu.Lock(); commits = append(commits, c); mu.Unlock() })
	countCommits := func() int { mu.Lock(); defer mu.Unlock(); return len(commits) }

	if err := db.Writable(ctx, 0); err != nil { // nothing is fresh: probes
		t.Fatalf("new database: %v", err)
	}
	if n := countCommits(); n != 1 {
		t.Fatalf("first check made %d commits, want 1 probe", n)
	}
	for range 5 {
		if err := db.Writable(ctx, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	if n := countCommits(); n != 1 {
		t.Errorf("checks within fresh made %d commits in all, want still 1", n)
	}
	if err := db.Writable(ctx, 0); err != nil { // nothing is fresh: probes again
		t.Fatal(err)
	}
	if n := countCommits(); n != 2 {
		t.Errorf("a stale check made %d commits in all, want 2", n)
	}
	var left int
	if err := db.ro.QueryRowContext(ctx, `SELECT count(*) FROM secrets WHERE name = ?`, probeName).Scan(&left); err != nil || left != 0 {
		t.Errorf("probe rows left: %d, %v", left, err)
	}
	mu.Lock()
	c := commits[0]
	mu.Unlock()
	if c.Units != 1 || c.Err != nil || c.Took <= 0 {
		t.Errorf("commit stats = %+v, want 1 unit, no error, a duration", c)
	}
	db.Close()
	if err := db.Writable(ctx, 0); err == nil {
		t.Error("a closed database is writable")
	}
}

// TestCommitStatsReportFailures: a failed commit is reported by Writable
// (with what failed) until a later commit succeeds.
func TestCommitStatsReportFailures(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	start := time.Now()
	db.w.stats.record(start, 3, errClosed) // as the writer records a failed COMMIT
	if _, _, failed := db.w.stats.last(); failed == nil {
		t.Fatal("last() reports no failure after a failed commit")
	}
	// The probe succeeds, so the database is writable again and the
	// failure is behind it.
	if err := db.Writable(ctx, time.Hour); err != nil {
		t.Fatalf("after a failure and a good probe: %v", err)
	}
	if _, _, failed := db.w.stats.last(); failed != nil {
		t.Errorf("failure still reported after a good commit: %v", failed)
	}
}
