package storage

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// SeedSpec describes a synthetic history of one channel: how many
// experiments and check-ins, spread over how long before Now. The same spec
// always writes the same rows, since every random choice comes from Seed.
type SeedSpec struct {
	Team, Channel string
	Experiments   int           // experiments over Span, in every status
	CheckIns      int           // check-ins over the launched experiments
	Goals         int           // goals, one in four still open
	Span          time.Duration // how far back the history starts
	Now           time.Time     // the end of the history
	Seed          uint64        // the seed of the random choices
}

// The shape of a seeded history, picked to stress the digest: a backlog of
// ideas, a few stale running experiments in the old history, and most of
// the rest decided.
const (
	seedIdeaShare       = 0.06 // experiments still ideas
	seedNewShare        = 0.7  // launched at once with `new`, no planning lag
	seedRecentDays      = 21   // launched this recently: most are still running
	seedRecentRunning   = 0.8  // of the recent ones, still running
	seedStaleRunning    = 0.01 // of the older ones, never decided (overdue)
	seedGoalShare       = 0.6  // experiments that serve a goal
	seedMaxDecisionDays = 30   // from launch to decision, at most (at least a day)
)

// Seed writes spec's synthetic history in one transaction, fast enough for
// a benchmark to build 50,000 experiments and 500,000 check-ins in seconds.
// It is meant for benchmarks and demonstrations, never for a live
// workspace: it numbers its rows from the team's counters but does not
// announce anything.
func (db *DB) Seed(ctx context.Context, spec SeedSpec) error {
	g := newSeeder(spec)
	return db.write(ctx, "seed", func(tx *sql.Tx) error {
		goals, err := g.insertGoals(ctx, tx)
		if err != nil {
			return err
		}
		launched, err := g.insertExperiments(ctx, tx, goals)
		if err != nil {
			return err
		}
		return g.insertCheckIns(ctx, tx, launched)
	})
}

// seeder holds the random source and the spec while a history is written.
type seeder struct {
	spec  SeedSpec
	rng   *rand.Rand
	start time.Time
}

// seededSpan is an experiment's launch and its end (decision or now), for
// placing its check-ins.
type seededSpan struct {
	id       int64
	from, to int64 // milliseconds
}

// newSeeder returns a seeder whose random choices all follow spec.Seed.
func newSeeder(spec SeedSpec) *seeder {
	return &seeder{spec: spec, rng: rand.New(rand.NewPCG(spec.Seed, spec.Seed^0x9e3779b97f4a7c15)),
		start: spec.Now.Add(-spec.Span)}
}

// insertGoals writes the goals and returns their ids.
func (g *seeder) insertGoals(ctx context.Context, tx *sql.Tx) ([]int64, error) {
	ids := make([]int64, 0, g.spec.Goals)
	for i := range g.spec.Goals {
		n, err := nextNumber(ctx, tx, g.spec.Team, "goal")
		if err != nil {
			return nil, err
		}
		var id int64
		err = tx.QueryRowContext(ctx, `INSERT INTO goals (team, number, channel, title, metric,
			target_value, author, closed, created_at) VALUES (?, ?, ?, ?, 'signups', 1000, 'U1', ?, ?) RETURNING id`,
			g.spec.Team, n, g.spec.Channel, fmt.Sprintf("Goal %d: grow %s", n, seedWord(g.rng)),
			i%4 != 0, toMillis(g.start)).Scan(&id)
		if err != nil {
			return nil, fmt.Errorf("seed goal: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// insertExperiments writes the experiments through one prepared statement
// and returns the spans of those launched.
func (g *seeder) insertExperiments(ctx context.Context, tx *sql.Tx, goals []int64) ([]seededSpan, error) {
	if g.spec.Experiments <= 0 {
		return nil, nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO experiments (team, number, channel, owner, title,
		metric, target_value, deadline, goal_id, ice_i, ice_c, ice_e, status, decision, learning,
		created_at, launched_at, decided_at, lever) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING id`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	first, err := g.reserveNumbers(ctx, tx, "experiment", g.spec.Experiments)
	if err != nil {
		return nil, err
	}
	spans := make([]seededSpan, 0, g.spec.Experiments)
	for i, created := range g.createdTimes() {
		r := g.experiment(first+i, created, goals)
		var id int64
		if err := stmt.QueryRowContext(ctx, r.args(g.spec)...).Scan(&id); err != nil {
			return nil, fmt.Errorf("seed experiment: %w", err)
		}
		if r.launched != 0 {
			spans = append(spans, seededSpan{id: id, from: r.launched, to: r.end(g.spec.Now)})
		}
	}
	return spans, nil
}

// createdTimes draws the creation times of the experiments, uniform over
// the span and in order, as numbers are handed out in time order.
func (g *seeder) createdTimes() []int64 {
	from, to := toMillis(g.start), toMillis(g.spec.Now)
	times := make([]int64, g.spec.Experiments)
	for i := range times {
		times[i] = from + g.rng.Int64N(to-from+1)
	}
	slices.Sort(times)
	return times
}

// reserveNumbers advances the team's counter of kind by n (> 0) and
// returns the first number reserved.
func (g *seeder) reserveNumbers(ctx context.Context, tx *sql.Tx, kind string, n int) (int, error) {
	var last int
	err := tx.QueryRowContext(ctx, `INSERT INTO numbers (team, kind, last) VALUES (?, ?, ?)
		ON CONFLICT (team, kind) DO UPDATE SET last = last + excluded.last RETURNING last`,
		g.spec.Team, kind, n).Scan(&last)
	return last - n + 1, err
}

// insertCheckIns writes the check-ins, each on a random launched
// experiment at a random time while it ran.
func (g *seeder) insertCheckIns(ctx context.Context, tx *sql.Tx, spans []seededSpan) error {
	if len(spans) == 0 {
		return nil
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO check_ins (experiment_id, author, at, value, note, on_track)
		VALUES (?, 'U1', ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for range g.spec.CheckIns {
		s := spans[g.rng.IntN(len(spans))]
		at := s.from + g.rng.Int64N(s.to-s.from+1)
		if _, err := stmt.ExecContext(ctx, s.id, at, g.rng.Float64()*1000, seedWord(g.rng), g.rng.IntN(4) != 0); err != nil {
			return fmt.Errorf("seed check-in: %w", err)
		}
	}
	return nil
}
