package storage

import (
	"context"
	"database/sql"

	"github.com/aimlater/aimlater/experiments"
)

// ExportFilter selects what ExportExperiments streams. A nil field does not
// filter.
type ExportFilter struct {
	Team    *string
	Channel *string
}

// ExportedExperiment is one experiment as ExportExperiments streams it.
type ExportedExperiment struct {
	experiments.Experiment
	// ParentNumber is the number, in the same team, of the experiment this
	// one iterates on, 0 if none. ParentID is a row id: it means nothing
	// outside this database and tells two workspaces' experiments apart
	// from nothing.
	ParentNumber int
	// GoalNumber is the number of the goal it serves (shown G<N>), 0 if
	// none, for the same reason.
	GoalNumber int
	CheckIns   []experiments.CheckIn // oldest first
}

// ExportExperiments calls fn with every experiment that matches f, whatever
// its status, with its check-ins, ordered by team and number. It reads one
// consistent snapshot and holds one experiment's check-ins in memory at a
// time, so an export of any size streams. An error from fn stops the export
// and is returned as it is.
func (db *DB) ExportExperiments(ctx context.Context, f ExportFilter, fn func(ExportedExperiment) error) error {
	var fnErr error
	err := db.readBulk(ctx, "export experiments", func(tx *sql.Tx) error {
		where, args := experimentWhere(experiments.ExperimentFilter{Team: f.Team, Channel: f.Channel})
		rows, err := tx.QueryContext(ctx, `SELECT `+experimentColumns+` FROM experiments e`+where+
			` ORDER BY e.team, e.number`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanExperiment(rows)
			if err != nil {
				return err
			}
			x, err := exported(ctx, tx, e)
			if err != nil {
				return err
			}
			if fnErr = fn(x); fnErr != nil {
				return fnErr
			}
		}
		return rows.Err()
	})
	if fnErr != nil {
		return fnErr
	}
	return err
}

// exported reads what an export adds to e. SQLite runs these statements on
// the same connection while the export's query is still stepping; all read
// the same snapshot.
func exported(ctx context.Context, tx *sql.Tx, e experiments.Experiment) (ExportedExperiment, error) {
	x := ExportedExperiment{Experiment: e}
	var err error
	if x.CheckIns, err = findCheckIns(ctx, tx, e.ID, 0, false); err != nil {
		return x, err
	}
	if e.ParentID != 0 {
		err = tx.QueryRowContext(ctx, `SELECT number FROM experiments WHERE id = ?`, e.ParentID).Scan(&x.ParentNumber)
	}
	if err == nil && e.GoalID != 0 {
		err = tx.QueryRowContext(ctx, `SELECT number FROM goals WHERE id = ?`, e.GoalID).Scan(&x.GoalNumber)
	}
	return x, err
}
