package storage

import (
	"cmp"
	"context"
	"database/sql"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

// latestColumns are an experiment's columns of migration 0019.
type latestColumns struct {
	lastAt, lastOnTrack, firstAt sql.NullInt64
	lastValue, firstValue        sql.NullFloat64
}

// TestLatestCheckInColumnsFollowTheCheckIns runs random check-in writes
// (the bot's own AddCheckIn, and inserts at any time, deletes, edits of
// time, mark and value, moves to another experiment, and deleted
// experiments) and after each one compares every experiment's columns of
// migration 0019 with what its check-ins say, worked out in Go.
func TestLatestCheckInColumnsFollowTheCheckIns(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(19, 19))
	var numbers []int
	for i := range 6 {
		e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "t", Status: experiments.StatusRunning,
			Target: experiments.Target{Value: 20, Percent: i%2 == 0}}
		mustCreate(t, db, &e)
		numbers = append(numbers, e.Number)
	}
	value := func() any {
		if rng.IntN(3) == 0 {
			return nil
		}
		return float64(rng.IntN(50)) / 4
	}
	// pick returns one of the ids query lists, chosen by rng, so that a
	// failure replays from the seed; 0 when there is none.
	pick := func(query string) int64 {
		var ids []int64
		rows, err := db.rw.Query(query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if len(ids) == 0 {
			return 0
		}
		return ids[rng.IntN(len(ids))]
	}
	experimentID := func() int64 { return pick(`SELECT id FROM experiments ORDER BY id`) }
	checkInID := func() int64 { return pick(`SELECT id FROM check_ins ORDER BY id`) }
	ops := []func() error{
		func() error { // the bot's path
			v := float64(rng.IntN(100))
			c := experiments.CheckIn{Author: "U1", At: t0.Add(days(rng.IntN(30))), OnTrack: rng.IntN(2) == 0, Value: &v}
			_, err := db.AddCheckIn(ctx, "T1", numbers[rng.IntN(len(numbers))], &c, nil)
			return err
		},
		func() error { // at any time, ties included
			_, err := db.rw.Exec(`INSERT INTO check_ins (experiment_id, author, at, value, on_track) VALUES (?, 'U2', ?, ?, ?)`,
				experimentID(), toMillis(t0)+int64(rng.IntN(5)), value(), rng.IntN(2))
			return err
		},
		func() error {
			_, err := db.rw.Exec(`DELETE FROM check_ins WHERE id = ?`, checkInID())
			return err
		},
		func() error {
			_, err := db.rw.Exec(`UPDATE check_ins SET at = ?, value = ?, on_track = ? WHERE id = ?`,
				toMillis(t0)+int64(rng.IntN(5)), value(), rng.IntN(2), checkInID())
			return err
		},
		func() error { // moved to another experiment
			_, err := db.rw.Exec(`UPDATE check_ins SET experiment_id = ? WHERE id = ?`, experimentID(), checkInID())
			return err
		},
	}
	for i := range 400 {
		if err := ops[rng.IntN(len(ops))](); err != nil {
			t.Fatalf("op %d: %v", i, err)
		}
		checkLatestColumns(t, db)
	}
	if _, err := db.rw.Exec(`DELETE FROM experiments WHERE id = (SELECT experiment_id FROM check_ins ORDER BY id LIMIT 1)`); err != nil {
		t.Fatal(err)
	}
	checkLatestColumns(t, db)
}

