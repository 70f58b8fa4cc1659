package storage

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
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

// roundRecord is what a check-in DM shows of an experiment, and what its
// latest check-in says, as a packed record (see packedRows): id, number,
// owner, title and metric (user text, in hex), the target's value (quote
// renders a REAL that reads back exactly) and its kind (targetKind), the
// deadline (YYYY-MM-DD or empty), launched_at; then its latest check-in's
// time, mark and value (empty, empty, NULL without one) and, for a relative
// or "at least" target, its first value, which experiments.DecideCue reads, when the
// latest check-in could cue. All of it is the experiment's own row
// (migration 0019): no check-in is read.
const roundRecord = `concat_ws(',', e.id, e.number, hex(e.owner), hex(e.title), hex(e.metric), quote(e.target_value),
	e.target_percent + 2 * e.target_at_most, ifnull(e.deadline, ''), e.launched_at, ifnull(e.last_at, ''), ifnull(e.last_on_track, ''), quote(e.last_value),
	CASE WHEN NOT e.target_at_most AND e.last_value IS NOT NULL AND e.last_on_track THEN quote(e.first_value) ELSE 'NULL' END)`

// roundQuery reads a channel's running experiments, a packed read of
// roundRecord: team, channel. The index on (team, channel, status, number)
// finds them, in number order.
const roundQuery = `SELECT count(*), group_concat(` + roundRecord + `, ';') FROM experiments e
	WHERE e.team = ? AND e.channel = ? AND e.status = 'running'`

// findRound reads a channel's running experiments, roundRecord only, in
// number order, with their cues.
func findRound(ctx context.Context, tx *sql.Tx, team, channel string) (experiments.CheckInRound, error) {
	n, rows, err := queryPacked(ctx, tx, roundQuery, team, channel)
	if err != nil {
		return experiments.CheckInRound{}, err
	}
	r := experiments.CheckInRound{Experiments: make([]experiments.Experiment, 0, n), Cues: make([]string, 0, n)}
	rr := roundReader{owners: map[string]string{}, metrics: map[string]string{}, dates: dates{}}
	for rows.next() {
		// Read in place: a whole Experiment is some 400 bytes.
		r.Experiments = append(r.Experiments, experiments.Experiment{Team: team, Channel: channel, Status: experiments.StatusRunning})
		cue, err := rr.record(rows, &r.Experiments[len(r.Experiments)-1])
		if err != nil {
			return experiments.CheckInRound{}, err
		}
		r.Cues = append(r.Cues, cue)
	}
	if err := rows.done(n); err != nil {
		return experiments.CheckInRound{}, err
	}
	// The index gives the number order, but group_concat promises none;
	// the cues follow their experiments.
	if !slices.IsSortedFunc(r.Experiments, byNumber) {
		sortRound(&r)
	}
	return r, nil
}

// roundReader reads the records of roundQuery, decoding what repeats in a
// channel (owners, metrics, deadlines) once.
type roundReader struct {
	owners, metrics map[string]string
	dates           dates
}

// record reads one record of roundRecord into e and returns the cue of its
// latest check-in.
func (rr *roundReader) record(rows *packedRows, e *experiments.Experiment) (string, error) {
	e.ID, e.Number = rows.int(), int(rows.int())
	e.Owner, e.Title, e.Metric = rows.cachedText(rr.owners), rows.text(), rows.cachedText(rr.metrics)
	e.Target.Value, _ = rows.float()
	e.Target.Percent, e.Target.AtMost = targetKind(rows.int())
	deadline := rows.field()
	e.LaunchedAt = fromMillis(rows.int())
	at, checkedIn := rows.nullInt()
	mark, _ := rows.nullInt()
	last, hasLast := rows.float()
	first, hasFirst := rows.float()
	var err error
	if e.Deadline, err = rr.dates.parse(deadline); err != nil {
		return "", err
	}
	if !checkedIn {
		return "", nil
	}
	e.LastCheckInAt = fromMillis(at)
	p := experiments.Progress{OnTrack: mark == 1, HasValue: hasLast, Value: last, HasFirst: hasFirst, First: first}
	cue, _ := p.Cue(*e)
	return cue, nil
}

// byNumber orders experiments by number.
func byNumber(a, b experiments.Experiment) int { return cmp.Compare(a.Number, b.Number) }

// sortRound sorts a round's experiments by number, with their cues.
func sortRound(r *experiments.CheckInRound) {
	order := make([]int, len(r.Experiments))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return byNumber(r.Experiments[a], r.Experiments[b]) })
	list, cues := make([]experiments.Experiment, len(order)), make([]string, len(order))
	for i, k := range order {
		list[i], cues[i] = r.Experiments[k], r.Cues[k]
	}
	r.Experiments, r.Cues = list, cues
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
	return queryColumn[string](ctx, tx, `SELECT user FROM away WHERE team = ? AND until > ? ORDER BY user`, team, toMillis(at))
}
