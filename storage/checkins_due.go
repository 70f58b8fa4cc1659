package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// CheckInRound returns what a check-in round of a channel at the given time
// works from, read in one snapshot: the channel's running experiments, in
// number order, and the users of the team who are away at that time. The
// same three queries (a count, the rows, the away notes) whatever the
// number of owners, so a round over 10,000 experiments costs the same
// round trips as one over ten.
//
// The experiments carry only what a check-in DM shows (see roundColumns):
// a round reads every running experiment of the channel, and the other
// columns (hypothesis, learning, actors, …) were most of its cost.
func (db *DB) CheckInRound(ctx context.Context, team, channel string, at time.Time) (running []experiments.Experiment, away []string, err error) {
	err = db.readBulk(ctx, "check-in round", func(tx *sql.Tx) (err error) {
		if running, err = findRound(ctx, tx, team, channel); err != nil {
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

// roundColumns are the columns of an experiment a check-in DM shows, and
// the time of its latest check-in, which the index on check_ins
// (experiment_id, at) answers without touching the check-ins themselves.
const roundColumns = `e.id, e.number, e.owner, e.title, e.metric, e.target_value, e.target_percent,
	e.deadline, e.launched_at, (SELECT MAX(c.at) FROM check_ins c WHERE c.experiment_id = e.id)`

// findRound reads a channel's running experiments, roundColumns only,
// through the index on (team, channel, status, number), which also gives
// their order.
func findRound(ctx context.Context, tx *sql.Tx, team, channel string) ([]experiments.Experiment, error) {
	// Counting first, from the index alone, sizes the list once: grown by
	// append, a list of 10,000 experiments allocated five times its size.
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM experiments
		WHERE team = ? AND channel = ? AND status = 'running'`, team, channel).Scan(&n); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+roundColumns+` FROM experiments e
		WHERE e.team = ? AND e.channel = ? AND e.status = 'running' ORDER BY e.number`, team, channel)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := make([]experiments.Experiment, 0, n)
	dates := map[string]experiments.Date{} // a channel's deadlines repeat: parse each once
	for rows.Next() {
		// Scanned in place: a local scanned through its address escapes,
		// one more allocation of a whole Experiment a row.
		list = append(list, experiments.Experiment{Team: team, Channel: channel, Status: experiments.StatusRunning})
		if err := scanRoundRow(rows, &list[len(list)-1], dates); err != nil {
			return nil, err
		}
	}
	return list, rows.Err()
}

// scanRoundRow reads one row of roundColumns into e.
func scanRoundRow(rows *sql.Rows, e *experiments.Experiment, dates map[string]experiments.Date) error {
	var (
		deadline              sql.NullString
		launched, lastCheckIn sql.NullInt64
	)
	err := rows.Scan(&e.ID, &e.Number, &e.Owner, &e.Title, &e.Metric, &e.Target.Value, &e.Target.Percent,
		&deadline, &launched, &lastCheckIn)
	if err != nil {
		return err
	}
	e.LaunchedAt, e.LastCheckInAt = fromNullMillis(launched), fromNullMillis(lastCheckIn)
	d, ok := dates[deadline.String]
	if !ok {
		if d, err = parseDate(deadline); err != nil {
			return err
		}
		dates[deadline.String] = d
	}
	e.Deadline = d
	return nil
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
