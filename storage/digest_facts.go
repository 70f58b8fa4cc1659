package storage

import (
	"context"
	"database/sql"
	"time"

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
			deadline          sql.RawBytes
		)
		if err := rows.Scan(&decision, &launched, &decided, &deadline); err != nil {
			return nil, err
		}
		d.Decision, d.LaunchedAt, d.DecidedAt = experiments.Decision(decision), fromMillis(launched), fromMillis(decided)
		if d.Deadline, err = parseDateBytes(deadline); err != nil {
			return nil, err
		}
		list = append(list, d)
	}
	return list, rows.Err()
}

// parseDateBytes decodes a nullable 'YYYY-MM-DD' column read as raw bytes
// (nil for NULL), as parseDate does, without time.Parse on the common
// path: the digest decodes a deadline for each of thousands of rows.
// Anything but ten bytes of a valid date goes to parseDate, which reports
// it.
func parseDateBytes(b []byte) (experiments.Date, error) {
	if len(b) == 0 {
		return experiments.Date{}, nil
	}
	if d, ok := quickDate(b); ok {
		return d, nil
	}
	return parseDate(sql.NullString{String: string(b), Valid: true})
}

// quickDate parses exactly 'YYYY-MM-DD' with a day that exists in its
// month; ok is false for anything else.
func quickDate(b []byte) (experiments.Date, bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return experiments.Date{}, false
	}
	y, ok1 := digits(b[0:4])
	m, ok2 := digits(b[5:7])
	d, ok3 := digits(b[8:10])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 {
		return experiments.Date{}, false
	}
	// time.Date normalizes 31 April to 1 May: a changed month is a bad day.
	if t := time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC); t.Month() != time.Month(m) {
		return experiments.Date{}, false
	}
	return experiments.Date{Year: y, Month: time.Month(m), Day: d}, true
}

// digits reads a decimal number of ASCII digits.
func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
