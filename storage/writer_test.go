package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/request"
)

// holdWriter makes the writer run a unit that blocks until release is
// called, so the writes started meanwhile queue and form the next group.
func holdWriter(t *testing.T, db *DB) (release func()) {
	t.Helper()
	started, gate, done := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		done <- db.write(context.Background(), "hold", func(*sql.Tx) error {
			close(started)
			<-gate
			return nil
		})
	}()
	<-started
	return func() {
		close(gate)
		if err := <-done; err != nil {
			t.Errorf("holding unit: %v", err)
		}
	}
}

// waitQueued waits until n writers are queued for (or inside) the writer.
// It polls without sleeping: the writers are already running.
func waitQueued(db *DB, n int) {
	for db.w.queued.Load() < int32(n) {
		runtime.Gosched()
	}
}

// createWith creates an experiment titled title with the request keys,
// in goal goalID (0 for none; an unknown one fails with ENOTFOUND).
func createWith(db *DB, title string, goalID int64, keys ...string) error {
	ctx := request.WithDelivery(context.Background(), &request.Delivery{Keys: keys})
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: title, GoalID: goalID}
	return db.CreateExperiment(ctx, &e, nil)
}

// TestGroupCommitIsolatesFailingUnits queues 40 creators behind a held
// writer, so they commit as one group: every 5th names a missing goal (a
// domain error) and every 7th repeats the keys of the one before it (a
// redelivery). Only those fail, and they leave nothing behind.
func TestGroupCommitIsolatesFailingUnits(t *testing.T) {
	db := mustOpen(t)
	const n = 40
	release := holdWriter(t, db)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		goal, key := int64(0), fmt.Sprintf("trigger:T%d", i)
		if i%5 == 4 {
			goal = 999
		}
		if i%7 == 6 {
			key = fmt.Sprintf("trigger:T%d", i-1)
		}
		wg.Go(func() { errs[i] = createWith(db, fmt.Sprintf("e%d", i), goal, key) })
		waitQueued(db, i+2) // first come first served: i queues behind i-1
	}
	release()
	wg.Wait()
	stored := 0
	for i, err := range errs {
		want := ""
		switch { // the keys are stored before the goal is checked
		case i%7 == 6 && (i-1)%5 != 4:
			want = experiments.EDUPLICATE
		case i%5 == 4:
			want = experiments.ENOTFOUND
		}
		if got := experiments.ErrorCode(err); got != want {
			t.Errorf("creator %d: error %v, want code %q", i, err, want)
		}
		if err == nil {
			stored++
			if c := count(t, db, `SELECT COUNT(*) FROM experiments WHERE title = ?`, fmt.Sprintf("e%d", i)); c != 1 {
				t.Errorf("creator %d succeeded but stored %d rows", i, c)
			}
		}
	}
	if got := count(t, db, `SELECT COUNT(*) FROM experiments`); got != stored {
		t.Errorf("experiments = %d, want the %d that succeeded", got, stored)
	}
	if got := count(t, db, `SELECT COUNT(*) FROM seen_keys`); got != stored {
		t.Errorf("keys = %d, want the %d of the creators that succeeded", got, stored)
	}
	if got := count(t, db, `SELECT MAX(number) FROM experiments`); got != stored {
		t.Errorf("highest number = %d, want %d: a failed unit kept its number", got, stored)
	}
}

