package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// MarkSentWithReplies records that message id was delivered at the given
// time and queues replies in the same transaction: the thread replies of a
// post too long for one message, which can be addressed only once the post
// has its ts. Only the first mark queues them, so a mark retried after a
// lost answer never posts the replies twice.
func (db *DB) MarkSentWithReplies(ctx context.Context, id int64, at time.Time, replies []experiments.OutboxMessage) error {
	return db.write(ctx, "mark sent with replies", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox SET sent_at = ?, lease_until = NULL, in_flight_since = NULL
			WHERE id = ? AND sent_at IS NULL`, toMillis(at), id)
		if err != nil {
			return err
		}
		switch n, err := res.RowsAffected(); {
		case err != nil:
			return err
		case n == 0: // sent already, or no such message
			return messageExists(ctx, tx, id)
		}
		return db.insertMessages(ctx, tx, db.now(), replies)
	})
}

// messageExists reports ENOTFOUND unless outbox message id exists.
func messageExists(ctx context.Context, tx *sql.Tx, id int64) error {
	var ok bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM outbox WHERE id = ?)`, id).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return experiments.Errorf(experiments.ENOTFOUND, "No outbox message %d.", id)
	}
	return nil
}
