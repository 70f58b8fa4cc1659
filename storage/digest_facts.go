package storage

import (
	"context"
	"database/sql"

	"github.com/aimlater/aimlater/experiments"
)

// The facts' look-back queries, each answered by a covering index (see
// migration 0002 and TestDigestQueryPlans), and each a packed read (see
// packedRows): 90 days of a busy channel are thousands of rows. Each field
// is the column as stored, or nearly: a deadline is its text (a channel's
// deadlines repeat, and each is parsed once), a lever its name in hex
// (see packedRows.cachedText). Comparing each lever with the channel's
// list in SQL cost more than the rest of a row.
const (
	// A launch fact: created_at, launched_at, the lever.
	launchesQuery = `SELECT count(*), group_concat(concat_ws(',', created_at, launched_at, hex(lever)), ';')
		FROM experiments WHERE team = ? AND channel = ? AND launched_at >= ? AND launched_at <= ?`
	// A decision fact: launched_at, decided_at, the deadline ('' for
	// none), the verdict's place in codeDecisions, the lever.
	decisionsQuery = `SELECT count(*), group_concat(concat_ws(',', launched_at, decided_at, ifnull(deadline, ''),
		CASE decision WHEN 'keep' THEN 1 WHEN 'kill' THEN 2 WHEN 'iterate' THEN 3 ELSE 0 END, hex(lever)), ';')
		FROM experiments WHERE team = ? AND channel = ? AND decided_at >= ? AND decided_at <= ?`
)

// codeDecisions are the decisions of decisionsQuery, by their code.
var codeDecisions = [4]experiments.Decision{experiments.DecisionNone,
	experiments.DecisionKeep, experiments.DecisionKill, experiments.DecisionIterate}

// findLaunches reads the launches of span: team, channel, from, to (in
// milliseconds, both included), ordered by launch.
func findLaunches(ctx context.Context, tx *sql.Tx, span []any) ([]experiments.LaunchFact, error) {
	n, rows, err := queryPacked(ctx, tx, launchesQuery, span...)
	if err != nil {
		return nil, err
	}
	list := make([]experiments.LaunchFact, 0, n)
	levers := map[string]string{}
	for rows.next() {
		created, launched := rows.int(), rows.int()
		list = append(list, experiments.LaunchFact{CreatedAt: fromMillis(created), LaunchedAt: fromMillis(launched), Lever: rows.cachedText(levers)})
	}
	if err := rows.done(n); err != nil {
		return nil, err
	}
	inOrder(list, func(a, b experiments.LaunchFact) int { return a.LaunchedAt.Compare(b.LaunchedAt) })
	return list, nil
}

// findDecisions reads the decisions of span, ordered by decision, as
// findLaunches.
func findDecisions(ctx context.Context, tx *sql.Tx, span []any) ([]experiments.DecisionFact, error) {
	n, rows, err := queryPacked(ctx, tx, decisionsQuery, span...)
	if err != nil {
		return nil, err
	}
	list := make([]experiments.DecisionFact, 0, n)
	levers, dates := map[string]string{}, dates{}
	for rows.next() {
		launched, decided := rows.int(), rows.int()
		deadline, err := dates.parse(rows.field())
		if err != nil {
			return nil, err
		}
		list = append(list, experiments.DecisionFact{LaunchedAt: fromMillis(launched), DecidedAt: fromMillis(decided),
			Deadline: deadline, Decision: codeDecisions[rows.int()&3], Lever: rows.cachedText(levers)})
	}
	if err := rows.done(n); err != nil {
		return nil, err
	}
	inOrder(list, func(a, b experiments.DecisionFact) int { return a.DecidedAt.Compare(b.DecidedAt) })
	return list, nil
}

// dates parses the deadlines of a read, YYYY-MM-DD or empty for none,
// each once: a channel's deadlines repeat.
type dates map[string]experiments.Date

// parse returns the date of s, as parseDate reads it.
func (d dates) parse(s string) (experiments.Date, error) {
	if date, ok := d[s]; ok {
		return date, nil
	}
	date, err := parseDate(sql.NullString{String: s, Valid: true})
	if err == nil {
		d[s] = date
	}
	return date, err
}
