package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/gofrs/flock"
)

// ErrInUse reports a database that another process holds: a running
// `aimlater serve` or `console`.
var ErrInUse = errors.New("in use by another aimlater process")

// OpenExclusive is Open for the one process that may send from a database:
// it first takes an OS lock on a file beside it (path + ".lock"), held
// until Close and dropped by the kernel if the process dies, and fails
// with ErrInUse when another process holds it. Two bots on one database
// would both drain its outbox and both run its schedules. Holding the
// lock, it voids the outbox leases a dead process left.
func OpenExclusive(path string) (*DB, error) {
	abs, err := checkedPath(path)
	if err != nil {
		return nil, fmt.Errorf("open db %s: %w", path, err)
	}
	lock := flock.New(abs+".lock", flock.SetPermissions(fileMode))
	switch held, err := lock.TryLock(); {
	case err != nil:
		return nil, fmt.Errorf("open db %s: lock: %w", path, err)
	case !held:
		return nil, fmt.Errorf("open db %s: %w", path, ErrInUse)
	}
	db, err := Open(path)
	if err == nil {
		err = db.voidLeases(context.Background())
	}
	if err == nil {
		// The key filter is filled here, once, not by the first envelope's
		// look-up, which would spend that envelope's ack budget (and
		// every other's, waiting on it) reading the whole ledger.
		err = db.loadKeys(context.Background())
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		lock.Unlock()
		return nil, err
	}
	db.lock = lock
	return db, nil
}

// voidLeases ends the outbox leases a process that died left behind. The
// lock makes this process the database's only sender, so they guard
// nothing, and without this a message claimed at a crash would wait out
// its lease after the restart. The in-flight marks stay: those messages
// are still looked up in Slack before being sent again.
func (db *DB) voidLeases(ctx context.Context) error {
	return db.write(ctx, "void leases", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET lease_until = NULL
			WHERE lease_until IS NOT NULL AND sent_at IS NULL AND dead_at IS NULL`)
		return err
	})
}
