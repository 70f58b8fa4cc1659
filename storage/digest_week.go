package storage

import (
	"context"
	"database/sql"

	"github.com/aimlater/aimlater/experiments"
)

// The week's lists of a digest: experiments launched and decided in the
// window [from, to] of experiments.ReviewWeek.Window. The lists are capped with
// LIMIT and counted apart, both bounded by the launched and decided
// indexes, so a busy week costs its count, not its rows.

// weekEvent names the column a week list is windowed by.
type weekEvent string

const (
	eventLaunched weekEvent = "launched_at"
	eventDecided  weekEvent = "decided_at"
)

// findWeekActivity reads the week's shipped and decided experiments, at
// most limit of each (none when limit ≤ 0), with their totals.
func findWeekActivity(ctx context.Context, tx *sql.Tx, team, channel string, week experiments.ReviewWeek, limit int) (experiments.WeekActivity, error) {
	from, to := week.Window()
	w := experiments.WeekActivity{From: from, To: to}
	span := []any{team, channel, toMillis(from), toMillis(to)}
	var err error
	if w.Shipped, w.ShippedTotal, err = findWeekList(ctx, tx, eventLaunched, span, limit); err != nil {
		return w, err
	}
	if w.Decided, w.DecidedTotal, err = findWeekList(ctx, tx, eventDecided, span, limit); err != nil {
		return w, err
	}
	w.Verdicts, err = findVerdicts(ctx, tx, span)
	return w, err
}

// weekListQueries returns the queries of a week list windowed by ev: the
// count, and the first LIMIT whole experiments in the order of ev. ev is
// one of the constants above, never user input.
func weekListQueries(ev weekEvent) (count, list string) {
	where := ` FROM experiments e WHERE e.team = ? AND e.channel = ? AND e.` + string(ev) + ` >= ? AND e.` + string(ev) + ` <= ?`
	return `SELECT COUNT(*)` + where, `SELECT ` + experimentColumns + where + ` ORDER BY e.` + string(ev) + `, e.number LIMIT ?`
}

// verdictsQuery counts the decisions of a span by verdict.
const verdictsQuery = `SELECT decision, COUNT(*) FROM experiments
	WHERE team = ? AND channel = ? AND decided_at >= ? AND decided_at <= ? GROUP BY decision`

// findWeekList returns the first limit experiments whose event falls in
// the span (team, channel, from, to), in the order of the event, and how
// many there are in all.
func findWeekList(ctx context.Context, tx *sql.Tx, ev weekEvent, span []any, limit int) ([]experiments.Experiment, int, error) {
	countQuery, listQuery := weekListQueries(ev)
	var total int
	if err := tx.QueryRowContext(ctx, countQuery, span...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if total == 0 || limit <= 0 {
		return nil, total, nil
	}
	rows, err := tx.QueryContext(ctx, listQuery, append(span, limit)...)
	if err != nil {
		return nil, 0, err
	}
	list, err := scanExperiments(rows)
	return list, total, err
}

// findVerdicts counts the decisions in the span by verdict.
func findVerdicts(ctx context.Context, tx *sql.Tx, span []any) (map[experiments.Decision]int, error) {
	rows, err := tx.QueryContext(ctx, verdictsQuery, span...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := make(map[experiments.Decision]int)
	for rows.Next() {
		var d string
		var n int
		if err := rows.Scan(&d, &n); err != nil {
			return nil, err
		}
		counts[experiments.Decision(d)] = n
	}
	return counts, rows.Err()
}
