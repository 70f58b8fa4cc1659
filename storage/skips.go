package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// SkipIdea records that user said Not now to the team's idea #number, at
// the store's clock, and returns the idea with the time of the skip.
// Skipping it again moves that time. Only an idea can be skipped
// (experiments.Experiment.CanSkip). The user's skips that are over go in
// the same transaction: they hide nothing any more.
func (db *DB) SkipIdea(ctx context.Context, team, user string, number int) (experiments.Experiment, time.Time, error) {
	var e experiments.Experiment
	at := db.now()
	err := db.write(ctx, "skip idea", func(tx *sql.Tx) (err error) {
		if e, err = findExperiment(ctx, tx, team, number); err != nil {
			return err
		}
		if err := e.CanSkip(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM idea_skips WHERE team = ? AND user = ? AND at < ?`,
			team, user, toMillis(experiments.SkipsSince(at))); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO idea_skips (team, user, experiment_id, at) VALUES (?, ?, ?, ?)
			ON CONFLICT (team, user, experiment_id) DO UPDATE SET at = excluded.at`, team, user, e.ID, toMillis(at))
		return err
	})
	if err != nil {
		return experiments.Experiment{}, time.Time{}, err
	}
	return e, at, nil
}

// IdeaSkips returns user's skips still in force at now of the ideas of
// channel, by experiment ID.
func (db *DB) IdeaSkips(ctx context.Context, team, channel, user string, now time.Time) (experiments.Skips, error) {
	skips := experiments.Skips{}
	err := db.read(ctx, "idea skips", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT s.experiment_id, s.at FROM idea_skips s
			JOIN experiments e ON e.id = s.experiment_id
			WHERE s.team = ? AND s.user = ? AND s.at >= ? AND e.channel = ? AND e.status = 'idea'`,
			team, user, toMillis(experiments.SkipsSince(now)), channel)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, at int64
			if err := rows.Scan(&id, &at); err != nil {
				return err
			}
			skips[id] = fromMillis(at)
		}
		return rows.Err()
	})
	return skips, err
}
