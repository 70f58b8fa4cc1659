package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/storage"
)

// Size of the benchmark's channel.
const (
	benchOwners          = 1000
	benchPerOwner        = 10
	benchCheckedInEveryN = 2 // every other experiment has a check-in
)

// BenchmarkCheckInTick10k measures one check-in tick of a channel with
// 10,000 running experiments across 1,000 owners, on real SQLite: reading
// the round, building the 1,000 DMs (owners' zones from the in-memory
// cache; no network) and recording the tick with its DMs in one
// transaction. Each iteration is a new tick at a new instant, so each
// really records and queues. It reports the CPU time of a tick besides.
func BenchmarkCheckInTick10k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "bench.db")
	db, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	seedRunning(b, path)

	at := time.Date(2026, 6, 2, 8, 0, 0, 0, time.UTC)
	sched := schedule.New(db, nil, schedule.Defaults{CheckIns: "0 10 * * 2,4"}, time.UTC)
	sched.Now = func() time.Time { at = at.Add(time.Second); return at }
	sched.Register(schedule.KindCheckIns, bot.NewCheckIns(db, bot.NewUserZones(nil, nil)).Job)
	ctx := context.Background()

	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for range b.N {
		msgs, err := sched.TickNow(ctx, schedule.KindCheckIns, "T1", "C1")
		if err != nil || len(msgs) != benchOwners {
			b.Fatalf("TickNow = %d messages, %v; want %d", len(msgs), err, benchOwners)
		}
	}
	reportCPU(b, cpuTime()-cpu0)
}

// seedRunning writes the running experiments straight into the file, in
// one transaction: 10,000 CreateExperiment calls would be 10,000 fsyncs
// before the benchmark even starts.
func seedRunning(b *testing.B, path string) {
	b.Helper()
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	launched := time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC).UnixMilli()
	for n := 1; n <= benchOwners*benchPerOwner; n++ {
		owner := fmt.Sprintf("U%04d", n%benchOwners)
		if _, err := tx.Exec(`INSERT INTO experiments (team, number, channel, owner, title, metric, target_value,
			target_percent, deadline, status, created_at, launched_at) VALUES ('T1', ?, 'C1', ?, ?, 'signups', 20, 1,
			'2026-06-12', 'running', ?, ?)`, n, owner, fmt.Sprintf("Experiment <%d> with a title of ordinary length", n),
			launched, launched); err != nil {
			b.Fatal(err)
		}
		if n%benchCheckedInEveryN == 0 {
			if _, err := tx.Exec(`INSERT INTO check_ins (experiment_id, author, at, value, note, on_track)
				VALUES (last_insert_rowid(), ?, ?, 412, 'fine', 1)`, owner, launched+86400000); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}
