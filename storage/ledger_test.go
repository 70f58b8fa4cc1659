package storage

import (
	"context"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

func TestSeeKey(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	steps := []struct {
		key  string
		want bool
	}{
		{"env-1", true},
		{"env-1", false},
		{"env-2", true},
		{"env-1", false},
	}
	for i, s := range steps {
		first, err := db.SeeKey(ctx, s.key, t0)
		if err != nil || first != s.want {
			t.Errorf("step %d: SeeKey(%q) = %v, %v; want %v", i, s.key, first, err, s.want)
		}
	}
}

func TestPruneKeys(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for i, key := range []string{"old-1", "old-2", "new"} {
		at := t0.Add(-time.Duration(3-i) * time.Hour) // old-1 -3h, old-2 -2h, new -1h
		if _, err := db.SeeKey(ctx, key, at); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.PruneKeys(ctx, t0.Add(-90*time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("PruneKeys = %d, %v; want 2", n, err)
	}
	if first, _ := db.SeeKey(ctx, "old-1", t0); !first {
		t.Errorf("a pruned key was still known")
	}
	if first, _ := db.SeeKey(ctx, "new", t0); first {
		t.Errorf("a key newer than the cut was forgotten")
	}
}

func TestRecordTickOnce(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	at := t0.Add(-time.Hour)
	msgs := []experiments.OutboxMessage{
		{Team: "T1", Channel: "C1", Kind: "post"},
		{Team: "T1", Channel: "U1", Kind: "dm"},
	}
	for i, want := range []bool{true, false} {
		recorded, err := db.RecordTick(ctx, "T1", "C1", "digest", at, msgs)
		if err != nil || recorded != want {
			t.Errorf("RecordTick call %d = %v, %v; want %v", i+1, recorded, err, want)
		}
	}
	if n, _ := db.PendingCount(ctx); n != len(msgs) {
		t.Errorf("pending messages = %d, want %d (no duplicates)", n, len(msgs))
	}
	// Another kind or channel at the same time is another tick.
	if recorded, err := db.RecordTick(ctx, "T1", "C1", "check-in", at, nil); err != nil || !recorded {
		t.Errorf("RecordTick of another kind = %v, %v; want true", recorded, err)
	}
}

func TestRecordTickFailureRecordsNothing(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	bad := []experiments.OutboxMessage{{Team: "T1", Channel: "C1", Kind: "post"}, {Team: "T1"}}
	if _, err := db.RecordTick(ctx, "T1", "C1", "digest", t0, bad); err == nil {
		t.Fatal("RecordTick with a failing message succeeded, want an error")
	}
	if last, _ := db.LastTick(ctx, "T1", "C1", "digest"); !last.IsZero() {
		t.Errorf("LastTick after a failed record = %v, want zero", last)
	}
	if n, _ := db.PendingCount(ctx); n != 0 {
		t.Errorf("pending messages after a failed record = %d, want 0", n)
	}
}

func TestLastTick(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	if last, err := db.LastTick(ctx, "T1", "C1", "digest"); err != nil || !last.IsZero() {
		t.Fatalf("LastTick with none = %v, %v; want zero", last, err)
	}
	for _, h := range []int{-3, -1, -2} {
		if _, err := db.RecordTick(ctx, "T1", "C1", "digest", t0.Add(time.Duration(h)*time.Hour), nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.RecordTick(ctx, "T1", "C1", "check-in", t0, nil); err != nil {
		t.Fatal(err)
	}
	want := t0.Add(-time.Hour)
	if last, err := db.LastTick(ctx, "T1", "C1", "digest"); err != nil || !last.Equal(want) {
		t.Errorf("LastTick = %v, %v; want %v", last, err, want)
	}
}
