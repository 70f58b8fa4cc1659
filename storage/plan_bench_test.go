package storage

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// BenchmarkPlan50k measures the plan's reads on the history of
// BenchmarkDigest50k (50,000 experiments, 500,000 check-ins, 20 goals of
// which 5 open, 60% of the experiments serving one, every metric the
// goals'): the digest's whole read (LoadDigest, goal records included),
// the goal records alone (what the plan adds to it), and `/exp plan`'s
// read (LoadPlan). One seed serves the three, so their ratio is what the
// plan costs the digest, whatever the machine's load.
//
//	go test -run '^$' -bench Plan50k ./storage
func BenchmarkPlan50k(b *testing.B) {
	db, err := Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()
	if err := db.Seed(ctx, SeedSpec{Team: "T1", Channel: "C1", Experiments: 50_000, CheckIns: 500_000,
		Goals: 20, Span: 730 * 24 * time.Hour, Now: now, Seed: 48}); err != nil {
		b.Fatal(err)
	}
	w := experiments.ReviewedWeek(now, time.UTC)
	week := func(experiments.ChannelSettings) experiments.ReviewWeek { return w }
	d, err := db.LoadDigest(ctx, "T1", "C1", week, 8)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("LoadDigest", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.LoadDigest(ctx, "T1", "C1", week, 8); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("GoalRecords", func(b *testing.B) {
		for b.Loop() {
			err := db.readBulk(ctx, "records", func(tx *sql.Tx) error {
				_, err := findGoalRecords(ctx, tx, d.Goals, d.Running, w.AsOf, 0)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("LoadPlan", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.LoadPlan(ctx, "T1", "C1", now, experiments.PlanListCap); err != nil {
				b.Fatal(err)
			}
		}
	})
}
