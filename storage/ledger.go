package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// storeKeys writes a request's idempotency keys in tx, the transaction of
// the request's effect, and returns experiments.ErrDuplicate when any of
// them is stored already: the request is a redelivery whose effect
// committed. See write. Each key goes into the key filter first, before
// the transaction can commit (see keyFilter).
func (db *DB) storeKeys(ctx context.Context, tx *sql.Tx, keys []string, at time.Time) error {
	for _, key := range keys {
		if db.lock != nil {
			db.keys.add(key)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO seen_keys (key, seen_at) VALUES (?, ?)
			ON CONFLICT (key) DO NOTHING`, key, toMillis(at))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return experiments.ErrDuplicate
		}
	}
	return nil
}

// Handled reports whether any of keys is stored, that is whether the
// request they identify has had its effect. It only reads, so a read-only
// command costs no write; the socket asks it before running a request, to
// answer a redelivery with nothing.
func (db *DB) Handled(ctx context.Context, keys []string) (bool, error) {
	if len(keys) == 0 {
		return false, nil
	}
	if db.lock != nil && !db.mayHoldAny(ctx, keys) {
		return false, nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	var seen bool
	err := db.readOne(ctx, "handled", func(q rowQuerier) error {
		return q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM seen_keys WHERE key IN (`+
			placeholders(len(keys))+`))`, args...).Scan(&seen)
	})
	return seen, err
}

// mayHoldAny reports whether the key filter says any of keys may be
// stored, filling it first if need be; when it cannot be filled it says
// yes, and the database answers.
func (db *DB) mayHoldAny(ctx context.Context, keys []string) bool {
	if !db.keys.isLoaded() && db.loadKeys(ctx) != nil {
		return true
	}
	for _, k := range keys {
		if db.keys.mayHold(k) {
			return true
		}
	}
	return false
}

// PruneKeys forgets the keys seen before olderThan, once Slack can no longer
// redeliver them, and returns how many it forgot.
func (db *DB) PruneKeys(ctx context.Context, olderThan time.Time) (int64, error) {
	var n int64
	err := db.write(ctx, "prune keys", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM seen_keys WHERE seen_at < ?`, toMillis(olderThan))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

// RecordTick records the scheduled run (team, channel, kind, scheduledAt)
// and queues its messages in one transaction. If that run is recorded
// already it writes nothing and returns false, so a tick replayed after a
// crash or by a second process never sends twice.
func (db *DB) RecordTick(ctx context.Context, team, channel, kind string, scheduledAt time.Time, msgs []experiments.OutboxMessage) (recorded bool, err error) {
	err = db.write(ctx, "record tick", func(tx *sql.Tx) error {
		recorded, err = db.recordTick(ctx, tx, db.now(), team, channel, kind, scheduledAt, msgs)
		return err
	})
	if err != nil {
		return false, err
	}
	return recorded, nil
}

// recordTick is RecordTick in tx, recorded at now.
func (db *DB) recordTick(ctx context.Context, tx *sql.Tx, now time.Time, team, channel, kind string, scheduledAt time.Time, msgs []experiments.OutboxMessage) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO ticks (team, channel, kind, scheduled_at, recorded_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		team, channel, kind, toMillis(scheduledAt), toMillis(now))
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return false, err
	}
	return true, db.insertMessages(ctx, tx, now, msgs)
}

// LastTick returns the latest scheduled time recorded for (team, channel,
// kind), or the zero time when none is.
func (db *DB) LastTick(ctx context.Context, team, channel, kind string) (time.Time, error) {
	var last time.Time
	err := db.read(ctx, "last tick", func(tx *sql.Tx) (err error) {
		last, err = lastTick(ctx, tx, team, channel, kind)
		return err
	})
	return last, err
}

// lastTick is the latest scheduled time recorded in tx for (team, channel)
// and any of kinds, or the zero time when none is.
func lastTick(ctx context.Context, tx *sql.Tx, team, channel string, kinds ...string) (time.Time, error) {
	args := []any{team, channel}
	for _, k := range kinds {
		args = append(args, k)
	}
	var ms sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT MAX(scheduled_at) FROM ticks
		WHERE team = ? AND channel = ? AND kind IN (`+placeholders(len(kinds))+`)`, args...).Scan(&ms)
	return fromNullMillis(ms), err
}
