// Package storage keeps aimlater's state in SQLite (modernc.org/sqlite, pure
// Go): experiments, check-ins, goals, channel settings, away notes, the outbox
// of messages to send, and the ledgers that make Slack redeliveries and
// scheduled ticks happen once. Every public method is one transaction; a
// change and the messages announcing it are written together or not at all.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/request"
	"github.com/gofrs/flock"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// dsnParams are set on every pooled connection, because database/sql opens
// connections on demand and a pragma run once would reach only one of them.
// busy_timeout comes first so the pragmas after it wait for a lock instead of
// failing; WAL lets readers run beside the writer; foreign_keys is off by
// default in SQLite; synchronous(FULL) syncs the WAL at every commit, so a
// committed check-in survives a power cut. _txlock=immediate takes the write
// lock at BEGIN: a deferred transaction that reads and then writes can fail
// with SQLITE_BUSY when it upgrades, busy_timeout or not. _time_format=sqlite
// makes a time.Time that reaches the driver come out in SQLite's own format
// rather than Go's String(); this package stores instants as INTEGER
// milliseconds instead (see codec.go), so it is only a fallback. The driver
// runs busy_timeout first and the other _pragma values sorted by name.
const dsnParams = "_pragma=busy_timeout(10000)" +
	"&_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(ON)" +
	"&_pragma=synchronous(FULL)" +
	"&_txlock=immediate" +
	"&_time_format=sqlite"

// DB is an open aimlater database.
//
// It holds three pools on the one file. Writes go through a single
// connection that one goroutine owns (see writer): this process's writers
// queue in Go, each for as long as its context allows, instead of polling in
// SQLite's busy handler, and the ones that queued while a commit ran share
// the next commit and its fsync. Reads use pools of their own, in WAL mode
// never waiting for the writer: one for a request's short reads, one that
// maps the file for the few reads that scan (see readBulk).
type DB struct {
	rw   *sql.DB      // one connection: every write transaction
	ro   *sql.DB      // short read-only transactions
	bulk *sql.DB      // read-only transactions that scan, on the mapped file
	w    *writer      // the goroutine that runs every write on rw
	lock *flock.Flock // held from OpenExclusive to Close; nil after Open
	// settings caches ChannelSettings; the writer resets it after a
	// commit that changed channel_settings.
	settings settingsCache
	// keys filters Handled's look-ups of keys never stored (see
	// keyFilter); used only while lock is held.
	keys keyFilter

	// Now returns the current time. It defaults to time.Now; tests pin it.
	// Times taken from it are stored in UTC to the millisecond.
	Now func() time.Time
}

// ErrNoDatabase reports that OpenExisting found no database file.
var ErrNoDatabase = errors.New("no database")

// fileMode is the mode of every file this package creates: the database,
// its -wal and -shm (SQLite gives them the database's own mode), its lock
// and its backups. They hold a team's plans, so they are the owner's
// alone, whatever the umask.
const fileMode = 0o600

// readConns is how many read connections the read pool opens at most, and
// keeps open between bursts: with fewer idle than open, a burst of 50
// readers closed and reopened connections (a file open, the pragmas, a
// schema parse and the statement cache each time: 13% of the CPU). Reads
// are short, so past 32 at once they queue for a moment; it also bounds
// the memory of their page caches.
const readConns = 32

// Open opens the database at path, creating the file if needed (but not its
// directory), and applies any migration not applied yet.
func Open(path string) (*DB, error) {
	db, err := open(path, true)
	if err != nil {
		return nil, fmt.Errorf("open db %s: %w", path, err)
	}
	return db, nil
}

// OpenExisting is Open for a database that must exist already: it fails
// with ErrNoDatabase rather than create an empty one. It is for commands
// that read a database (export, backup, digest), where a new empty file
// only means the wrong folder or a missing AIMLATER_DB.
func OpenExisting(path string) (*DB, error) {
	db, err := open(path, false)
	if err != nil {
		return nil, fmt.Errorf("open db %s: %w", path, err)
	}
	return db, nil
}