// TestMigrationFillsLatestCheckIns checks the backfill of migration 0019:
// experiments with check-ins from before it carry their latest and first
// ones once it ran.
func TestMigrationFillsLatestCheckIns(t *testing.T) {
	path := t.TempDir() + "/old.db"
	db := mustOpenAt(t, path)
	if err := db.Seed(context.Background(), SeedSpec{Team: "T1", Channel: "C1", Experiments: 300, CheckIns: 1500,
		Goals: 2, Span: days(200), Now: t0, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	// Back to the schema before 0019, with the check-ins in it.
	for _, stmt := range []string{`DROP TRIGGER check_ins_latest_insert`, `DROP TRIGGER check_ins_latest_delete`,
		`DROP TRIGGER check_ins_latest_update`, `DROP VIEW check_in_marks`, `DROP INDEX experiments_running_digest`,
		`ALTER TABLE experiments DROP COLUMN last_at`, `ALTER TABLE experiments DROP COLUMN last_on_track`,
		`ALTER TABLE experiments DROP COLUMN last_value`, `ALTER TABLE experiments DROP COLUMN first_value_at`,
		`ALTER TABLE experiments DROP COLUMN first_value`,
		`CREATE INDEX experiments_running_digest ON experiments
			(team, channel, number, deadline, launched_at, goal_id, metric, target_value, target_percent) WHERE status = 'running'`,
		`DELETE FROM migrations WHERE version = 19`} {
		if _, err := db.rw.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = mustOpenAt(t, path)
	if n := count(t, db, `SELECT COUNT(*) FROM experiments WHERE last_at IS NOT NULL`); n < 100 {
		t.Fatalf("%d experiments with a latest check-in after the migration: seed more", n)
	}
	checkLatestColumns(t, db)
}

// checkLatestColumns compares every experiment's columns of migration
// 0019 with its check-ins: the latest by (at, id), and the first with a
// value.
func checkLatestColumns(t *testing.T, db *DB) {
	t.Helper()
	type checkIn struct {
		id, at  int64
		onTrack int64
		value   sql.NullFloat64
	}
	byExperiment := map[int64][]checkIn{}
	rows, err := db.rw.Query(`SELECT experiment_id, id, at, on_track, value FROM check_ins`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var e int64
		var c checkIn
		if err := rows.Scan(&e, &c.id, &c.at, &c.onTrack, &c.value); err != nil {
			t.Fatal(err)
		}
		byExperiment[e] = append(byExperiment[e], c)
	}
	rows.Close()
	rows, err = db.rw.Query(`SELECT id, last_at, last_on_track, last_value, first_value_at, first_value FROM experiments`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var got latestColumns
		if err := rows.Scan(&id, &got.lastAt, &got.lastOnTrack, &got.lastValue, &got.firstAt, &got.firstValue); err != nil {
			t.Fatal(err)
		}
		var want latestColumns
		var last, first *checkIn
		for i, c := range byExperiment[id] {
			byTime := func(a, b *checkIn) int { return cmp.Or(cmp.Compare(a.at, b.at), cmp.Compare(a.id, b.id)) }
			if last == nil || byTime(&c, last) > 0 {
				last = &byExperiment[id][i]
			}
			if c.value.Valid && (first == nil || byTime(&c, first) < 0) {
				first = &byExperiment[id][i]
			}
		}
		if last != nil {
			want.lastAt = sql.NullInt64{Int64: last.at, Valid: true}
			want.lastOnTrack = sql.NullInt64{Int64: last.onTrack, Valid: true}
			want.lastValue = last.value
		}
		if first != nil {
			want.firstAt, want.firstValue = sql.NullInt64{Int64: first.at, Valid: true}, first.value
		}
		if got != want {
			t.Fatalf("experiment %d: columns %+v, want %+v from its %d check-ins", id, got, want, len(byExperiment[id]))
		}
	}
}

// TestCheckInMarksPlan checks that the triggers' recomputation reads the
// one experiment's check-ins from their index alone, never a table or a
// check-in row: every check-in written runs it.
func TestCheckInMarksPlan(t *testing.T) {
	db := mustOpen(t)
	plan := queryPlan(t, db, `UPDATE experiments SET (last_at, last_on_track, last_value, first_value_at, first_value) =
		(SELECT last_at, last_on_track, last_value, first_value_at, first_value FROM check_in_marks WHERE experiment_id = experiments.id)
		WHERE id = ?`)
	if scansTable(plan) || strings.Contains(plan, "TEMP B-TREE") {
		t.Errorf("plan\n%s\nwant searches only", plan)
	}
	for _, want := range []string{"SEARCH l USING COVERING INDEX check_ins_by_experiment_at", "SEARCH f USING COVERING INDEX check_ins_by_experiment_at"} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan\n%s\nwant %s: no check-in row read", plan, want)
		}
	}
}
