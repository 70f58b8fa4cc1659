package storage

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// The facts of the 90-day plan (experiments.Plan) for each goal: its
// decisions by verdict and the latest few of each, and the readings its
// value may come from. They come from experiments_decided_by_goal
// and experiments_decided_by_goal_time (migration 0012): a goal's cost is
// a range of index entries and a few check-in look-ups, not its history.
const (
	// A goal's decisions of one verdict by asOf. Arguments: goal,
	// decision, asOf.
	goalDecidedQuery = `SELECT COUNT(*) FROM experiments WHERE goal_id = ? AND decision = ? AND decided_at <= ?`
	// The latest decisions of one verdict. Arguments: goal, asOf,
	// decision, limit.
	goalLatestQuery = `SELECT number FROM experiments WHERE goal_id = ? AND decision = ? AND decided_at <= ?
		ORDER BY decided_at DESC, number DESC LIMIT ?`
	// A page of a goal's decided experiments, decided last first, after a
	// cursor (decided_at, id) in that order. Arguments: goal, asOf, cursor
	// time, cursor time, cursor id, limit.
	goalDecidedPage = `SELECT id, metric, decided_at FROM experiments WHERE goal_id = ? AND decided_at <= ?
		AND (decided_at < ? OR decided_at = ? AND id < ?) ORDER BY decided_at DESC, id DESC LIMIT ?`
	// readingOf reads the latest check-in with a value by asOf of each
	// experiment, one search of check_ins_by_experiment_at each.
	// Arguments: asOf, then the experiment IDs.
	readingOf = `SELECT e.number, e.metric, c.value, c.at FROM experiments e
		JOIN check_ins c ON c.id = (SELECT l.id FROM check_ins l WHERE l.experiment_id = e.id AND l.at <= ?
			AND l.value IS NOT NULL ORDER BY l.at DESC, l.id DESC LIMIT 1)
		WHERE e.id IN `
)

// readingPage is how many experiments a page of the readings' search
// reads: the latest check-in of most holds a value, so the first page
// mostly ends the search, and each experiment on it costs a look-up.
const readingPage = 4

// LoadPlan returns the facts of a channel's plan as of asOf in one
// snapshot: the goals open then, the experiments running then (brief, see
// LoadDigest), the best idea of each goal (with titles, for the next move)
// and each goal's record, with the latest latest decisions of each verdict.
func (db *DB) LoadPlan(ctx context.Context, team, channel string, asOf time.Time, latest int) (experiments.PlanFacts, error) {
	var f experiments.PlanFacts
	err := db.read(ctx, "load plan", func(tx *sql.Tx) (err error) {
		if f.Goals, err = findGoalsOpenAt(ctx, tx, team, channel, asOf); err != nil || len(f.Goals) == 0 {
			return err
		}
		if f.Running, _, err = findRunningBrief(ctx, tx, team, channel, asOf); err != nil {
			return err
		}
		if f.Ideas, err = findNextIdeas(ctx, tx, team, channel, asOf); err != nil {
			return err
		}
		if err := fillTitles(ctx, tx, f.Ideas); err != nil {
			return err
		}
		f.Records, err = findGoalRecords(ctx, tx, f.Goals, f.Running, asOf, latest)
		return err
	})
	return f, err
}

