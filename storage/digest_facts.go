package storage

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// The facts' look-back queries, each answered by a covering index (see
// migration 0002 and TestDigestQueryPlans), and each a packed read (see
// packedRows): 90 days of a busy channel are thousands of rows.
const (
	// A launch fact is three integers: created_at, launched_at, the lever
	// (leverCode).
	launchesQuery = `SELECT count(*), group_concat(concat_ws(',', created_at, launched_at, ` + leverCode + `), ';')
		FROM experiments WHERE team = ? AND channel = ? AND launched_at >= ? AND launched_at <= ?`
	// A decision fact is four integers: launched_at, decided_at, the
	// deadline and the verdict (decisionCode) and the lever (leverCode).
	decisionsQuery = `SELECT count(*), group_concat(concat_ws(',', launched_at, decided_at, ` + decisionCode + `, ` + leverCode + `), ';')
		FROM experiments WHERE team = ? AND channel = ? AND decided_at >= ? AND decided_at <= ?`
	// decisionCode is deadlineDay × 4 + the verdict's place in
	// codeDecisions.
	decisionCode = deadlineDay + ` * 4 + CASE decision WHEN 'keep' THEN 1 WHEN 'kill' THEN 2 WHEN 'iterate' THEN 3 ELSE 0 END`
	// leverCode is the lever as a small integer where it can be: 0 for
	// none, k for the channel's k-th lever, else (a lever the channel has
	// dropped) 'x' and its name in hex, which holds no separator of a
	// packed read. Its placeholders, the first arguments, are leverArgs':
	// always experiments.MaxLevers, so the query's text, and its prepared
	// statement, is one.
	leverCode = `CASE lever WHEN '' THEN 0 WHEN ? THEN 1 WHEN ? THEN 2 WHEN ? THEN 3 WHEN ? THEN 4 WHEN ? THEN 5 WHEN ? THEN 6
		WHEN ? THEN 7 WHEN ? THEN 8 WHEN ? THEN 9 WHEN ? THEN 10 WHEN ? THEN 11 WHEN ? THEN 12 ELSE 'x' || hex(lever) END`
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

// leverOf decodes a leverCode field: levers[k-1] for k, the name itself
// for 'x' and its hex, "" for 0 or a field that is neither.
func leverOf(f string, levers []string) string {
	if name, ok := strings.CutPrefix(f, "x"); ok {
		b, _ := hex.DecodeString(name)
		return string(b)
	}
	k, _ := strconv.Atoi(f)
	if k >= 1 && k <= len(levers) {
		return levers[k-1]
	}
	return ""
}

// codeDecisions are the decisions of decisionCode, by their code.
var codeDecisions = [4]experiments.Decision{experiments.DecisionNone,
	experiments.DecisionKeep, experiments.DecisionKill, experiments.DecisionIterate}

// findLaunches reads the launches of span: team, channel, from, to (in
// milliseconds, both included), ordered by launch, with their levers among
// the channel's levers (experiments.ChannelSettings.LeverList).
func findLaunches(ctx context.Context, tx *sql.Tx, span []any, levers []string) ([]experiments.LaunchFact, error) {
	n, rows, err := queryPacked(ctx, tx, launchesQuery, leverArgs(levers, span)...)
	if err != nil {
		return nil, err
	}
	list := make([]experiments.LaunchFact, 0, n)
	for rows.next() {
		created, launched := rows.int(), rows.int()
		list = append(list, experiments.LaunchFact{CreatedAt: fromMillis(created), LaunchedAt: fromMillis(launched), Lever: leverOf(rows.field(), levers)})
	}
	if err := rows.done(n); err != nil {
		return nil, err
	}
	sortFacts(list, func(f experiments.LaunchFact) time.Time { return f.LaunchedAt })
	return list, nil
}

// findDecisions reads the decisions of span, ordered by decision, as
// findLaunches.
func findDecisions(ctx context.Context, tx *sql.Tx, span []any, levers []string) ([]experiments.DecisionFact, error) {
	n, rows, err := queryPacked(ctx, tx, decisionsQuery, leverArgs(levers, span)...)
	if err != nil {
		return nil, err
	}
	list := make([]experiments.DecisionFact, 0, n)
	for rows.next() {
		launched, decided, code := rows.int(), rows.int(), rows.int()
		d := experiments.DecisionFact{Decision: codeDecisions[code&3], LaunchedAt: fromMillis(launched),
			DecidedAt: fromMillis(decided), Lever: leverOf(rows.field(), levers)}
		if d.Deadline, err = dayDate(code >> 2); err != nil {
			return nil, err
		}
		list = append(list, d)
	}
	if err := rows.done(n); err != nil {
		return nil, err
	}
	sortFacts(list, func(f experiments.DecisionFact) time.Time { return f.DecidedAt })
	return list, nil
}

// sortFacts orders facts by the time at returns, when the packed read did
// not already: the index gives that order, but group_concat promises none.
func sortFacts[F any](facts []F, at func(F) time.Time) {
	byTime := func(a, b F) int { return at(a).Compare(at(b)) }
	if !slices.IsSortedFunc(facts, byTime) {
		slices.SortStableFunc(facts, byTime)
	}
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
