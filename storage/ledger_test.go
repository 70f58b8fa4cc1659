package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/request"
)

// storeKeysAt stores keys as a request's effect would, with the clock at
// at: through a cheap write carrying a Delivery.
func storeKeysAt(tb testing.TB, db *DB, at time.Time, keys ...string) {
	tb.Helper()
	saved := db.Now
	defer func() { db.Now = saved }()
	setNow(db, at)
	ctx := request.WithDelivery(context.Background(), &request.Delivery{Keys: keys})
	if err := db.SetAway(ctx, "T1", "U-keys", at); err != nil {
		tb.Fatalf("store keys %v: %v", keys, err)
	}
}

// launch creates a running experiment titled title in a request with the
// given keys.
func launch(db *DB, title string, keys ...string) error {
	ctx := request.WithDelivery(context.Background(), &request.Delivery{Keys: keys})
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: title, Status: experiments.StatusRunning}
	return db.CreateExperiment(ctx, &e, nil)
}

func TestDeliveryKeysCommitWithTheEffect(t *testing.T) {
	tests := []struct {
		name      string
		first     []string
		again     []string
		wantAgain string // error code of the second request
	}{
		{"same payload, new envelope", []string{"trigger:T1", "envelope:E1"}, []string{"trigger:T1", "envelope:E2"}, experiments.EDUPLICATE},
		{"same envelope redelivered", []string{"trigger:T1", "envelope:E1"}, []string{"trigger:T1", "envelope:E1"}, experiments.EDUPLICATE},
		{"another request", []string{"trigger:T1", "envelope:E1"}, []string{"trigger:T2", "envelope:E2"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpen(t)
			ctx := context.Background()
			if err := launch(db, "Dedupe alpha", tt.first...); err != nil {
				t.Fatal(err)
			}
			if seen, err := db.Handled(ctx, tt.first); err != nil || !seen {
				t.Fatalf("Handled(first) = %v, %v; want true", seen, err)
			}
			wantCode(t, launch(db, "Dedupe alpha", tt.again...), tt.wantAgain)
			want := 1
			if tt.wantAgain == "" {
				want = 2
			}
			if n := count(t, db, `SELECT COUNT(*) FROM experiments`); n != want {
				t.Errorf("experiments = %d, want %d", n, want)
			}
		})
	}
}

func TestConcurrentRedeliveriesStoreOnce(t *testing.T) {
	db := mustOpen(t)
	const n = 20
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- launch(db, "Raced", "trigger:T1", fmt.Sprintf("envelope:E%d", i)) }()
	}
	stored := 0
	for range n {
		switch err := <-errs; experiments.ErrorCode(err) {
		case "":
			stored++
		case experiments.EDUPLICATE:
		default:
			t.Errorf("launch: %v", err)
		}
	}
	if got := count(t, db, `SELECT COUNT(*) FROM experiments`); stored != 1 || got != 1 {
		t.Errorf("%d launches succeeded, %d experiments stored; want 1 and 1", stored, got)
	}
}

func TestAFailedEffectStoresNoKey(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	keys := []string{"trigger:T1", "envelope:E1"}
	// The process "dies" after the keys are written and before the
	// experiment is: the trigger aborts the transaction there.
	if _, err := db.rw.Exec(`CREATE TRIGGER crash BEFORE INSERT ON experiments
		BEGIN SELECT RAISE(ABORT, 'disk gone'); END`); err != nil {
		t.Fatal(err)
	}
	if err := launch(db, "Lost?", keys...); err == nil {
		t.Fatal("create under the failpoint succeeded")
	}
	if seen, _ := db.Handled(ctx, keys); seen {
		t.Fatal("the keys outlived their effect: the redelivery would be ignored and the command lost")
	}
	if _, err := db.rw.Exec(`DROP TRIGGER crash`); err != nil {
		t.Fatal(err)
	}
	if err := launch(db, "Lost?", keys...); err != nil {
		t.Fatalf("redelivery after the failure: %v", err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM experiments WHERE title = 'Lost?'`); n != 1 {
		t.Errorf("experiments = %d, want 1", n)
	}
}

func TestARequestThatWritesTwiceIsNotItsOwnDuplicate(t *testing.T) {
	db := mustOpen(t)
	ctx := request.WithDelivery(context.Background(), &request.Delivery{Keys: []string{"trigger:T1"}})
	if err := db.SetAway(ctx, "T1", "U1", t0); err != nil {
		t.Fatal(err)
	}
	if err := db.SetAway(ctx, "T1", "U1", t0.Add(time.Hour)); err != nil {
		t.Errorf("second write of the same request = %v, want nil", err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM seen_keys`); n != 1 {
		t.Errorf("keys = %d, want 1", n)
	}
}

func TestReadsStoreNoKey(t *testing.T) {
	db := mustOpen(t)
	ctx := request.WithDelivery(context.Background(), &request.Delivery{Keys: []string{"trigger:T1"}})
	team := "T1"
	if _, _, err := db.ListExperiments(ctx, experiments.ExperimentFilter{Team: &team}); err != nil {
		t.Fatal(err)
	}
	if seen, _ := db.Handled(context.Background(), []string{"trigger:T1"}); seen {
		t.Error("a read stored its key: a read-only command should cost no write")
	}
}

func TestPruneKeys(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for i, key := range []string{"old-1", "old-2", "new"} {
		storeKeysAt(t, db, t0.Add(-time.Duration(3-i)*time.Hour), key) // old-1 -3h, old-2 -2h, new -1h
	}
	n, err := db.PruneKeys(ctx, t0.Add(-90*time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("PruneKeys = %d, %v; want 2", n, err)
	}
	if seen, _ := db.Handled(ctx, []string{"old-1"}); seen {
		t.Errorf("a pruned key was still known")
	}
	if seen, _ := db.Handled(ctx, []string{"new"}); !seen {
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