// fillTitles sets the titles of the brief experiments list.
func fillTitles(ctx context.Context, tx *sql.Tx, list []experiments.Experiment) error {
	if len(list) == 0 {
		return nil
	}
	at := make(map[int64]int, len(list))
	args := make([]any, len(list))
	for i, e := range list {
		at[e.ID], args[i] = i, e.ID
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, title FROM experiments WHERE id IN (`+placeholders(len(list))+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			return err
		}
		list[at[id]].Title = title
	}
	return rows.Err()
}

// findGoalRecords reads the record of each goal as of asOf, with the latest
// latest decisions of each verdict (none when latest is 0) and its own
// values; running are the experiments running then, brief, whose readings
// are read for a goal with no value yet, to show beside the hint to log
// one (they no longer stand in for the goal's value).
func findGoalRecords(ctx context.Context, tx *sql.Tx, goals []experiments.Goal, running []experiments.Experiment, asOf time.Time, latest int) (map[int64]experiments.GoalRecord, error) {
	records := make(map[int64]experiments.GoalRecord, len(goals))
	at := toMillis(asOf)
	for _, g := range goals {
		r, err := findGoalRecord(ctx, tx, g, at, latest)
		if err != nil {
			return nil, err
		}
		if r.Values, err = findGoalValues(ctx, tx, g.ID, at); err != nil {
			return nil, err
		}
		if r.Values.Count > 0 {
			records[g.ID] = r
			continue
		}
		if r.Readings, err = findReadings(ctx, tx, g, running, at); err != nil {
			return nil, err
		}
		records[g.ID] = r
	}
	return records, nil
}

// findGoalRecord reads g's decisions by verdict as of at, and the latest
// latest of each; with latest 0 (the digest, which shows how many were
// kept and nothing more) its keeps alone, each verdict's count being a
// range of index entries to step through.
func findGoalRecord(ctx context.Context, tx *sql.Tx, g experiments.Goal, at int64, latest int) (experiments.GoalRecord, error) {
	r := experiments.GoalRecord{Decided: map[experiments.Decision]int{}}
	verdicts := []experiments.Decision{experiments.DecisionKeep, experiments.DecisionKill, experiments.DecisionIterate}
	if latest <= 0 {
		verdicts = verdicts[:1]
	} else {
		r.Latest = make(map[experiments.Decision][]int)
	}
	for _, d := range verdicts {
		var n int
		if err := tx.QueryRowContext(ctx, goalDecidedQuery, g.ID, string(d), at).Scan(&n); err != nil {
			return r, err
		}
		r.Decided[d] = n
		if n == 0 || latest <= 0 {
			continue
		}
		var err error
		if r.Latest[d], err = queryColumn[int](ctx, tx, goalLatestQuery, g.ID, string(d), at, latest); err != nil {
			return r, err
		}
	}
	return r, nil
}

// queryColumn runs a query of one column and returns its values.
func queryColumn[T any](ctx context.Context, tx *sql.Tx, query string, args ...any) ([]T, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

// findReadings reads the readings g's value may come from as of at: the
// latest value logged on each experiment serving it with its metric
// (experiments.SameMetric) that could hold the latest of all. An
// experiment's values are logged by its last check-in and, once decided,
// by its decision (it logs only while it runs), so the search reads the
// running ones latest check-in first, then the decided ones decided last
// first, each down to the first that could hold no later value than the
// latest found: at scale a few look-ups, not one per experiment.
func findReadings(ctx context.Context, tx *sql.Tx, g experiments.Goal, running []experiments.Experiment, at int64) ([]experiments.Reading, error) {
	if g.Metric == "" {
		return nil, nil
	}
	readings, err := runningReadings(ctx, tx, g, running, at)
	if err != nil {
		return nil, err
	}
	c := pageCursor{at: at + 1}
	for {
		ids, n, err := c.next(ctx, tx, g, at)
		if err != nil {
			return nil, err
		}
		if readings, err = queryReadings(ctx, tx, g.ID, at, ids, readings); err != nil {
			return nil, err
		}
		if n < readingPage || latestAt(readings) > c.at {
			return readings, nil
		}
	}
}

// runningReadings reads the readings of the running experiments serving g
// with its metric, latest check-in first, a page at a time, until the
// latest reading found is later than the next page's check-ins (those with
// none hold no value).
func runningReadings(ctx context.Context, tx *sql.Tx, g experiments.Goal, running []experiments.Experiment, at int64) ([]experiments.Reading, error) {
	type candidate struct{ id, last int64 } // an Experiment is some 400 bytes
	var mine []candidate
	for _, e := range running {
		if e.GoalID == g.ID && !e.LastCheckInAt.IsZero() && experiments.SameMetric(e.Metric, g.Metric) {
			mine = append(mine, candidate{e.ID, toMillis(e.LastCheckInAt)})
		}
	}
	slices.SortFunc(mine, func(a, b candidate) int { return cmp.Compare(b.last, a.last) })
	var readings []experiments.Reading
	for len(mine) > 0 && latestAt(readings) <= mine[0].last {
		page := mine[:min(len(mine), readingPage)]
		ids := make([]int64, len(page))
		for i, c := range page {
			ids[i] = c.id
		}
		var err error
		if readings, err = queryReadings(ctx, tx, g.ID, at, ids, readings); err != nil {
			return nil, err
		}
		mine = mine[len(page):]
	}
	return readings, nil
}

// pageCursor is where a page of a goal's decided experiments ends: the
// decision time and ID of its last row.
type pageCursor struct {
	at, id int64
}

// next reads the page of g's experiments decided by at that follows c,
// decided last first, and moves c to its end: the IDs of those with g's
// metric, and the page's length.
func (c *pageCursor) next(ctx context.Context, tx *sql.Tx, g experiments.Goal, at int64) (ids []int64, n int, err error) {
	rows, err := tx.QueryContext(ctx, goalDecidedPage, g.ID, at, c.at, c.at, c.id, readingPage)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var metric string
		if err := rows.Scan(&c.id, &metric, &c.at); err != nil {
			return nil, 0, err
		}
		n++
		if experiments.SameMetric(metric, g.Metric) {
			ids = append(ids, c.id)
		}
	}
	return ids, n, rows.Err()
}

// queryReadings appends the reading of each of ids, those with a value
// logged by at, to list.
func queryReadings(ctx context.Context, tx *sql.Tx, goal, at int64, ids []int64, list []experiments.Reading) ([]experiments.Reading, error) {
	if len(ids) == 0 {
		return list, nil
	}
	args := make([]any, 0, len(ids)+1)
	args = append(args, at)
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := tx.QueryContext(ctx, readingOf+`(`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		r := experiments.Reading{GoalID: goal}
		var when int64
		if err := rows.Scan(&r.Number, &r.Metric, &r.Value, &when); err != nil {
			return nil, err
		}
		r.At = fromMillis(when)
		list = append(list, r)
	}
	return list, rows.Err()
}

// latestAt is the latest instant of readings, in milliseconds; -1 when
// there is none.
func latestAt(readings []experiments.Reading) int64 {
	latest := int64(-1)
	for _, r := range readings {
		latest = max(latest, toMillis(r.At))
	}
	return latest
}