// TestFailedCommitFailsTheWholeGroup makes a group's COMMIT fail (a
// deferred foreign key is checked only there): every unit of the group
// fails, nothing of it is stored, its keys stay unclaimed, and the next
// write works.
func TestFailedCommitFailsTheWholeGroup(t *testing.T) {
	db := mustOpen(t)
	if _, err := db.rw.Exec(`CREATE TABLE parent (id INTEGER PRIMARY KEY);
		CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`); err != nil {
		t.Fatal(err)
	}
	const n = 10
	release := holdWriter(t, db)
	errs := make([]error, n+1)
	deliveries := make([]*request.Delivery, n)
	var wg sync.WaitGroup
	for i := range n {
		deliveries[i] = &request.Delivery{Keys: []string{fmt.Sprintf("trigger:T%d", i)}}
		ctx := request.WithDelivery(context.Background(), deliveries[i])
		wg.Go(func() {
			e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "doomed"}
			errs[i] = db.CreateExperiment(ctx, &e, nil)
		})
	}
	wg.Go(func() {
		errs[n] = db.write(context.Background(), "orphan", func(tx *sql.Tx) error {
			_, err := tx.Exec(`INSERT INTO child (p) VALUES (99)`)
			return err
		})
	})
	waitQueued(db, n+2)
	release()
	wg.Wait()
	for i, err := range errs {
		if err == nil {
			t.Errorf("unit %d succeeded in a group whose commit failed", i)
		}
	}
	for i, d := range deliveries {
		if len(d.Pending()) == 0 {
			t.Errorf("unit %d: keys claimed although nothing committed", i)
		}
	}
	if got := count(t, db, `SELECT COUNT(*) FROM experiments`) + count(t, db, `SELECT COUNT(*) FROM seen_keys`); got != 0 {
		t.Errorf("%d rows stored by a failed group", got)
	}
	if err := createWith(db, "after", 0, "trigger:T0"); err != nil {
		t.Errorf("write after the failed commit: %v", err)
	}
}

// TestUnitCancelledBeforeItsTurnIsSkipped cancels a queued unit's context
// from the unit before it in the same group: it is answered with the
// context's error and runs nothing, and the group still commits.
func TestUnitCancelledBeforeItsTurnIsSkipped(t *testing.T) {
	db := mustOpen(t)
	release := holdWriter(t, db)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var first, second error
	var ran bool
	var wg sync.WaitGroup
	wg.Go(func() {
		first = db.write(context.Background(), "first", func(tx *sql.Tx) error {
			cancel()
			return createIn(tx)
		})
	})
	waitQueued(db, 2)
	wg.Go(func() {
		second = db.write(ctx, "second", func(tx *sql.Tx) error { ran = true; return nil })
	})
	waitQueued(db, 3)
	release()
	wg.Wait()
	if first != nil {
		t.Errorf("first unit: %v", first)
	}
	if !errors.Is(second, context.Canceled) || ran {
		t.Errorf("cancelled unit: err %v, ran %v; want context.Canceled and not run", second, ran)
	}
	if got := count(t, db, `SELECT COUNT(*) FROM experiments`); got != 1 {
		t.Errorf("experiments = %d, want the first unit's 1", got)
	}
}

// createIn inserts a bare experiment in tx.
func createIn(tx *sql.Tx) error {
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "x", Status: experiments.StatusIdea}
	return insertExperiment(context.Background(), tx, &e)
}

// TestWriteAfterCloseFails checks that Close stops the writer and that a
// late write is refused rather than left waiting.
func TestWriteAfterCloseFails(t *testing.T) {
	db := mustOpen(t)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := createWith(db, "late", 0); err == nil {
		t.Error("write after Close succeeded")
	}
}

// TestPanickingUnitRollsBackAlone makes one unit of a group panic: the
// panic reaches its own caller, as it did before group commit, its
// savepoint is rolled back, and the rest of the group commits.
func TestPanickingUnitRollsBackAlone(t *testing.T) {
	db := mustOpen(t)
	release := holdWriter(t, db)
	var recovered any
	var okErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		defer func() { recovered = recover() }()
		db.write(context.Background(), "boom", func(tx *sql.Tx) error {
			if err := createIn(tx); err != nil {
				return err
			}
			panic("bug")
		})
	})
	waitQueued(db, 2)
	wg.Go(func() { okErr = createWith(db, "fine", 0) })
	waitQueued(db, 3)
	release()
	wg.Wait()
	if recovered != "bug" || okErr != nil {
		t.Errorf("recovered %v, other unit %v; want the panic in its caller and the other stored", recovered, okErr)
	}
	if got := count(t, db, `SELECT COUNT(*) FROM experiments`); got != 1 {
		t.Errorf("experiments = %d, want only the other unit's", got)
	}
}
