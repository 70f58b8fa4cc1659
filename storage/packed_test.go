package storage

import (
	"cmp"
	"context"
	"database/sql"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// TestPackedFactsAgreeWithRows checks the packed reads of the launch and
// decision facts against the plain way, a row per fact, on a seeded
// history where some experiments pull a lever (one with a hyphen), some
// none, and some decisions had no deadline.
func TestPackedFactsAgreeWithRows(t *testing.T) {
	ctx, now := context.Background(), t0.Add(days(400))
	db := seededWith(t, SeedSpec{Experiments: 900, CheckIns: 900, Seed: 7, Now: now},
		`UPDATE experiments SET lever = 'word-of-mouth' WHERE id % 5 = 0`,
		`UPDATE experiments SET lever = '' WHERE id % 5 = 1`,
		`UPDATE experiments SET lever = 'retention' WHERE id % 5 = 2`,
		`UPDATE experiments SET deadline = NULL WHERE id % 3 = 0`,
	)
	span := []any{"T1", "C1", toMillis(now.Add(-experiments.WinRateWindow)), toMillis(now)}
	err := db.readBulk(ctx, "facts", func(tx *sql.Tx) error {
		launches, err := findLaunches(ctx, tx, span)
		if err != nil {
			return err
		}
		decisions, err := findDecisions(ctx, tx, span)
		if err != nil {
			return err
		}
		wantLaunches, wantDecisions := plainFacts(t, tx, span)
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
			t.Errorf("levers read = %v; want word-of-mouth, retention and none", seen)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// plainFacts reads the facts of span a row per fact, each column as
// stored.
func plainFacts(t *testing.T, tx *sql.Tx, span []any) ([]experiments.LaunchFact, []experiments.DecisionFact) {
	t.Helper()
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
		launches = append(launches, experiments.LaunchFact{CreatedAt: fromMillis(created), LaunchedAt: fromMillis(launched), Lever: l})
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
			LaunchedAt: fromMillis(launched), DecidedAt: fromMillis(decided), Deadline: d, Lever: l})
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
// lost a record or a field to a NULL, holds a field that is no integer, or
// a record with more fields than read, fails instead of returning fewer
// or wrong facts. Each reads two integers a record.
func TestPackedReadRefusesWhatItCannotRead(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for _, tt := range []struct{ name, query, want string }{
		{"a NULL field", `SELECT count(*), group_concat(a || ',' || b, ';') FROM (SELECT 1 AS a, 2 AS b UNION ALL SELECT 3, NULL)`, "NULL field"},
		{"a NULL field concat_ws skipped", `SELECT count(*), group_concat(concat_ws(',', a, b), ';') FROM (SELECT 1 AS a, 2 AS b UNION ALL SELECT 3, NULL)`, "fewer fields"},
		{"more fields", `SELECT 2, '1,2;3,4,5'`, "more fields"},
		{"more fields in the last record", `SELECT 1, '1,2,3'`, "more fields"},
		{"no integer", `SELECT 1, 'x,2'`, "no integer"},
		{"an empty integer", `SELECT 2, '1,;3,4'`, "no integer"},
		{"fewer fields", `SELECT 2, '1,2;3'`, "fewer fields"},
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

// TestPackedRunningAgreesWithRows checks the packed read of the running
// experiments and their Progress against a plain read, experiment by
// experiment, as of now and as of a past week: metrics with separators
// and accents, relative and absolute targets of any float, values missing
// or not, goals or none.
func TestPackedRunningAgreesWithRows(t *testing.T) {
	ctx, now := context.Background(), t0.Add(days(400))
	db := seededWith(t, SeedSpec{Experiments: 1500, CheckIns: 6000, Seed: 11, Now: now},
		`UPDATE experiments SET metric = 'sign,ups; "trial" é' WHERE id % 4 = 0`,
		`UPDATE experiments SET metric = '' WHERE id % 4 = 1`,
		`UPDATE experiments SET target_percent = 1, target_value = id * 0.1 + 1e-9 WHERE id % 3 = 0`,
		`UPDATE experiments SET target_value = 0 WHERE id % 7 = 0`,
		`UPDATE experiments SET goal_id = NULL WHERE id % 5 = 0`,
		`UPDATE check_ins SET value = NULL WHERE id % 4 = 0`,
		`UPDATE check_ins SET value = id / 3.0 WHERE id % 4 = 1`,
	)
	past := now.Add(-days(30))
	// The past digest must take the search for the latest check-in by
	// then: experiments running then and checked in on since.
	if n := count(t, db, `SELECT COUNT(*) FROM experiments WHERE launched_at <= ?1 AND (decided_at IS NULL OR decided_at > ?1)
		AND last_at > ?1`, toMillis(past)); n < 20 {
		t.Fatalf("%d experiments running 30 days ago were checked in on since: seed more", n)
	}
	for _, asOf := range []time.Time{now, past} {
		err := db.readBulk(ctx, "running", func(tx *sql.Tx) error {
			got, progress, err := findRunningBrief(ctx, tx, "T1", "C1", asOf)
			if err != nil {
				return err
			}
			want, wantProgress := plainRunning(t, tx, asOf)
			if len(want) < 50 || len(wantProgress) < 20 {
				t.Fatalf("%d running, %d with a check-in: seed more", len(want), len(wantProgress))
			}
			if !reflect.DeepEqual(got, want) {
				for i := range min(len(got), len(want)) {
					if !reflect.DeepEqual(got[i], want[i]) {
						t.Fatalf("as of %v: running[%d] =\n%+v\nwant\n%+v", asOf, i, got[i], want[i])
					}
				}
				t.Fatalf("as of %v: %d running, want %d", asOf, len(got), len(want))
			}
			for id, p := range wantProgress {
				if progress[id] != p {
					t.Errorf("as of %v: progress of id %d = %+v, want %+v", asOf, id, progress[id], p)
				}
			}
			if len(progress) != len(wantProgress) {
				t.Errorf("as of %v: %d with progress, want %d", asOf, len(progress), len(wantProgress))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// plainRunning reads the experiments running at asOf, in number order,
// and their Progress, a query per experiment and per fact.
func plainRunning(t *testing.T, tx *sql.Tx, asOf time.Time) ([]experiments.Experiment, map[int64]experiments.Progress) {
	t.Helper()
	at := toMillis(asOf)
	rows, err := tx.Query(`SELECT id, number, deadline, launched_at, goal_id, metric, target_value, target_percent, target_at_most
		FROM experiments WHERE team = 'T1' AND channel = 'C1' AND launched_at <= ? AND (decided_at IS NULL OR decided_at > ?)
		ORDER BY number`, at, at)
	if err != nil {
		t.Fatal(err)
	}
	var list []experiments.Experiment
	for rows.Next() {
		e := experiments.Experiment{Team: "T1", Channel: "C1", Status: experiments.StatusRunning}
		var deadline sql.NullString
		var launched int64
		var goal sql.NullInt64
		if err := rows.Scan(&e.ID, &e.Number, &deadline, &launched, &goal, &e.Metric, &e.Target.Value, &e.Target.Percent, &e.Target.AtMost); err != nil {
			t.Fatal(err)
		}
		e.LaunchedAt, e.GoalID = fromMillis(launched), goal.Int64
		if e.Deadline, err = parseDate(deadline); err != nil {
			t.Fatal(err)
		}
		list = append(list, e)
	}
	rows.Close()
	progress := map[int64]experiments.Progress{}
	for i := range list {
		e := &list[i]
		var latest int64
		var onTrack bool
		var value, first sql.NullFloat64
		err := tx.QueryRow(`SELECT at, on_track, value FROM check_ins WHERE experiment_id = ? AND at <= ?
			ORDER BY at DESC, id DESC LIMIT 1`, e.ID, at).Scan(&latest, &onTrack, &value)
		if err == sql.ErrNoRows {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		err = tx.QueryRow(`SELECT value FROM check_ins WHERE experiment_id = ? AND at <= ? AND value IS NOT NULL
			ORDER BY at, id LIMIT 1`, e.ID, at).Scan(&first)
		if err != nil && err != sql.ErrNoRows {
			t.Fatal(err)
		}
		e.LastCheckInAt = fromMillis(latest)
		p := experiments.Progress{OnTrack: onTrack}
		if e.Target.Value != 0 && value.Valid {
			p.HasValue, p.Value = true, value.Float64
			if !e.Target.AtMost && first.Valid { // DecideCue reads it for a change and for "at least"
				p.HasFirst, p.First = true, first.Float64
			}
		}
		progress[e.ID] = p
	}
	return list, progress
}

// TestPackedFloatsReadBackExactly checks that a REAL rendered by quote(),
// as packed reads render numbers, reads back as the same float: random
// bit patterns, subnormals and huge numbers included.
func TestPackedFloatsReadBackExactly(t *testing.T) {
	db := mustOpen(t)
	rng := rand.New(rand.NewPCG(3, 5))
	floats := []float64{0, math.Copysign(0, -1), -0.5, 1e-9, 0.1, 1.0 / 3, 412, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1)}
	for range 5000 {
		floats = append(floats, math.Float64frombits(rng.Uint64()), rng.NormFloat64()*1e6, float64(rng.IntN(1e6))/100)
	}
	for _, f := range floats {
		if math.IsNaN(f) {
			continue // SQLite stores NaN as NULL
		}
		var text string
		if err := db.ro.QueryRow(`SELECT quote(?)`, f).Scan(&text); err != nil {
			t.Fatal(err)
		}
		p := packedRows{record: text, more: true}
		// Bit for bit, but for zero's sign: quote renders -0 as 0.0, as
		// SQLite stores an integral REAL (the sign of zero never survived).
		got, ok := p.float()
		if !ok || p.err != nil || (math.Float64bits(got) != math.Float64bits(f) && !(f == 0 && got == 0)) {
			t.Fatalf("%v renders as %s and reads back as %v, %v (%v)", f, text, got, ok, p.err)
		}
	}
}

// TestPackedRoundAgreesWithRows checks the packed read of a check-in round
// against a plain read, experiment by experiment: owners, titles and
// metrics with separators, quotes and accents; relative and absolute
// targets; check-ins with and without a value, on and off track; and the
// cue of each.
func TestPackedRoundAgreesWithRows(t *testing.T) {
	ctx, now := context.Background(), t0.Add(days(400))
	db := seededWith(t, SeedSpec{Experiments: 3000, CheckIns: 9000, Seed: 13, Now: now},
		`UPDATE experiments SET title = 'Try "carousel", ads; é ' || id WHERE id % 3 = 0`,
		`UPDATE experiments SET owner = 'U,;' || (id % 4) WHERE id % 5 = 0`,
		`UPDATE experiments SET metric = 'sign,ups; é' WHERE id % 4 = 0`,
		`UPDATE experiments SET metric = '' WHERE id % 4 = 1`,
		`UPDATE experiments SET target_percent = 1, target_value = id * 0.1 WHERE id % 3 = 0`,
		`UPDATE experiments SET deadline = NULL WHERE id % 6 = 0`,
		`UPDATE check_ins SET value = NULL WHERE id % 4 = 0`,
		`UPDATE check_ins SET on_track = 0 WHERE id % 5 = 0`,
		`UPDATE check_ins SET value = id * 7.0 WHERE id % 4 = 1`,
	)
	err := db.readBulk(ctx, "round", func(tx *sql.Tx) error {
		got, err := findRound(ctx, tx, "T1", "C1")
		if err != nil {
			return err
		}
		want := plainRound(t, tx)
		cues := 0
		for _, c := range want.Cues {
			if c != "" {
				cues++
			}
		}
		if len(want.Experiments) < 100 || cues < 10 {
			t.Fatalf("%d running, %d cues: seed more", len(want.Experiments), cues)
		}
		for i := range min(len(got.Experiments), len(want.Experiments)) {
			if !reflect.DeepEqual(got.Experiments[i], want.Experiments[i]) || got.Cues[i] != want.Cues[i] {
				t.Fatalf("experiment %d =\n%+v %q\nwant\n%+v %q", i, got.Experiments[i], got.Cues[i], want.Experiments[i], want.Cues[i])
			}
		}
		if len(got.Experiments) != len(want.Experiments) || len(got.Cues) != len(want.Cues) {
			t.Errorf("%d experiments and %d cues, want %d", len(got.Experiments), len(got.Cues), len(want.Experiments))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// plainRound reads a round's running experiments and cues, a query per
// experiment and per fact.
func plainRound(t *testing.T, tx *sql.Tx) experiments.CheckInRound {
	t.Helper()
	rows, err := tx.Query(`SELECT id, number, owner, title, metric, target_value, target_percent, target_at_most, deadline, launched_at
		FROM experiments WHERE team = 'T1' AND channel = 'C1' AND status = 'running' ORDER BY number`)
	if err != nil {
		t.Fatal(err)
	}
	var r experiments.CheckInRound
	for rows.Next() {
		e := experiments.Experiment{Team: "T1", Channel: "C1", Status: experiments.StatusRunning}
		var deadline sql.NullString
		var launched int64
		if err := rows.Scan(&e.ID, &e.Number, &e.Owner, &e.Title, &e.Metric, &e.Target.Value, &e.Target.Percent, &e.Target.AtMost, &deadline, &launched); err != nil {
			t.Fatal(err)
		}
		e.LaunchedAt = fromMillis(launched)
		if e.Deadline, err = parseDate(deadline); err != nil {
			t.Fatal(err)
		}
		r.Experiments = append(r.Experiments, e)
	}
	rows.Close()
	for i := range r.Experiments {
		e := &r.Experiments[i]
		var at int64
		var onTrack bool
		var last, first sql.NullFloat64
		err := tx.QueryRow(`SELECT at, on_track, value FROM check_ins WHERE experiment_id = ? ORDER BY at DESC, id DESC LIMIT 1`,
			e.ID).Scan(&at, &onTrack, &last)
		if err == sql.ErrNoRows {
			r.Cues = append(r.Cues, "")
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		err = tx.QueryRow(`SELECT value FROM check_ins WHERE experiment_id = ? AND value IS NOT NULL ORDER BY at, id LIMIT 1`,
			e.ID).Scan(&first)
		if err != nil && err != sql.ErrNoRows {
			t.Fatal(err)
		}
		e.LastCheckInAt = fromMillis(at)
		latest := experiments.CheckIn{OnTrack: onTrack}
		if last.Valid {
			latest.Value = &last.Float64
		}
		var base *float64
		if first.Valid {
			base = &first.Float64
		}
		cue, _ := experiments.DecideCue(*e, base, latest)
		r.Cues = append(r.Cues, cue)
	}
	return r
}

// TestPackedTextRefusesWhatIsNoHex checks that user text that does not
// decode fails the read.
func TestPackedTextRefusesWhatIsNoHex(t *testing.T) {
	p := packedRows{rest: "41zz", count: 0}
	if !p.next() {
		t.Fatal("no record")
	}
	p.text()
	if err := p.done(1); err == nil || !strings.Contains(err.Error(), "no hex") {
		t.Errorf("err = %v, want a field that is no hex", err)
	}
}

// TestSortRoundKeepsEachCueWithItsExperiment shuffles a round, as
// group_concat may return it, and checks that sortRound puts it back in
// number order with every cue beside its experiment.
func TestSortRoundKeepsEachCueWithItsExperiment(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	var r experiments.CheckInRound
	for n := 1; n <= 200; n++ {
		r.Experiments = append(r.Experiments, experiments.Experiment{ID: int64(n), Number: n})
		r.Cues = append(r.Cues, strconv.Itoa(n)+" cue")
	}
	rng.Shuffle(len(r.Experiments), func(i, j int) {
		r.Experiments[i], r.Experiments[j] = r.Experiments[j], r.Experiments[i]
		r.Cues[i], r.Cues[j] = r.Cues[j], r.Cues[i]
	})
	sortRound(&r)
	for i, e := range r.Experiments {
		if e.Number != i+1 || r.Cues[i] != strconv.Itoa(e.Number)+" cue" {
			t.Fatalf("place %d: #%d with cue %q", i, e.Number, r.Cues[i])
		}
	}
}

// seededWith returns a database holding spec's history in channel C1 of
// team T1 (four goals over a year before spec.Now), changed by stmts.
func seededWith(t *testing.T, spec SeedSpec, stmts ...string) *DB {
	t.Helper()
	db := mustOpen(t)
	spec.Team, spec.Channel, spec.Goals, spec.Span = "T1", "C1", 4, days(365)
	if err := db.Seed(context.Background(), spec); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range stmts {
		if _, err := db.rw.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	return db
}
