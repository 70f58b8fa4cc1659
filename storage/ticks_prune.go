package storage

import (
	"context"
	"database/sql"
	"time"
)

// PruneTicks forgets the ticks scheduled before olderThan and returns how
// many it forgot. The latest tick of each channel and kind is always kept:
// the scheduler reads it to know what is due, and without it a pruned
// channel would catch up a tick it already ran.
func (db *DB) PruneTicks(ctx context.Context, olderThan time.Time) (int64, error) {
	var n int64
	err := db.write(ctx, "prune ticks", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM ticks WHERE scheduled_at < ?
			AND scheduled_at < (SELECT MAX(l.scheduled_at) FROM ticks l
				WHERE l.team = ticks.team AND l.channel = ticks.channel AND l.kind = ticks.kind)`,
			toMillis(olderThan))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
