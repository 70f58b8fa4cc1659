package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// PostUnlessRecent queues msgs and records them in the tick ledger as a
// run of kind at at, unless the channel has a run of kind or of
// alsoCounted recorded after since: then it writes nothing and returns the
// latest one. The check and the post are one transaction, so two requests
// at once post once. The bot posts `/exp digest` through it, counting the
// scheduled digests too.
func (db *DB) PostUnlessRecent(ctx context.Context, team, channel, kind string, at, since time.Time,
	msgs []experiments.OutboxMessage, alsoCounted ...string) (posted bool, last time.Time, err error) {
	kinds := append([]any{team, channel, kind}, anys(alsoCounted)...)
	err = db.write(ctx, "post unless recent", func(tx *sql.Tx) error {
		var ms sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT MAX(scheduled_at) FROM ticks
			WHERE team = ? AND channel = ? AND kind IN (`+placeholders(len(kinds)-2)+`)`, kinds...).Scan(&ms); err != nil {
			return err
		}
		if last = fromNullMillis(ms); last.After(since) {
			return nil
		}
		now := db.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO ticks (team, channel, kind, scheduled_at, recorded_at)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, team, channel, kind, toMillis(at), toMillis(now)); err != nil {
			return err
		}
		posted = true
		return insertMessages(ctx, tx, now, msgs)
	})
	if err != nil {
		return false, time.Time{}, err
	}
	return posted, last, nil
}

func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
