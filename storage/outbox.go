package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/request"
)

// The outbox holds messages for Slack. A message is written in the
// transaction of the change it reports, then the sender delivers it and
// marks it sent; one that keeps failing is marked dead and kept for a look.

// OnQueued sets f to be called after every commit that queued outbox
// messages, so the sender wakes for them: once per group commit, and only
// then (a command that queues nothing, or the sender's own marks, wake
// nobody). f must not block.
func (db *DB) OnQueued(f func()) { db.w.onQueued.Store(&f) }

// EnqueueMessages queues msgs in one transaction. A zero CreatedAt becomes
// now and a zero NotBefore becomes CreatedAt (send at once).
func (db *DB) EnqueueMessages(ctx context.Context, msgs ...experiments.OutboxMessage) error {
	return db.write(ctx, "enqueue messages", func(tx *sql.Tx) error {
		return db.insertMessages(ctx, tx, db.now(), msgs)
	})
}

// notifyInTx queues, in tx, the messages notify returns for v; nil notify
// queues nothing. Methods that change an entity call it last, with the
// entity as stored, so the announcement exists if and only if the change
// does.
func notifyInTx[T any](ctx context.Context, db *DB, tx *sql.Tx, now time.Time, notify func(T) []experiments.OutboxMessage, v T) error {
	if notify == nil {
		return nil
	}
	return db.insertMessages(ctx, tx, now, notify(v))
}

