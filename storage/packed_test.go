package storage

import (
	"cmp"
	"context"
	"database/sql"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

// TestPackedFactsAgreeWithRows checks the packed reads of the launch and
// decision facts against the plain way, a row per fact, on a seeded
// history where some levers are the channel's, one was dropped from its
// list (read by name, here with a hyphen), some are none, and some
// decisions had no deadline.
func TestPackedFactsAgreeWithRows(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	now := t0.Add(days(400))
	if err := db.Seed(ctx, SeedSpec{Team: "T1", Channel: "C1", Experiments: 900, CheckIns: 900, Goals: 4,
		Span: days(365), Now: now, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`UPDATE experiments SET lever = 'word-of-mouth' WHERE id % 5 = 0`,
		`UPDATE experiments SET lever = '' WHERE id % 5 = 1`,
		`UPDATE experiments SET lever = 'retention' WHERE id % 5 = 2`,
		`UPDATE experiments SET deadline = NULL WHERE id % 3 = 0`,
	} {
		if _, err := db.rw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	levers := []string{"acquisition", "retention"}
	span := []any{"T1", "C1", toMillis(now.Add(-experiments.WinRateWindow)), toMillis(now)}
	err := db.readBulk(ctx, "facts", func(tx *sql.Tx) error {
		launches, err := findLaunches(ctx, tx, span, levers)
		if err != nil {
			return err
		}
		decisions, err := findDecisions(ctx, tx, span, levers)
		if err != nil {
			return err
		}
		wantLaunches, wantDecisions := plainFacts(t, tx, span, levers)
		if len(launches) < 50 || len(decisions) < 50 {
			t.Fatalf("%d launches and %d decisions: seed more", len(launches), len(decisions))
		}
		if !slices.IsSortedFunc(launches, func(a, b experiments.LaunchFact) int { return a.LaunchedAt.Compare(b.LaunchedAt) }) ||
			!slices.IsSortedFunc(decisions, func(a, b experiments.DecisionFact) int { return a.DecidedAt.Compare(b.DecidedAt) }) {
			t.Error("the facts are not in time order")
		}
		sortLaunches(launches)
		sortLaunches(wantLaunches)
		sortDecisions(decisions)
		sortDecisions(wantDecisions)
		if !reflect.DeepEqual(launches, wantLaunches) {
			t.Errorf("packed launches differ from the rows:\n%v\nwant\n%v", launches[:3], wantLaunches[:3])
		}
		if !reflect.DeepEqual(decisions, wantDecisions) {
			t.Errorf("packed decisions differ from the rows:\n%v\nwant\n%v", decisions[:3], wantDecisions[:3])
		}
		seen := map[string]bool{}
		for _, d := range decisions {
			seen[d.Lever] = true
			seen[d.Deadline.String()] = true
		}
		if !seen["word-of-mouth"] || !seen[""] || !seen["retention"] {
			t.Errorf("levers read = %v; want a dropped one, none and a listed one", seen)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// plainFacts reads the facts of span a row per fact, each column as
// stored.
func plainFacts(t *testing.T, tx *sql.Tx, span []any, levers []string) ([]experiments.LaunchFact, []experiments.DecisionFact) {
	t.Helper()
	lever := func(name string) string { return name } // a listed, dropped or no lever reads as its name
	var launches []experiments.LaunchFact
	rows, err := tx.Query(`SELECT created_at, launched_at, lever FROM experiments
		WHERE team = ? AND channel = ? AND launched_at BETWEEN ? AND ?`, span...)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var created, launched int64
		var l string
		if err := rows.Scan(&created, &launched, &l); err != nil {
			t.Fatal(err)
		}
		launches = append(launches, experiments.LaunchFact{CreatedAt: fromMillis(created), LaunchedAt: fromMillis(launched), Lever: lever(l)})
	}
	rows.Close()
	var decisions []experiments.DecisionFact
	rows, err = tx.Query(`SELECT launched_at, decided_at, decision, deadline, lever FROM experiments
		WHERE team = ? AND channel = ? AND decided_at BETWEEN ? AND ?`, span...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var launched, decided int64
		var decision, l string
		var deadline sql.NullString
		if err := rows.Scan(&launched, &decided, &decision, &deadline, &l); err != nil {
			t.Fatal(err)
		}
		d, err := parseDate(deadline)
		if err != nil {
			t.Fatal(err)
		}
		decisions = append(decisions, experiments.DecisionFact{Decision: experiments.Decision(decision),
			LaunchedAt: fromMillis(launched), DecidedAt: fromMillis(decided), Deadline: d, Lever: lever(l)})
	}
	return launches, decisions
}

func sortLaunches(l []experiments.LaunchFact) {
	slices.SortFunc(l, func(a, b experiments.LaunchFact) int {
		return cmp.Or(a.LaunchedAt.Compare(b.LaunchedAt), a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.Lever, b.Lever))
	})
}

func sortDecisions(l []experiments.DecisionFact) {
	slices.SortFunc(l, func(a, b experiments.DecisionFact) int {
		return cmp.Or(a.DecidedAt.Compare(b.DecidedAt), a.LaunchedAt.Compare(b.LaunchedAt),
			strings.Compare(string(a.Decision), string(b.Decision)), strings.Compare(a.Deadline.String(), b.Deadline.String()),
			strings.Compare(a.Lever, b.Lever))
	})
}

// TestPackedReadRefusesWhatItCannotRead checks that a packed read that
// lost a record to a NULL field, or holds a field that is no integer,
// fails instead of returning fewer or wrong facts.
func TestPackedReadRefusesWhatItCannotRead(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for _, tt := range []struct{ name, query, want string }{
		{"a NULL field", `SELECT count(*), group_concat(a || ',' || b, ';') FROM (SELECT 1 AS a, 2 AS b UNION ALL SELECT 3, NULL)`, "NULL field"},
		{"no integer", `SELECT 1, 'x,2'`, "no integer"},
	} {
		err := db.readBulk(ctx, "packed", func(tx *sql.Tx) error {
			n, rows, err := queryPacked(ctx, tx, tt.query)
			if err != nil {
				return err
			}
			for rows.next() {
				rows.int()
				rows.int()
			}
			return rows.done(n)
		})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}
