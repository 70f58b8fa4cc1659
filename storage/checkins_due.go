package storage

import (
	"context"
	"database/sql"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// CheckInRound returns what a check-in round of a channel at the given time
// works from, read in one snapshot: the channel's running experiments, in
// number order, with the "decide now?" cue of each one's latest check-in;
// its experiments decided with no learning within
// experiments.LearningPromptWindow before that time; and the users of the
// team who are away at that time. The same few queries whatever the number
// of owners, so a round over 10,000 experiments costs the same round trips
// as one over ten.
//
// The running experiments carry only what a check-in DM shows (see
// roundColumns): a round reads every running experiment of the channel,
// and the other columns (hypothesis, learning, actors, …) were most of its
// cost.
func (db *DB) CheckInRound(ctx context.Context, team, channel string, at time.Time) (experiments.CheckInRound, error) {
	var r experiments.CheckInRound
	err := db.readBulk(ctx, "check-in round", func(tx *sql.Tx) (err error) {
		if r, err = findRound(ctx, tx, team, channel); err != nil {
			return err
		}
		if r.Experiments, err = appendUnlearned(ctx, tx, r.Experiments, team, channel, at); err != nil {
			return err
		}
		r.Away, err = findAway(ctx, tx, team, at)
		return err
	})
	if err != nil {
		return experiments.CheckInRound{}, err
	}
	return r, nil
}

// roundColumns are the columns of an experiment a check-in DM shows, and
// what its latest check-in says: its time, whether it was on track and its
// value, and for a relative target the first value logged, the baseline of
// experiments.DecideCue — read only when the latest check-in could cue.
// All of it comes from the check-ins' index (migration 0014), no check-in
// row is read.
const roundColumns = `e.id, e.number, e.owner, e.title, e.metric, e.target_value, e.target_percent,
	e.deadline, e.launched_at, l.at, l.on_track, l.value,
	CASE WHEN e.target_percent AND l.value IS NOT NULL AND l.on_track THEN
		(SELECT c.value FROM check_ins c WHERE c.experiment_id = e.id AND c.value IS NOT NULL ORDER BY c.at, c.id LIMIT 1)
	END`

// roundLatest joins each experiment's latest check-in as l: one search of
// the index finds its (at, id), a second the index entry with it, which
// holds its mark and value. Without INDEXED BY the planner looks l up by
// its id, in the table: a random page of the check-ins each.
const roundLatest = ` LEFT JOIN check_ins l INDEXED BY check_ins_by_experiment_at ON l.experiment_id = e.id
	AND (l.at, l.id) = (SELECT c.at, c.id FROM check_ins c WHERE c.experiment_id = e.id ORDER BY c.at DESC, c.id DESC LIMIT 1)`

// roundQuery reads a channel's running experiments: team, channel.
const roundQuery = `SELECT ` + roundColumns + ` FROM experiments e` + roundLatest + `
	WHERE e.team = ? AND e.channel = ? AND e.status = 'running' ORDER BY e.number`

// findRound reads a channel's running experiments, roundColumns only,
// through the index on (team, channel, status, number), which also gives
// their order, with their cues.
func findRound(ctx context.Context, tx *sql.Tx, team, channel string) (experiments.CheckInRound, error) {
	// Counting first, from the index alone, sizes the list once: grown by
	// append, a list of 10,000 experiments allocated five times its size.
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM experiments
		WHERE team = ? AND channel = ? AND status = 'running'`, team, channel).Scan(&n); err != nil {
		return experiments.CheckInRound{}, err
	}
	rows, err := tx.QueryContext(ctx, roundQuery, team, channel)
	if err != nil {
		return experiments.CheckInRound{}, err
	}
	defer rows.Close()
	r := experiments.CheckInRound{Experiments: make([]experiments.Experiment, 0, n), Cues: make([]string, 0, n)}
	dates := map[string]experiments.Date{} // a channel's deadlines repeat: parse each once
	row := new(roundRow)
	for rows.Next() {
		// Scanned in place: a local scanned through its address escapes,
		// one more allocation of a whole Experiment a row.
		r.Experiments = append(r.Experiments, experiments.Experiment{Team: team, Channel: channel, Status: experiments.StatusRunning})
		cue, err := scanRoundRow(rows, &r.Experiments[len(r.Experiments)-1], row, dates)
		if err != nil {
			return experiments.CheckInRound{}, err
		}
		r.Cues = append(r.Cues, cue)
	}
	return r, rows.Err()
}

// roundRow holds the columns of a round's row that need converting. One
// per round, reused row after row: scanned through their addresses, locals
// would each be allocated anew for every one of 10,000 rows.
type roundRow struct {
	deadline              sql.NullString
	launched, lastCheckIn sql.NullInt64
	onTrack               sql.NullBool
	last, first           sql.NullFloat64
}

// scanRoundRow reads one row of roundColumns into e, through r, and
// returns the cue of its latest check-in.
func scanRoundRow(rows *sql.Rows, e *experiments.Experiment, r *roundRow, dates map[string]experiments.Date) (string, error) {
	err := rows.Scan(&e.ID, &e.Number, &e.Owner, &e.Title, &e.Metric, &e.Target.Value, &e.Target.Percent,
		&r.deadline, &r.launched, &r.lastCheckIn, &r.onTrack, &r.last, &r.first)
	if err != nil {
		return "", err
	}
	e.LaunchedAt, e.LastCheckInAt = fromNullMillis(r.launched), fromNullMillis(r.lastCheckIn)
	d, ok := dates[r.deadline.String]
	if !ok {
		if d, err = parseDate(r.deadline); err != nil {
			return "", err
		}
		dates[r.deadline.String] = d
	}
	e.Deadline = d
	if !r.lastCheckIn.Valid {
		return "", nil
	}
	return roundCue(*e, r.onTrack.Bool, r.last, r.first), nil
}

// roundCue is DecideCue of the latest check-in as the round reads it.
func roundCue(e experiments.Experiment, onTrack bool, last, first sql.NullFloat64) string {
	ci := experiments.CheckIn{OnTrack: onTrack}
	if last.Valid {
		ci.Value = &last.Float64
	}
	var base *float64
	if first.Valid {
		base = &first.Float64
	}
	cue, _ := experiments.DecideCue(e, base, ci)
	return cue
}

// appendUnlearned appends to list the channel's experiments decided with
// no learning within experiments.LearningPromptWindow before at, in number
// order, through the index on (team, channel, decided_at).
func appendUnlearned(ctx context.Context, tx *sql.Tx, list []experiments.Experiment, team, channel string, at time.Time) ([]experiments.Experiment, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+experimentColumns+` FROM experiments e
		WHERE e.team = ? AND e.channel = ? AND e.decided_at > ? AND e.decided_at <= ? AND e.status = 'decided' AND e.learning = ''
		ORDER BY e.number`, team, channel, toMillis(at.Add(-experiments.LearningPromptWindow)), toMillis(at))
	if err != nil {
		return nil, err
	}
	decided, err := scanExperiments(rows)
	return append(list, decided...), err
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
