package storage

import (
	"context"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// TestSeed checks a small seeded history: the counts the spec asks for, the
// same rows for the same seed, every status present, and the team's
// counters advanced so a real experiment gets the next number.
func TestSeed(t *testing.T) {
	spec := SeedSpec{Team: "T1", Channel: "C1", Experiments: 300, CheckIns: 900, Goals: 4,
		Span: days(365), Now: t0, Seed: 3}
	fingerprints := make([]int, 2)
	for i := range fingerprints {
		db := mustOpen(t)
		if err := db.Seed(context.Background(), spec); err != nil {
			t.Fatalf("Seed: %v", err)
		}
		got := [3]int{count(t, db, `SELECT COUNT(*) FROM experiments`), count(t, db, `SELECT COUNT(*) FROM check_ins`),
			count(t, db, `SELECT COUNT(*) FROM goals`)}
		if want := [3]int{300, 900, 4}; got != want {
			t.Errorf("experiments, check-ins, goals = %v, want %v", got, want)
		}
		for _, s := range []string{"idea", "running", "decided"} {
			if count(t, db, `SELECT COUNT(*) FROM experiments WHERE status = ?`, s) == 0 {
				t.Errorf("no %s experiment seeded", s)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM check_ins c JOIN experiments e ON e.id = c.experiment_id
			WHERE c.at < e.launched_at OR c.at > COALESCE(e.decided_at, ?)`, toMillis(t0)); n > 0 {
			t.Errorf("%d check-ins outside their experiment's run", n)
		}
		e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "after the seed", CreatedAt: t0.Add(time.Hour)}
		mustCreate(t, db, &e)
		if e.Number != 301 {
			t.Errorf("first experiment after the seed is #%d, want #301", e.Number)
		}
		fingerprints[i] = count(t, db, `SELECT SUM(created_at % 1000003 + number * COALESCE(decided_at, 7) % 1000003) FROM experiments`)
	}
	if fingerprints[0] != fingerprints[1] {
		t.Errorf("the same seed wrote different rows: fingerprints %v", fingerprints)
	}
}
