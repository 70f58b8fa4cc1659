package storage

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// CommitStats describes one group commit of the writer: how long its
// transaction took from BEGIN to the end of COMMIT (the fsync included),
// how many write units it carried, and whether it failed.
type CommitStats struct {
	Took  time.Duration
	Units int
	Err   error
}

// commitStats is what the writer remembers of its commits: the last one
// that succeeded and the last one that failed, for Writable, and the
// function OnCommit set, for metrics.
type commitStats struct {
	onCommit atomic.Pointer[func(CommitStats)]
	mu       sync.Mutex
	lastOK   time.Time
	lastFail time.Time
	lastErr  error
}

// record notes the outcome of the commit that started at start.
func (c *commitStats) record(start time.Time, units int, err error) {
	end := time.Now()
	c.mu.Lock()
	if err == nil {
		c.lastOK = end
	} else {
		c.lastFail, c.lastErr = end, err
	}
	c.mu.Unlock()
	if f := c.onCommit.Load(); f != nil {
		(*f)(CommitStats{Took: end.Sub(start), Units: units, Err: err})
	}
}

// last returns when the last commit succeeded, and when the last failure
// happened and its error when it came after that success.
func (c *commitStats) last() (ok, failedAt time.Time, failed error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lastErr != nil && c.lastFail.After(c.lastOK) {
		return c.lastOK, c.lastFail, c.lastErr
	}
	return c.lastOK, time.Time{}, nil
}

// OnCommit sets f to be called after every group commit, from the writer
// goroutine: f must be quick and must not write to db. Metrics take the
// write-transaction latency from it.
func (db *DB) OnCommit(f func(CommitStats)) { db.w.stats.onCommit.Store(&f) }

// probeName is the secrets row a write probe inserts and deletes in the
// same transaction; it never outlives the probe.
const probeName = "~health probe"

// Writable reports whether the database takes writes: nil when a commit
// succeeded within fresh and none failed since, else the outcome of a
// probe write through the writer (a row inserted and deleted in one
// transaction, so it reaches the disk and leaves nothing).
//
// A health check every few seconds therefore costs no fsync while the bot
// is writing anyway, and at most one probe commit per fresh while it is
// idle: the probe's own commit is a recent success for the next checks.
// A failed commit is reported until a later one (a probe included)
// succeeds.
func (db *DB) Writable(ctx context.Context, fresh time.Duration) error {
	ok, at, failed := db.w.stats.last()
	if failed != nil {
		if err := db.probe(ctx); err != nil {
			return fmt.Errorf("last write failed %s ago (%v); probe: %w", time.Since(at).Round(time.Second), failed, err)
		}
		return nil
	}
	if !ok.IsZero() && time.Since(ok) < fresh {
		return nil
	}
	return db.probe(ctx)
}

// probe commits a write that leaves nothing behind.
func (db *DB) probe(ctx context.Context) error {
	return db.write(ctx, "write probe", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO secrets (name, value) VALUES (?, zeroblob(32))`, probeName)
		if err == nil {
			_, err = tx.ExecContext(ctx, `DELETE FROM secrets WHERE name = ?`, probeName)
		}
		return err
	})
}

// OutboxCount is how many messages of one kind the outbox holds in each
// state: pending (not sent, not dead; InFlight of them mid-attempt) and
// dead (given up, kept until pruned).
type OutboxCount struct {
	Kind     string
	Pending  int
	InFlight int
	Dead     int
}

// OutboxCounts counts the outbox's messages by kind and state, for a
// metrics scrape. It reads only what the partial indexes hold: pending
// rows through outbox_pending (nothing in steady state, where the sender
// drains a command's posts within a second; some 20 ms per 1,000 of a
// backlog, for the rows' kind and in_flight_since), dead ones through
// outbox_dead. The sent rows kept until pruning, most of the table, are
// never read.
func (db *DB) OutboxCounts(ctx context.Context) ([]OutboxCount, error) {
	byKind := map[string]*OutboxCount{}
	var kinds []string
	count := func(kind string) *OutboxCount {
		if byKind[kind] == nil {
			byKind[kind] = &OutboxCount{Kind: kind}
			kinds = append(kinds, kind)
		}
		return byKind[kind]
	}
	err := db.read(ctx, "outbox counts", func(tx *sql.Tx) error {
		if err := scanCounts(ctx, tx, `SELECT kind, count(*), count(in_flight_since) FROM outbox
			WHERE sent_at IS NULL AND dead_at IS NULL GROUP BY kind`, func(kind string, n, inFlight int) {
			c := count(kind)
			c.Pending, c.InFlight = n, inFlight
		}); err != nil {
			return err
		}
		return scanCounts(ctx, tx, `SELECT kind, count(*), 0 FROM outbox
			WHERE dead_at IS NOT NULL AND sent_at IS NULL GROUP BY kind`, func(kind string, n, _ int) {
			count(kind).Dead = n
		})
	})
	if err != nil {
		return nil, err
	}
	out := make([]OutboxCount, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, *byKind[k])
	}
	return out, nil
}

// scanCounts runs query, whose rows are (kind, n, m), and hands each row
// to f.
func scanCounts(ctx context.Context, tx *sql.Tx, query string, f func(kind string, n, m int)) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var kind string
		var n, m int
		if err := rows.Scan(&kind, &n, &m); err != nil {
			return err
		}
		f(kind, n, m)
	}
	return rows.Err()
}
