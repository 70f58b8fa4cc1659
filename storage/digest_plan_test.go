package storage

import (
	"context"
	"strings"
	"testing"
)

// TestDigestQueryPlans checks with EXPLAIN QUERY PLAN that every query of
// the digest searches the index meant for it, covering where it should be
// (no look-up of table rows), and never scans a table: on an empty
// database, and on a seeded one after ANALYZE, whose statistics may lead
// the planner elsewhere.
func TestDigestQueryPlans(t *testing.T) {
	launchedCount, launchedList := weekListQueries(eventLaunched)
	decidedCount, decidedList := weekListQueries(eventDecided)
	tests := []struct {
		name, query, want string
	}{
		{"has experiments", hasExperimentsQuery, "COVERING INDEX experiments_by_channel_status"},
		{"running", runningBriefQuery, "COVERING INDEX experiments_running_digest"},
		{"running's last check-in", runningBriefQuery, "COVERING INDEX check_ins_by_experiment_at"},
		{"running then, decided since", runningThenQuery, "INDEX experiments_by_channel_decided"},
		{"running then's last check-in", runningThenQuery, "COVERING INDEX check_ins_by_experiment_at"},
		{"stuck ideas then, launched since", stuckThenQuery, "INDEX experiments_by_channel_launched"},
		{"stuck ideas count", stuckIdeasCount, "COVERING INDEX experiments_ideas_digest"},
		{"stuck ideas", stuckIdeasQuery, "COVERING INDEX experiments_ideas_digest"},
		{"next ideas", nextIdeasQuery, "INDEX experiments_ideas_by_goal (team=? AND channel=? AND goal_id=?)"},
		{"next ideas' goals", nextIdeasQuery, "COVERING INDEX goals_open_by_channel"},
		{"next ideas of no goal", nextIdeasQuery, "INDEX experiments_ideas_by_goal (team=? AND channel=? AND goal_id=?)"},
		{"next ideas then, launched since", nextThenQuery, "INDEX experiments_by_channel_launched"},
		{"launches", launchesQuery, "COVERING INDEX experiments_by_channel_launched"},
		{"decisions", decisionsQuery, "COVERING INDEX experiments_by_channel_decided"},
		{"shipped count", launchedCount, "COVERING INDEX experiments_by_channel_launched"},
		{"shipped", launchedList, "INDEX experiments_by_channel_launched"},
		{"decided count", decidedCount, "COVERING INDEX experiments_by_channel_decided"},
		{"decided", decidedList, "INDEX experiments_by_channel_decided"},
		{"verdicts", verdictsQuery, "COVERING INDEX experiments_by_channel_decided"},
	}
	empty := mustOpen(t)
	seeded := mustOpen(t)
	if err := seeded.Seed(context.Background(), SeedSpec{Team: "T1", Channel: "C1", Experiments: 600, CheckIns: 1500,
		Goals: 4, Span: days(365), Now: t0, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := seeded.rw.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	for _, db := range []*DB{empty, seeded} {
		for _, tt := range tests {
			plan := queryPlan(t, db, tt.query)
			if !strings.Contains(plan, tt.want) || scansTable(plan) {
				t.Errorf("%s: plan\n%s\nwant it to use %s and scan no table", tt.name, plan, tt.want)
			}
			// The running experiments' check-ins come from the index alone,
			// in its order (migration 0014): no row, no sort.
			running := tt.query == runningBriefQuery || tt.query == runningThenQuery
			if running && (strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "INTEGER PRIMARY KEY")) {
				t.Errorf("%s: plan\n%s\nwant no look-up of a check-in row and no sort", tt.name, plan)
			}
		}
	}
}

// scansTable reports whether a step of plan reads a whole table or index;
// the scan of a subquery's own rows (a window's) reads neither.
func scansTable(plan string) bool {
	for _, step := range strings.Split(plan, "\n") {
		if strings.HasPrefix(step, "SCAN ") && step != "SCAN CONSTANT ROW" && !strings.HasPrefix(step, "SCAN (subquery-") {
			return true
		}
	}
	return false
}

// queryPlan returns the EXPLAIN QUERY PLAN of query, one step a line, with
// placeholder arguments (the plan does not depend on their values).
func queryPlan(tb testing.TB, db *DB, query string) string {
	tb.Helper()
	args := make([]any, strings.Count(query, "?"))
	for i := range args {
		args[i] = t0.UnixMilli() // the plan is the same for any value
	}
	rows, err := db.ro.Query(`EXPLAIN QUERY PLAN `+query, args...)
	if err != nil {
		tb.Fatalf("explain %q: %v", query, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			tb.Fatal(err)
		}
		lines = append(lines, detail)
	}
	return strings.Join(lines, "\n")
}