// writerParams are the writer connection's own pragma. temp_store(MEMORY)
// keeps the sub-journal of each group-commit unit's savepoint in memory:
// on disk (past its default 64 KiB, which one `/exp new` with its indexes,
// announcement and keys exceeds) every page a unit first touched was
// written to a temporary file with its own pwrite, 8% of a command's CPU.
// The sub-journal only serves ROLLBACK TO; the WAL, not it, makes commits
// durable, and it is emptied at every RELEASE.
const writerParams = "&_pragma=temp_store(MEMORY)"

// readParams are the read pools' own pragma: query_only makes a stray
// write through them fail loudly.
const readParams = "&_pragma=query_only(1)"

// bulkParams are the bulk pool's: mmap_size lets readers take pages straight
// from the OS's cache of the file. In WAL mode a connection's own page cache
// is dropped whenever another connection commits, so without it every scan
// after a write went back to read(2) — a third of a digest's and a check-in
// tick's time (Digest50k ~36 → ~33 ms, CheckInTick10k ~190 → ~135 ms). The
// mapping is of the file, shared, not the heap; it shows in RSS as file
// pages the kernel may drop. It is not for a request's short reads: SQLite
// unmaps the whole file at the first read after any commit (and maps it
// again, page fault by page fault), and those munmaps, two or three per
// `/exp new`, were a third of the bot's CPU for a read of a few pages.
const bulkParams = readParams + "&_pragma=mmap_size(268435456)"

// bulkConns is how many connections the bulk pool opens at most and keeps:
// digests, check-in rounds and exports are few at a time.
const bulkConns = 4

func open(path string, create bool) (*DB, error) {
	abs, err := checkedPath(path)
	if err != nil {
		return nil, err
	}
	params, err := fileParams(abs, create)
	if err != nil {
		return nil, err
	}
	db := &DB{Now: time.Now}
	if db.rw, err = openPool(abs, params+writerParams, 1); err != nil {
		return nil, err
	}
	db.w = newWriter(db.rw, db.settings.reset)
	// The schema exists before the read pool opens, so it never sees a file
	// half-way through its first migration.
	if err := db.migrate(context.Background()); err != nil {
		db.w.close()
		db.rw.Close()
		return nil, err
	}
	if err := db.openReaders(abs, params); err != nil {
		db.w.close()
		db.rw.Close()
		return nil, err
	}
	return db, nil
}

// openReaders opens the two read pools, each keeping every connection it
// opens.
func (db *DB) openReaders(abs, params string) (err error) {
	if db.ro, err = openPool(abs, params+readParams, readConns); err != nil {
		return err
	}
	db.ro.SetMaxIdleConns(readConns)
	if db.bulk, err = openPool(abs, params+bulkParams, bulkConns); err != nil {
		db.ro.Close()
		return err
	}
	db.bulk.SetMaxIdleConns(bulkConns)
	return nil
}

// fileParams makes sure of the database file at abs before SQLite opens
// it and returns the DSN parameters to open it with. When create is set, a
// missing file is created empty with fileMode: SQLite would create it with
// 0644 less the umask, world-readable on a shared host. Otherwise a
// missing file is ErrNoDatabase, and mode=rw keeps SQLite from creating
// one should it go missing between the check and the open.
func fileParams(abs string, create bool) (string, error) {
	if !create {
		if _, err := os.Stat(abs); errors.Is(err, fs.ErrNotExist) {
			return "", ErrNoDatabase
		}
		return dsnParams + "&mode=rw", nil
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, fileMode)
	if errors.Is(err, fs.ErrExist) {
		return dsnParams, nil
	}
	if err != nil {
		return "", err
	}
	return dsnParams, f.Close()
}

// checkedPath returns the absolute path of a database file whose
// directory exists.
func checkedPath(path string) (string, error) {
	if path == "" {
		return "", errors.New("no path given")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	// Say which directory is missing: SQLite would only say it "is unable to
	// open database file".
	if fi, err := os.Stat(filepath.Dir(abs)); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("directory %s does not exist", filepath.Dir(abs))
	}
	return abs, nil
}

