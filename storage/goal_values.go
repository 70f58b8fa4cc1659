package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// A goal's own values (migration 0021): `goal log G1 4300` writes one, and
// progress reads the first and the latest by an instant. Every read orders
// by (at, id), so the latest of two values logged in the same millisecond
// is the one stored last, whatever the zone of the channel that reads it.
const (
	goalValueColumns = `id, goal_id, value, note, author, at`
	// Arguments: goal, asOf.
	goalLatestValueQuery = `SELECT ` + goalValueColumns + ` FROM goal_values WHERE goal_id = ? AND at <= ?
		ORDER BY at DESC, id DESC LIMIT 1`
	goalFirstValueQuery = `SELECT ` + goalValueColumns + ` FROM goal_values WHERE goal_id = ? AND at <= ?
		ORDER BY at, id LIMIT 1`
	goalValueCountQuery = `SELECT COUNT(*) FROM goal_values WHERE goal_id = ? AND at <= ?`
)

// LogGoalValue records v as a value of the team's goal G<number> and
// returns the goal; v gets its ID, its GoalID and, when zero, its At (now).
// A closed goal takes no value (experiments.Goal.CanLog) and nothing is
// stored.
func (db *DB) LogGoalValue(ctx context.Context, team string, number int, v *experiments.GoalValue) (experiments.Goal, error) {
	x := *v
	if x.At.IsZero() {
		x.At = db.now()
	}
	x.At = normTime(x.At)
	var g experiments.Goal
	err := db.write(ctx, "log goal value", func(tx *sql.Tx) (err error) {
		if g, err = findGoal(ctx, tx, team, number); err != nil {
			return err
		}
		if err := g.CanLog(); err != nil {
			return err
		}
		x.GoalID = g.ID
		return tx.QueryRowContext(ctx, `INSERT INTO goal_values (goal_id, value, note, author, at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, x.GoalID, x.Value, x.Note, x.By, toMillis(x.At)).Scan(&x.ID)
	})
	if err != nil {
		return experiments.Goal{}, err
	}
	*v = x
	return g, nil
}

// GoalRecords returns the records of a channel's goals open at asOf, by
// goal ID, as LoadPlan reads them without the latest decisions: each
// goal's values by then and, for a goal with none, the readings of the
// experiments serving it.
func (db *DB) GoalRecords(ctx context.Context, team, channel string, asOf time.Time) (map[int64]experiments.GoalRecord, error) {
	var records map[int64]experiments.GoalRecord
	err := db.read(ctx, "goal records", func(tx *sql.Tx) error {
		goals, err := findGoalsOpenAt(ctx, tx, team, channel, asOf)
		if err != nil || len(goals) == 0 {
			return err
		}
		running, _, err := findRunningBrief(ctx, tx, team, channel, asOf)
		if err != nil {
			return err
		}
		records, err = findGoalRecords(ctx, tx, goals, running, asOf, 0)
		return err
	})
	return records, err
}

// findGoalValues reads the first and the latest of a goal's values logged
// by at (Unix milliseconds), and how many there are.
func findGoalValues(ctx context.Context, tx *sql.Tx, goal, at int64) (experiments.GoalValues, error) {
	var v experiments.GoalValues
	if err := tx.QueryRowContext(ctx, goalValueCountQuery, goal, at).Scan(&v.Count); err != nil || v.Count == 0 {
		return v, err
	}
	var err error
	if v.First, err = scanGoalValue(tx.QueryRowContext(ctx, goalFirstValueQuery, goal, at)); err != nil {
		return v, err
	}
	v.Latest, err = scanGoalValue(tx.QueryRowContext(ctx, goalLatestValueQuery, goal, at))
	return v, err
}

func scanGoalValue(row *sql.Row) (experiments.GoalValue, error) {
	var (
		v  experiments.GoalValue
		at int64
	)
	err := row.Scan(&v.ID, &v.GoalID, &v.Value, &v.Note, &v.By, &at)
	v.At = fromMillis(at)
	return v, err
}
