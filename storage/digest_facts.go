package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// The facts' look-back queries, each answered by a covering index (see
// migration 0002 and TestDigestQueryPlans).
const (
	launchesQuery = `SELECT created_at, launched_at, ` + leverCode + ` FROM experiments
		WHERE team = ? AND channel = ? AND launched_at >= ? AND launched_at <= ? ORDER BY launched_at`
	// A decision fact comes as three integers: the driver costs about as
	// much per column as SQLite per row, and a TEXT column a string per
	// row besides. The third packs the deadline and the verdict, see
	// decisionCode. Then the lever (leverCode), for experiments.LeverStats.
	decisionsQuery = `SELECT launched_at, decided_at, ` + decisionCode + `, ` + leverCode + ` FROM experiments
		WHERE team = ? AND channel = ? AND decided_at >= ? AND decided_at <= ? ORDER BY decided_at`
	// decisionCode is deadlineDay × 4 + the verdict's place in
	// codeDecisions.
	decisionCode = deadlineDay + ` * 4 + CASE decision WHEN 'keep' THEN 1 WHEN 'kill' THEN 2 WHEN 'iterate' THEN 3 ELSE 0 END`
	// leverCode is the lever as a small integer where it can be: 0 for
	// none, k for the channel's k-th lever, else (a lever the channel has
	// dropped) its name; SQLite returns either type in one column. An
	// integer below 256 costs the driver no allocation where a text costs
	// two, and the 90 days' facts are thousands of rows. Its placeholders,
	// the first arguments, are leverArgs': always experiments.MaxLevers, so
	// the query's text, and its prepared statement, is one.
	leverCode = `CASE lever WHEN '' THEN 0 WHEN ? THEN 1 WHEN ? THEN 2 WHEN ? THEN 3 WHEN ? THEN 4 WHEN ? THEN 5 WHEN ? THEN 6
		WHEN ? THEN 7 WHEN ? THEN 8 WHEN ? THEN 9 WHEN ? THEN 10 WHEN ? THEN 11 WHEN ? THEN 12 ELSE lever END`
	// deadlineDay is the deadline 'YYYY-MM-DD' as the integer YYYYMMDD,
	// 0 when there is none (the column's CHECK keeps it to that shape).
	deadlineDay = `COALESCE(CAST(replace(deadline, '-', '') AS INTEGER), 0)`
)

// The placeholders of leverCode are one a lever a channel may have.
const _ = uint(12 - experiments.MaxLevers)
const _ = uint(experiments.MaxLevers - 12)

// leverArgs are the arguments of leverCode for levers, padded with a name
// no lever has (see experiments.ParseLever), followed by span.
func leverArgs(levers []string, span []any) []any {
	args := make([]any, experiments.MaxLevers, experiments.MaxLevers+len(span))
	for i := range args {
		args[i] = ","
		if i < len(levers) {
			args[i] = levers[i]
		}
	}
	return append(args, span...)
}

// leverOf decodes a leverCode value: levers[k-1] for k, the name itself
// for a text.
func leverOf(v any, levers []string) string {
	switch x := v.(type) {
	case int64:
		if x >= 1 && int(x) <= len(levers) {
			return levers[x-1]
		}
	case string:
		return x
	case []byte:
		return string(x)
	}
	return ""
}

// codeDecisions are the decisions of decisionCode, by their code.
var codeDecisions = [4]experiments.Decision{experiments.DecisionNone,
	experiments.DecisionKeep, experiments.DecisionKill, experiments.DecisionIterate}

// findLaunches reads the launches of span: team, channel, from, to (in
// milliseconds, both included), with their levers among the channel's
// levers (experiments.ChannelSettings.LeverList).
func findLaunches(ctx context.Context, tx *sql.Tx, span []any, levers []string) ([]experiments.LaunchFact, error) {
	rows, err := tx.QueryContext(ctx, launchesQuery, leverArgs(levers, span)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []experiments.LaunchFact
	var created, launched int64 // scanned through their addresses: once, not once a row
	var lever any
	for rows.Next() {
		if err := rows.Scan(&created, &launched, &lever); err != nil {
			return nil, err
		}
		list = append(list, experiments.LaunchFact{CreatedAt: fromMillis(created), LaunchedAt: fromMillis(launched), Lever: leverOf(lever, levers)})
	}
	return list, rows.Err()
}

// findDecisions reads the decisions of span, as findLaunches.
func findDecisions(ctx context.Context, tx *sql.Tx, span []any, levers []string) ([]experiments.DecisionFact, error) {
	rows, err := tx.QueryContext(ctx, decisionsQuery, leverArgs(levers, span)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []experiments.DecisionFact
	var launched, decided, code int64 // scanned through their addresses: once, not once a row
	var lever any
	for rows.Next() {
		var d experiments.DecisionFact
		if err := rows.Scan(&launched, &decided, &code, &lever); err != nil {
			return nil, err
		}
		d.Lever = leverOf(lever, levers)
		d.Decision, d.LaunchedAt, d.DecidedAt = codeDecisions[code&3], fromMillis(launched), fromMillis(decided)
		if d.Deadline, err = dayDate(code >> 2); err != nil {
			return nil, err
		}
		list = append(list, d)
	}
	return list, rows.Err()
}

// dayDate decodes a deadline read as deadlineDay: 0 is none, YYYYMMDD a
// day. A day that does not exist (the column's CHECK allows 2026-02-31)
// goes to parseDate, which reports it as it would the text.
func dayDate(day int64) (experiments.Date, error) {
	if day == 0 {
		return experiments.Date{}, nil
	}
	y, m, d := int(day/10000), time.Month(day/100%100), int(day%100)
	if t := time.Date(y, m, d, 12, 0, 0, 0, time.UTC); m < 1 || m > 12 || d < 1 || t.Month() != m || t.Day() != d {
		return parseDate(sql.NullString{String: fmt.Sprintf("%04d-%02d-%02d", y, m, d), Valid: true})
	}
	return experiments.Date{Year: y, Month: m, Day: d}, nil
}