// openPool opens a pool of at most maxConns connections (0 for no limit)
// and checks that a first connection opens.
func openPool(abs, params string, maxConns int) (*sql.DB, error) {
	pool := openCachedPool(dsn(abs, params))
	pool.SetMaxOpenConns(maxConns)
	if err := pool.PingContext(context.Background()); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

// dsn builds a file: URI for the absolute path abs. The path is escaped so a
// '?' or '#' in a directory name cannot be taken for the query.
func dsn(abs, params string) string {
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	return u.String() + "?" + params
}

// Close closes the database. Committed data is already on disk.
func (db *DB) Close() error {
	db.w.close() // after the group in progress; later writes fail
	// PRAGMA optimize refreshes the planner's statistics where they went
	// stale, as SQLite advises before a long-lived connection closes; without
	// them it may pick a by-team index where a by-channel one fits better.
	_, optErr := db.rw.Exec(`PRAGMA optimize`)
	err := errors.Join(optErr, db.ro.Close(), db.bulk.Close(), db.rw.Close())
	if db.lock != nil {
		err = errors.Join(err, db.lock.Unlock()) // after the last write
	}
	if err != nil {
		return fmt.Errorf("close db: %w", err)
	}
	return nil
}

// now returns the clock's time as it will read back from the database: UTC,
// whole milliseconds, no monotonic reading.
func (db *DB) now() time.Time { return normTime(db.Now()) }

// write runs fn as one unit of a group commit (see writer): in a
// read-write transaction (BEGIN IMMEDIATE) on the writer connection, under
// a savepoint of its own, and returns once that transaction has committed.
// If fn fails, its savepoint is rolled back and nothing of it stays; the
// other units of the group commit without it. fn must not call a write
// method of db: the writer is busy running fn. Domain errors pass through
// unchanged, so their code and message reach the user; anything else is
// wrapped with op.
//
// When ctx carries a request's Delivery whose keys are not stored yet, they
// are written first, in the same savepoint: the request's effect and its
// keys commit together or not at all. Keys already there mean a redelivery,
// and write changes nothing and returns experiments.ErrDuplicate. The keys
// count as stored only once the commit succeeded, not at the savepoint.
func (db *DB) write(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	d := request.DeliveryOf(ctx)
	keys := d.Pending()
	err := db.w.submit(ctx, func(tx *sql.Tx) error {
		if err := db.storeKeys(ctx, tx, keys, db.now()); err != nil {
			return err
		}
		return fn(tx)
	})
	if err != nil {
		return wrap(op, err)
	}
	if len(keys) > 0 {
		d.Claimed()
	}
	return nil
}

// read runs fn in a read-only transaction from the read pool: a plain
// deferred BEGIN, so reads never queue for the write lock and see one
// consistent snapshot. fn must not write.
func (db *DB) read(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	return inTx(ctx, db.ro, op, &sql.TxOptions{ReadOnly: true}, fn)
}

// rowQuerier runs a query of one row: a transaction, or the read pool for
// a read of one statement (see readOne).
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readOne runs fn, a read of a single statement, on the read pool outside
// any transaction: SQLite runs one statement on one consistent snapshot by
// itself. A transaction around it only added a BEGIN and a COMMIT (which
// the driver parses anew each time) and database/sql's goroutine per
// transaction and per result set: half the CPU of the ledger look-up every
// envelope makes.
func (db *DB) readOne(ctx context.Context, op string, fn func(q rowQuerier) error) error {
	if err := fn(db.ro); err != nil {
		return wrap(op, err)
	}
	return nil
}

// readBulk is read for a read that scans many pages (a digest, a check-in
// round, an export): on the pool that maps the file (see bulkParams).
func (db *DB) readBulk(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	return inTx(ctx, db.bulk, op, &sql.TxOptions{ReadOnly: true}, fn)
}

func inTx(ctx context.Context, pool *sql.DB, op string, opts *sql.TxOptions, fn func(tx *sql.Tx) error) error {
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return wrap(op, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return wrap(op, err)
	}
	if err := tx.Commit(); err != nil {
		return wrap(op, err)
	}
	return nil
}

// wrap prefixes an internal error with op and leaves domain errors alone.
func wrap(op string, err error) error {
	var de *experiments.Error
	if errors.As(err, &de) {
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}

// placeholders returns "?, ?, …" for n parameters.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
