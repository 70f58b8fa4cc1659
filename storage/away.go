package storage

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// SetAway records that user is away until the given time, so the check-in
// job leaves them alone; the zero time clears it.
func (db *DB) SetAway(ctx context.Context, team, user string, until time.Time) error {
	return db.write(ctx, "set away", func(tx *sql.Tx) error {
		if until.IsZero() {
			_, err := tx.ExecContext(ctx, `DELETE FROM away WHERE team = ? AND user = ?`, team, user)
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO away (team, user, until) VALUES (?, ?, ?)
			ON CONFLICT (team, user) DO UPDATE SET until = excluded.until`, team, user, toMillis(until))
		return err
	})
}

// AwayUntil returns when user's away note ends, or the zero time when there
// is none. A note that has ended is still returned: compare it with now.
func (db *DB) AwayUntil(ctx context.Context, team, user string) (time.Time, error) {
	var until time.Time
	err := db.read(ctx, "away until", func(tx *sql.Tx) error {
		var ms int64
		err := tx.QueryRowContext(ctx, `SELECT until FROM away WHERE team = ? AND user = ?`, team, user).Scan(&ms)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		until = fromMillis(ms)
		return err
	})
	return until, err
}
