package storage

import (
	"context"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

func TestPostUnlessRecent(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	msg := func(kind string) []experiments.OutboxMessage {
		return []experiments.OutboxMessage{{Team: "T1", Channel: "C1", Kind: kind}}
	}
	post := func(at time.Time, kind string) (bool, time.Time) {
		t.Helper()
		posted, last, err := db.PostUnlessRecent(ctx, "T1", "C1", "now", at, at.Add(-10*time.Minute), msg(kind), "scheduled")
		if err != nil {
			t.Fatal(err)
		}
		return posted, last
	}
	if posted, last := post(t0, "a"); !posted || !last.IsZero() {
		t.Fatalf("first post: %v, last %v; want posted, none before", posted, last)
	}
	if posted, last := post(t0.Add(10*time.Minute-time.Millisecond), "b"); posted || !last.Equal(t0) {
		t.Errorf("within 10 minutes: %v, last %v; want refused, last %v", posted, last, t0)
	}
	if posted, _ := post(t0.Add(10*time.Minute), "c"); !posted {
		t.Errorf("10 minutes later: refused, want posted")
	}
	if _, err := db.RecordTick(ctx, "T1", "C1", "scheduled", t0.Add(15*time.Minute), nil); err != nil {
		t.Fatal(err)
	}
	if posted, last := post(t0.Add(16*time.Minute), "d"); posted || !last.Equal(t0.Add(15*time.Minute)) {
		t.Errorf("a minute after a scheduled run: %v, last %v; want refused", posted, last)
	}
	if posted, _, _ := db.PostUnlessRecent(ctx, "T1", "C2", "now", t0.Add(16*time.Minute), t0, msg("e")); !posted {
		t.Errorf("another channel was refused")
	}
	if got := kinds(mustDue(t, db, t0.Add(time.Hour))); got != "ace" {
		t.Errorf("queued %q, want \"ace\": only the posts allowed", got)
	}
}
