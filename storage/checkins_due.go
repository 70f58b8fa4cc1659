package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// CheckInRound returns what a check-in round of a channel at the given time
// works from, read in one snapshot: the channel's running experiments, in
// number order with LastCheckInAt filled in, and the users of the team who
// are away at that time. Two queries, whatever the number of owners, so a
// round over 10,000 experiments costs the same two round trips as one over
// ten.
func (db *DB) CheckInRound(ctx context.Context, team, channel string, at time.Time) (running []experiments.Experiment, away []string, err error) {
	err = db.read(ctx, "check-in round", func(tx *sql.Tx) (err error) {
		if running, err = findRunning(ctx, tx, team, channel); err != nil {
			return err
		}
		away, err = findAway(ctx, tx, team, at)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return running, away, nil
}

// findRunning reads a channel's running experiments through the index on
// (team, channel, status, number), which also gives their order.
func findRunning(ctx context.Context, tx *sql.Tx, team, channel string) ([]experiments.Experiment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+experimentColumns+` FROM experiments e
		WHERE e.team = ? AND e.channel = ? AND e.status = 'running' ORDER BY e.number`, team, channel)
	if err != nil {
		return nil, err
	}
	return scanExperiments(rows)
}

// findAway returns the users of team whose away note runs past at.
func findAway(ctx context.Context, tx *sql.Tx, team string, at time.Time) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT user FROM away WHERE team = ? AND until > ? ORDER BY user`, team, toMillis(at))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var users []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	return users, rows.Err()
}
