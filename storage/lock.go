package storage

import (
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
// would both drain its outbox and both run its schedules.
func OpenExclusive(path string) (*DB, error) {
	abs, err := checkedPath(path)
	if err != nil {
		return nil, fmt.Errorf("open db %s: %w", path, err)
	}
	lock := flock.New(abs + ".lock")
	switch held, err := lock.TryLock(); {
	case err != nil:
		return nil, fmt.Errorf("open db %s: lock: %w", path, err)
	case !held:
		return nil, fmt.Errorf("open db %s: %w", path, ErrInUse)
	}
	db, err := Open(path)
	if err != nil {
		lock.Unlock()
		return nil, err
	}
	db.lock = lock
	return db, nil
}