// insertMessages queues msgs in tx, a write unit's. A message that names no
// actor or reply URL takes them from the request's Delivery in ctx, if any,
// so the sender can tell the person who caused it when Slack refuses it.
// Once the group commits, the writer calls the function set by OnQueued.
func (db *DB) insertMessages(ctx context.Context, tx *sql.Tx, now time.Time, msgs []experiments.OutboxMessage) error {
	if len(msgs) > 0 {
		db.w.queuedMsgs = true
	}
	d := request.DeliveryOf(ctx)
	for _, m := range msgs {
		if d != nil && m.Actor == "" && m.ReplyURL == "" {
			m.Actor, m.ReplyURL = d.Actor, d.ReplyURL
		}
		if m.CreatedAt.IsZero() {
			m.CreatedAt = now
		}
		if m.NotBefore.IsZero() {
			m.NotBefore = m.CreatedAt
		}
		payload := m.Payload
		if payload == nil {
			payload = []byte{} // an empty BLOB, not NULL
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO outbox (team, channel, kind, payload, not_before,
			attempts, created_at, actor, reply_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.Team, m.Channel, m.Kind, payload, toMillis(m.NotBefore), m.Attempts, toMillis(m.CreatedAt),
			m.Actor, m.ReplyURL)
		if err != nil {
			return err
		}
	}
	return nil
}

// DueMessages returns up to limit messages neither sent nor dead whose
// NotBefore is not after now, oldest (first queued) first, so a channel's
// announcements go out in the order they happened.
func (db *DB) DueMessages(ctx context.Context, now time.Time, limit int) ([]experiments.OutboxMessage, error) {
	return db.dueMessages(ctx, "due messages", `SELECT `+messageColumns+`
		FROM outbox WHERE sent_at IS NULL AND dead_at IS NULL AND not_before <= ?1
		ORDER BY id LIMIT ?2`, now, limit)
}

// DueHeads returns, for each queue (a team's channel; for a direct message
// not yet opened, the user as "@U…"), its oldest message that is neither
// sent nor dead if that one is due at now: at most limit heads, oldest
// first. The sender sends at most one message a queue at a time, so heads
// are all it needs, and a backlog of hundreds in one channel cannot crowd
// every other channel out of a batch. A head leased past now (see Claim) is
// another sender's, and its queue waits.
func (db *DB) DueHeads(ctx context.Context, now time.Time, limit int) ([]experiments.OutboxMessage, error) {
	return db.dueMessages(ctx, "due heads", dueHeadsQuery, now, limit)
}

// queueHeads is a CTE of the id of each queue's oldest pending message. It
// walks the outbox_queue_heads index from queue to queue, one search each
// (a skip scan), so it costs the number of queues whatever their backlogs;
// a window or GROUP BY over the pending rows would read every one of them.
// The first head is the one after the empty team, and each next one is
// the first in the same team's next channel or else in the next team: two
// plain range searches, where a row-value comparison would be searched by
// team alone and read the whole team.
const queueHeads = `WITH RECURSIVE heads(id) AS (
		SELECT (SELECT id FROM outbox INDEXED BY outbox_queue_heads
			WHERE team >= '' AND sent_at IS NULL AND dead_at IS NULL ORDER BY team, channel, id LIMIT 1)
		UNION ALL
		SELECT COALESCE(
			(SELECT next.id FROM outbox AS head, outbox AS next INDEXED BY outbox_queue_heads
				WHERE head.id = heads.id AND next.team = head.team AND next.channel > head.channel
					AND next.sent_at IS NULL AND next.dead_at IS NULL
				ORDER BY next.channel, next.id LIMIT 1),
			(SELECT next.id FROM outbox AS head, outbox AS next INDEXED BY outbox_queue_heads
				WHERE head.id = heads.id AND next.team > head.team
					AND next.sent_at IS NULL AND next.dead_at IS NULL
				ORDER BY next.team, next.channel, next.id LIMIT 1))
		FROM heads WHERE heads.id IS NOT NULL)
	`

// dueHeadsQuery takes now and a limit.
const dueHeadsQuery = queueHeads + `SELECT ` + messageColumns + `
	FROM outbox WHERE id IN (SELECT id FROM heads)
		AND not_before <= ?1 AND (lease_until IS NULL OR lease_until <= ?1)
	ORDER BY id LIMIT ?2`

// nextDueQuery is the earliest time a queue's head is due and free of any
// lease, NULL for an empty outbox.
const nextDueQuery = queueHeads + `SELECT MIN(MAX(not_before, COALESCE(lease_until, 0)))
	FROM outbox WHERE id IN (SELECT id FROM heads)`

// NextDue returns the earliest time at which a queue's head is due and not
// leased, which may be now or past (a head the sender has not sent yet),
// and the zero time when nothing is pending. The sender sleeps until then
// unless something is queued first.
func (db *DB) NextDue(ctx context.Context) (time.Time, error) {
	var at sql.NullInt64
	err := db.readOne(ctx, "next due message", func(q rowQuerier) error {
		return q.QueryRowContext(ctx, nextDueQuery).Scan(&at)
	})
	if err != nil || !at.Valid {
		return time.Time{}, err
	}
	return fromMillis(at.Int64), nil
}

// messageColumns are the columns scanMessages reads, in its order.
const messageColumns = `id, team, channel, kind, payload, not_before, attempts, created_at,
	actor, reply_url, in_flight_since`

// dueMessages runs a query of due messages taking now and a limit (all
// when limit ≤ 0).
func (db *DB) dueMessages(ctx context.Context, op, query string, now time.Time, limit int) ([]experiments.OutboxMessage, error) {
	if limit <= 0 {
		limit = -1 // SQLite's "no limit"
	}
	var list []experiments.OutboxMessage
	err := db.read(ctx, op, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, query, toMillis(now), limit)
		if err != nil {
			return err
		}
		list, err = scanMessages(rows)
		return err
	})
	return list, err
}

func scanMessages(rows *sql.Rows) ([]experiments.OutboxMessage, error) {
	defer rows.Close()
	var list []experiments.OutboxMessage
	for rows.Next() {
		var m experiments.OutboxMessage
		var notBefore, created int64
		var inFlight sql.NullInt64
		if err := rows.Scan(&m.ID, &m.Team, &m.Channel, &m.Kind, &m.Payload, &notBefore, &m.Attempts, &created,
			&m.Actor, &m.ReplyURL, &inFlight); err != nil {
			return nil, err
		}
		m.NotBefore, m.CreatedAt = fromMillis(notBefore), fromMillis(created)
		if inFlight.Valid {
			m.InFlightSince = fromMillis(inFlight.Int64)
		}
		list = append(list, m)
	}
	return list, rows.Err()
}

