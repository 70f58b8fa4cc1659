package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// maxBatch bounds the units one group commit runs, so a flood of writers
// cannot keep the first of them waiting for a transaction without end. A
// group takes only the units queued already, so it is also bounded by the
// commands in flight; at 64, a burst of 200 `/exp new` took four commits
// and their fsyncs where it now takes one or two (a unit's work is ~0.1 ms,
// so the first of 256 waits some 25 ms, far inside the ack budget).
const maxBatch = 256

// errClosed answers a write that reaches a closed database.
var errClosed = errors.New("database closed")

// writeUnit is one call of write: its function, the context it runs
// under, and where its outcome goes.
type writeUnit struct {
	ctx      context.Context
	fn       func(tx *sql.Tx) error
	done     chan error // buffered: the writer never waits on a waiter
	panicked any        // what fn panicked with; submit panics with it again
}

// run calls fn, turning a panic into an error for the writer (one unit's
// bug must not take the writer, and every other command, down) and
// keeping the value for the waiter.
func (u *writeUnit) run(tx *sql.Tx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			u.panicked = v
			err = fmt.Errorf("write panicked: %v", v)
		}
	}()
	return u.fn(tx)
}

// writer is the one goroutine that writes. It commits a group at a time:
// the units that queued while the last commit ran, first come first served,
// in one transaction with a savepoint each. The commit, whose fsync is most
// of a write's cost, is then shared by all of them.
type writer struct {
	pool   *sql.DB         // the one writer connection
	units  chan *writeUnit // unbuffered: a queued unit is a blocked sender
	queued atomic.Int32    // writers between submit and their answer; tests watch it
	// queuedMsgs is set by a unit of the group being written that queued
	// outbox messages (DB.insertMessages); only the writer goroutine
	// touches it.
	queuedMsgs bool
	// settingsChanged is set likewise by a unit that writes
	// channel_settings (DB.settingsWritten); onSettings then runs after
	// the commit, before the answers.
	settingsChanged bool
	onSettings      func()                 // set before the first write, never changed
	onQueued        atomic.Pointer[func()] // DB.OnQueued's
	stats           commitStats            // the commits' outcomes, for health and metrics (stats.go)
	stop            chan struct{}          // closed by close
	stopped         chan struct{}          // closed when run returns
	once            sync.Once
}

func newWriter(pool *sql.DB, onSettings func()) *writer {
	w := &writer{pool: pool, onSettings: onSettings, units: make(chan *writeUnit), stop: make(chan struct{}), stopped: make(chan struct{})}
	go w.run()
	return w
}

// submit hands fn to the writer and waits for its outcome. Once handed
// over, it waits even if ctx ends, so a caller never hears "failed" about a
// unit that then commits; the writer skips a unit whose ctx ended before
// its turn.
func (w *writer) submit(ctx context.Context, fn func(tx *sql.Tx) error) error {
	u := &writeUnit{ctx: ctx, fn: fn, done: make(chan error, 1)}
	w.queued.Add(1)
	defer w.queued.Add(-1)
	select {
	case w.units <- u:
		err := <-u.done
		if u.panicked != nil {
			// In the caller's goroutine, as before group commit, where the
			// handler's recover turns it into an apology.
			panic(u.panicked)
		}
		return err
	case <-ctx.Done():
		return ctx.Err()
	case <-w.stop:
		return errClosed
	}
}

// close stops the writer after the group it is committing, if any.
func (w *writer) close() {
	w.once.Do(func() { close(w.stop) })
	<-w.stopped
}

func (w *writer) run() {
	defer close(w.stopped)
	batch := make([]*writeUnit, 0, maxBatch)
	for {
		select {
		case u := <-w.units:
			batch = w.gather(append(batch[:0], u))
			w.commit(batch)
		case <-w.stop:
			return
		}
	}
}

// gather adds to batch the units already waiting, without waiting for more:
// a lone writer commits at once.
func (w *writer) gather(batch []*writeUnit) []*writeUnit {
	for len(batch) < maxBatch {
		select {
		case u := <-w.units:
			batch = append(batch, u)
		default:
			return batch
		}
	}
	return batch
}

// commit runs batch in one transaction and answers every unit. A unit that
// fails rolls back to its savepoint alone; a failed BEGIN or COMMIT, or a
// transaction SQLite aborted, fails every unit not failed already.
func (w *writer) commit(batch []*writeUnit) {
	errs := make([]error, len(batch))
	w.queuedMsgs, w.settingsChanged = false, false
	start := time.Now()
	// The transaction belongs to the batch, not to any one unit: a unit's
	// context ending must not roll back the others.
	tx, err := w.pool.BeginTx(context.Background(), nil)
	if err == nil {
		err = runUnits(tx, batch, errs)
	}
	if err == nil {
		err = w.finish(tx)
	} else if tx != nil {
		tx.Rollback()
	}
	// Before the answers, so that a writer who hears "committed" knows the
	// sender was told. A unit that queued and then rolled back to its
	// savepoint makes a wake-up for nothing; a commit that queued always
	// makes one.
	if f := w.onQueued.Load(); f != nil && err == nil && w.queuedMsgs {
		(*f)()
	}
	w.stats.record(start, len(batch), err)
	// Whether the commit failed or not: a reset costs one read per channel.
	if w.settingsChanged && w.onSettings != nil {
		w.onSettings()
	}
	for i, u := range batch {
		if errs[i] == nil {
			errs[i] = err
		}
		u.done <- errs[i]
	}
}

// runUnits runs each unit of batch under its own savepoint and records its
// error in errs. It returns an error only when the transaction itself is
// lost, which fails the whole batch.
func runUnits(tx *sql.Tx, batch []*writeUnit, errs []error) error {
	bg := context.Background()
	for i, u := range batch {
		if errs[i] = u.ctx.Err(); errs[i] != nil {
			continue
		}
		if _, err := tx.ExecContext(bg, `SAVEPOINT unit`); err != nil {
			return err
		}
		if errs[i] = u.run(tx); errs[i] == nil {
			_, err := tx.ExecContext(bg, `RELEASE unit`)
			if err != nil {
				return err
			}
			continue
		}
		// Some errors (an interrupt, a full disk) make SQLite roll back the
		// whole transaction; then the savepoint is gone and so is the work
		// of the units before this one.
		if _, err := tx.ExecContext(bg, `ROLLBACK TO unit; RELEASE unit`); err != nil {
			return fmt.Errorf("group commit lost after %v: %w", errs[i], err)
		}
	}
	return nil
}

// finish commits tx. A COMMIT that fails can leave SQLite's transaction
// open (a deferred constraint, a busy reader), while database/sql has let go
// of the Tx; the ROLLBACK on the one connection ends it, so the next group
// can BEGIN.
func (w *writer) finish(tx *sql.Tx) error {
	err := tx.Commit()
	if err != nil {
		w.pool.ExecContext(context.Background(), `ROLLBACK`) // no transaction left is fine
	}
	return err
}
