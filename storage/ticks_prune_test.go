package storage

import (
	"context"
	"testing"
	"time"
)

func TestPruneTicksKeepsTheLatestOfEach(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	record := func(channel, kind string, hoursAgo int) {
		t.Helper()
		if _, err := db.RecordTick(ctx, "T1", channel, kind, t0.Add(-time.Duration(hoursAgo)*time.Hour), nil); err != nil {
			t.Fatal(err)
		}
	}
	record("C1", "checkins", 72)
	record("C1", "checkins", 48)
	record("C1", "checkins", 1)
	record("C1", "digest", 96) // old, but the only one: kept
	record("C2", "checkins", 80)
	record("C2", "checkins", 50)

	n, err := db.PruneTicks(ctx, t0.Add(-24*time.Hour))
	if err != nil || n != 3 {
		t.Fatalf("PruneTicks = %d, %v; want 3 (two of C1's check-ins, one of C2's)", n, err)
	}
	for _, x := range []struct {
		channel, kind string
		hoursAgo      int
	}{{"C1", "checkins", 1}, {"C1", "digest", 96}, {"C2", "checkins", 50}} {
		last, err := db.LastTick(ctx, "T1", x.channel, x.kind)
		if want := t0.Add(-time.Duration(x.hoursAgo) * time.Hour); err != nil || !last.Equal(want) {
			t.Errorf("LastTick(%s, %s) = %v, %v; want %v", x.channel, x.kind, last, err, want)
		}
	}
	if got := count(t, db, `SELECT COUNT(*) FROM ticks`); got != 3 {
		t.Errorf("%d ticks left, want 3", got)
	}
}