// Claim leases pending message id until until, unless another lease on it
// runs past now, and marks it in flight since now unless it already is (the
// earliest start stands). It reports whether the lease was taken. The
// check and the lease are one UPDATE, so two senders never both win.
func (db *DB) Claim(ctx context.Context, id int64, now, until time.Time) (bool, error) {
	var ok bool
	err := db.write(ctx, "claim message", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox
			SET lease_until = ?1, in_flight_since = COALESCE(in_flight_since, ?2)
			WHERE id = ?3 AND sent_at IS NULL AND dead_at IS NULL
				AND (lease_until IS NULL OR lease_until <= ?2)`, toMillis(until), toMillis(now), id)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n > 0 {
			ok = n > 0
			return err
		}
		return messageExists(ctx, tx, id)
	})
	return ok, err
}

// MarkSent records that message id was delivered at the given time and ends
// its lease. Marking a sent message again keeps the first time.
func (db *DB) MarkSent(ctx context.Context, id int64, at time.Time) error {
	return db.updateMessage(ctx, "mark sent", id, `UPDATE outbox SET sent_at = COALESCE(sent_at, ?),
		lease_until = NULL, in_flight_since = NULL WHERE id = ?`, toMillis(at), id)
}

// RetryLater records a failed attempt at message id that Slack answered,
// puts it off until notBefore and ends its lease and in-flight mark.
func (db *DB) RetryLater(ctx context.Context, id int64, notBefore time.Time, lastErr string) error {
	return db.updateMessage(ctx, "retry message later", id,
		`UPDATE outbox SET attempts = attempts + 1, not_before = ?, last_error = ?,
			lease_until = NULL, in_flight_since = NULL WHERE id = ?`,
		toMillis(notBefore), lastErr, id)
}

// RetryInFlight is RetryLater for an attempt whose outcome is unknown: the
// message stays in flight, to be looked up in Slack before it is sent again.
func (db *DB) RetryInFlight(ctx context.Context, id int64, notBefore time.Time, lastErr string) error {
	return db.updateMessage(ctx, "retry message in flight later", id,
		`UPDATE outbox SET attempts = attempts + 1, not_before = ?, last_error = ?,
			lease_until = NULL WHERE id = ?`,
		toMillis(notBefore), lastErr, id)
}

// MarkDead records a last failed attempt at message id and gives up on it:
// it is kept, with the error, but never due again.
func (db *DB) MarkDead(ctx context.Context, id int64, lastErr string) error {
	return db.updateMessage(ctx, "mark message dead", id,
		`UPDATE outbox SET attempts = attempts + 1, dead_at = ?, last_error = ?,
			lease_until = NULL, in_flight_since = NULL WHERE id = ?`,
		toMillis(db.now()), lastErr, id)
}

// updateMessage runs one UPDATE of the outbox and reports ENOTFOUND when it
// matched no row.
func (db *DB) updateMessage(ctx context.Context, op string, id int64, query string, args ...any) error {
	return db.write(ctx, op, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return experiments.Errorf(experiments.ENOTFOUND, "No outbox message %d.", id)
		}
		return nil
	})
}

// PendingCount returns how many messages are neither sent nor dead.
func (db *DB) PendingCount(ctx context.Context) (int, error) {
	var n int
	err := db.read(ctx, "count pending messages", func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox
			WHERE sent_at IS NULL AND dead_at IS NULL`).Scan(&n)
	})
	return n, err
}

// PruneMessages deletes the messages sent or marked dead before olderThan,
// which nothing reads again, and returns how many it deleted; pending ones
// are never deleted.
func (db *DB) PruneMessages(ctx context.Context, olderThan time.Time) (int64, error) {
	var n int64
	err := db.write(ctx, "prune messages", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM outbox
			WHERE sent_at < ?1 OR (sent_at IS NULL AND dead_at < ?1)`, toMillis(olderThan))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
