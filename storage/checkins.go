package storage

import (
	"context"
	"database/sql"

	"github.com/aimlater/aimlater/experiments"
)

// AddCheckIn records c on the team's experiment #number, which must be
// running, and returns the experiment with LastCheckInAt updated. It sets
// c.ID, c.ExperimentID and, when zero, c.At (now); c is changed only on
// success. notify, if not nil, runs in the transaction with the experiment,
// the stored check-in and, for a relative target, the experiment's first
// logged value (its baseline, see experiments.DecideCue; nil when none or
// when the target is absolute).
func (db *DB) AddCheckIn(ctx context.Context, team string, number int, c *experiments.CheckIn, notify func(experiments.Experiment, experiments.CheckIn, *float64) []experiments.OutboxMessage) (experiments.Experiment, error) {
	var e experiments.Experiment
	ci := *c
	if ci.At.IsZero() {
		ci.At = db.now()
	}
	ci.At = normTime(ci.At)
	err := db.write(ctx, "add check-in", func(tx *sql.Tx) (err error) {
		if e, err = findExperiment(ctx, tx, team, number); err != nil {
			return err
		}
		if err := e.CanCheckIn(); err != nil {
			return err
		}
		ci.ExperimentID = e.ID
		if err := insertCheckIn(ctx, tx, &ci); err != nil {
			return err
		}
		// A check-in back-dated before the latest one does not move it.
		if ci.At.After(e.LastCheckInAt) {
			e.LastCheckInAt = ci.At
		}
		if notify == nil {
			return nil
		}
		var first *float64
		if !e.Target.AtMost { // the baseline of a relative target; for "at least", whether it started past
			if first, err = findFirstValue(ctx, tx, e.ID); err != nil {
				return err
			}
		}
		return db.insertMessages(ctx, tx, db.now(), notify(e, ci, first))
	})
	if err != nil {
		return experiments.Experiment{}, err
	}
	*c = ci
	return e, nil
}

// findFirstValue returns the first value logged on an experiment, nil
// when none has a value: its row holds it (migration 0019).
func findFirstValue(ctx context.Context, tx *sql.Tx, experimentID int64) (*float64, error) {
	var v sql.NullFloat64
	if err := tx.QueryRowContext(ctx, `SELECT first_value FROM experiments WHERE id = ?`, experimentID).Scan(&v); err != nil {
		return nil, err
	}
	if !v.Valid {
		return nil, nil
	}
	return &v.Float64, nil
}

func insertCheckIn(ctx context.Context, tx *sql.Tx, c *experiments.CheckIn) error {
	var value any // NULL when no value was measured
	if c.Value != nil {
		value = *c.Value
	}
	var s, n, cs, cn any // NULL for a plain value, and for no control
	if c.Sample != nil {
		s, n = c.Sample.Variant.Successes, c.Sample.Variant.Trials
		if c.Sample.HasControl() {
			cs, cn = c.Sample.Control.Successes, c.Sample.Control.Trials
		}
	}
	return tx.QueryRowContext(ctx, `INSERT INTO check_ins (experiment_id, author, at, value, note, on_track,
		successes, trials, control_successes, control_trials)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.ExperimentID, c.Author, toMillis(c.At), value, c.Note, c.OnTrack, s, n, cs, cn).Scan(&c.ID)
}

// checkInColumns are what scanCheckIn reads.
const checkInColumns = `id, experiment_id, author, at, value, note, on_track, successes, trials, control_successes, control_trials`

// ListCheckIns returns the check-ins of the experiment with ID experimentID,
// newest first, at most limit of them (all when limit ≤ 0).
func (db *DB) ListCheckIns(ctx context.Context, experimentID int64, limit int) ([]experiments.CheckIn, error) {
	var list []experiments.CheckIn
	err := db.read(ctx, "list check-ins", func(tx *sql.Tx) (err error) {
		list, err = findCheckIns(ctx, tx, experimentID, limit, true)
		return err
	})
	return list, err
}

// findCheckIns returns an experiment's check-ins, newest first or oldest
// first.
func findCheckIns(ctx context.Context, tx *sql.Tx, experimentID int64, limit int, newestFirst bool) ([]experiments.CheckIn, error) {
	if limit <= 0 {
		limit = -1 // SQLite's "no limit"
	}
	order := "ASC"
	if newestFirst {
		order = "DESC"
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+checkInColumns+`
		FROM check_ins WHERE experiment_id = ? ORDER BY at `+order+`, id `+order+` LIMIT ?`, experimentID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []experiments.CheckIn
	for rows.Next() {
		c, err := scanCheckIn(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

func scanCheckIn(s scanner) (experiments.CheckIn, error) {
	var (
		c     experiments.CheckIn
		at    int64
		value sql.NullFloat64
		arms  [4]sql.NullInt64 // successes, trials, control's
	)
	if err := s.Scan(&c.ID, &c.ExperimentID, &c.Author, &at, &value, &c.Note, &c.OnTrack,
		&arms[0], &arms[1], &arms[2], &arms[3]); err != nil {
		return c, err
	}
	if arms[1].Valid {
		c.Sample = &experiments.Sample{Variant: experiments.Arm{Successes: int(arms[0].Int64), Trials: int(arms[1].Int64)},
			Control: experiments.Arm{Successes: int(arms[2].Int64), Trials: int(arms[3].Int64)}}
	}
	c.At = fromMillis(at)
	if value.Valid {
		c.Value = &value.Float64
	}
	return c, nil
}
