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

// ExportExperiments calls fn with every experiment that matches f, whatever
// its status, and its check-ins oldest first, ordered by team and number.
// It reads one consistent snapshot and holds one experiment's check-ins in
// memory at a time, so an export of any size streams. An error from fn stops
// the export and is returned as it is.
func (db *DB) ExportExperiments(ctx context.Context, f ExportFilter, fn func(experiments.Experiment, []experiments.CheckIn) error) error {
	var fnErr error
	err := db.read(ctx, "export experiments", func(tx *sql.Tx) error {
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
			// SQLite runs this second statement on the same connection while
			// the first is still stepping; both read the same snapshot.
			checkIns, err := findCheckIns(ctx, tx, e.ID, 0, false)
			if err != nil {
				return err
			}
			if fnErr = fn(e, checkIns); fnErr != nil {
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
