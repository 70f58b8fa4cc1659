package storage

import (
	"context"
	"database/sql"

	"github.com/aimlater/aimlater/experiments"
)

// The facts' look-back queries, each answered by a covering index (see
// migration 0002 and TestDigestQueryPlans).
const (
	launchesQuery = `SELECT created_at, launched_at FROM experiments
		WHERE team = ? AND channel = ? AND launched_at >= ? AND launched_at <= ? ORDER BY launched_at`
	decisionsQuery = `SELECT decision, launched_at, decided_at, deadline FROM experiments
		WHERE team = ? AND channel = ? AND decided_at >= ? AND decided_at <= ? ORDER BY decided_at`
)

// findLaunches reads the launches of span: team, channel, from, to (in
// milliseconds, both included).
func findLaunches(ctx context.Context, tx *sql.Tx, span []any) ([]experiments.LaunchFact, error) {
	rows, err := tx.QueryContext(ctx, launchesQuery, span...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []experiments.LaunchFact
	for rows.Next() {
		var created, launched int64
		if err := rows.Scan(&created, &launched); err != nil {
			return nil, err
		}
		list = append(list, experiments.LaunchFact{CreatedAt: fromMillis(created), LaunchedAt: fromMillis(launched)})
	}
	return list, rows.Err()
}

// findDecisions reads the decisions of span, as findLaunches.
func findDecisions(ctx context.Context, tx *sql.Tx, span []any) ([]experiments.DecisionFact, error) {
	rows, err := tx.QueryContext(ctx, decisionsQuery, span...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []experiments.DecisionFact
	for rows.Next() {
		var (
			d                 experiments.DecisionFact
			decision          string
			launched, decided int64
			deadline          sql.NullString
		)
		if err := rows.Scan(&decision, &launched, &decided, &deadline); err != nil {
			return nil, err
		}
		d.Decision, d.LaunchedAt, d.DecidedAt = experiments.Decision(decision), fromMillis(launched), fromMillis(decided)
		if d.Deadline, err = parseDate(deadline); err != nil {
			return nil, err
		}
		list = append(list, d)
	}
	return list, rows.Err()
}
