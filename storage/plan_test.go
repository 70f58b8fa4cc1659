package storage

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// planExperiment launches an experiment serving goal with metric at
// launched, logs values (a nil value is a note alone) and decides it with
// d at decided unless d is none.
func planExperiment(tb testing.TB, db *DB, goal int64, metric string, launched time.Time, values []planValue, d experiments.Decision, decided time.Time) experiments.Experiment {
	tb.Helper()
	ctx := context.Background()
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "x", Metric: metric, GoalID: goal, CreatedAt: launched}
	mustCreate(tb, db, &e)
	setNow(db, launched)
	defer setNow(db, t0)
	e, err := db.LaunchExperiment(ctx, "T1", e.Number, experiments.LaunchPlan{}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for _, v := range values {
		ci := experiments.CheckIn{Author: "U1", At: v.at, Value: v.value, Note: "n", OnTrack: true}
		if _, err := db.AddCheckIn(ctx, "T1", e.Number, &ci, nil); err != nil {
			tb.Fatal(err)
		}
	}
	if d != experiments.DecisionNone {
		decideAt(tb, db, e, d, decided)
	}
	return e
}

type planValue struct {
	at    time.Time
	value *float64
}

// TestLoadPlan reads a plan's facts on real SQLite as of an instant: the
// goals (one with no deadline), the running experiments, the decisions by
// verdict and the latest of each, and the readings, whose search pages
// past running and decided experiments with no value of the goal's metric.
func TestLoadPlan(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	asOf := t0
	hour := func(n int) time.Time { return asOf.Add(time.Duration(n) * time.Hour) }
	g1 := experiments.Goal{Team: "T1", Channel: "C1", Title: "Double signups", Metric: "Signups",
		Target: experiments.Target{Value: 1000}, Deadline: experiments.Date{Year: 2025, Month: 6, Day: 1}, Author: "U1", CreatedAt: hour(-1000)}
	g2 := experiments.Goal{Team: "T1", Channel: "C1", Title: "More visits", Metric: "visits", Author: "U1", CreatedAt: hour(-1000)}
	for _, g := range []*experiments.Goal{&g1, &g2} {
		if err := db.CreateGoal(ctx, g, nil); err != nil {
			t.Fatal(err)
		}
	}
	// Running: the latest value, 17½ hours ago, then a note alone; one
	// logged after asOf.
	early := planExperiment(t, db, g1.ID, "signups", hour(-500), []planValue{{hour(-18).Add(30 * time.Minute), fptr(300)}, {hour(-17), nil}}, "", time.Time{})
	planExperiment(t, db, g1.ID, "signups", hour(-500), []planValue{{hour(5), fptr(900)}}, "", time.Time{})
	// 16 running with notes alone since: pages of the running to read past.
	for i := 1; i <= 16; i++ {
		planExperiment(t, db, g1.ID, "signups", hour(-500), []planValue{{hour(-i), nil}}, "", time.Time{})
	}
	// 17 decided last, with no value of the goal's metric: pages of them.
	var kills []int
	for i := 1; i <= 17; i++ {
		metric := "signups"
		var values []planValue
		if i%4 == 0 {
			metric, values = "revenue", []planValue{{hour(-i - 1), fptr(9999)}}
		}
		e := planExperiment(t, db, g1.ID, metric, hour(-400), values, experiments.DecisionKill, hour(-i))
		kills = append(kills, e.Number)
	}
	// A value logged 19 hours ago on one decided 18 hours ago, after all
	// those pages.
	kept := planExperiment(t, db, g1.ID, "SIGNUPS ", hour(-400), []planValue{{hour(-19), fptr(420)}}, experiments.DecisionKeep, hour(-18))
	// Decided after asOf: running then.
	later := planExperiment(t, db, g1.ID, "signups", hour(-400), nil, experiments.DecisionKeep, hour(3))

	f, err := db.LoadPlan(ctx, "T1", "C1", asOf, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Goals) != 2 || f.Goals[1].Deadline != (experiments.Date{}) {
		t.Fatalf("goals = %+v, want G1 and G2 with no deadline", f.Goals)
	}
	var running []int
	for _, e := range f.Running {
		running = append(running, e.Number)
	}
	if !slices.Contains(running, early.Number) || !slices.Contains(running, later.Number) || len(running) != 19 {
		t.Errorf("running = %v, want the two running and #%d, decided after asOf", running, later.Number)
	}
	r := f.Records[g1.ID]
	if r.Decided[experiments.DecisionKill] != 17 || r.Decided[experiments.DecisionKeep] != 1 {
		t.Errorf("decided = %v, want 17 kill, 1 keep", r.Decided)
	}
	wantKills := []int{kills[0], kills[1], kills[2]} // decided 1, 2, 3 hours ago
	if got := r.Latest[experiments.DecisionKill]; !slices.Equal(got, wantKills) {
		t.Errorf("latest kills = %v, want %v", got, wantKills)
	}
	got, ok := experiments.LatestReading(r.Readings, g1.Metric, asOf)
	if !ok || got.Number != early.Number || got.Value != 300 {
		t.Errorf("reading = %+v (%v) of %d readings, want #%d's 300", got, ok, len(r.Readings), early.Number)
	}
	if !slices.ContainsFunc(r.Readings, func(x experiments.Reading) bool { return x.Number == kept.Number && x.Value == 420 }) {
		t.Errorf("readings = %+v, want #%d's 420 read too: decided 18 hours ago, it could hold a later value", r.Readings, kept.Number)
	}
	if r2 := f.Records[g2.ID]; len(r2.Readings) != 0 || r2.Decided[experiments.DecisionKeep]+r2.Decided[experiments.DecisionKill] != 0 {
		t.Errorf("G2 record = %+v, want none", r2)
	}

	d := loadDigest(t, db, asOf, 8)
	if r := d.Records[g1.ID]; r.Decided[experiments.DecisionKeep] != 1 || r.Decided[experiments.DecisionKill] != 0 || r.Latest != nil {
		t.Errorf("the digest's record of G1 = %+v, want the keeps alone", r)
	}

	plan := experiments.Plan(f, asOf, time.UTC)
	if len(plan) != 2 || plan[0].Goal.ID != g1.ID || plan[1].HasDeadline {
		t.Fatalf("plan = %+v, want G1 first, G2 with no deadline last", plan)
	}
	if p := plan[0]; !p.HasReading || p.Reading.Value != 300 || p.Kept != 1 || p.Killed != 17 {
		t.Errorf("G1 plan = %+v", p)
	}
}

// TestLoadPlanQueryPlans checks that the plan's reads of a goal's
// decisions use the indexes of migration 0012.
func TestLoadPlanQueryPlans(t *testing.T) {
	db := mustOpen(t)
	for _, q := range []struct{ name, query, index string }{
		{"decided", goalDecidedQuery, "experiments_decided_by_goal (goal_id=? AND decision=? AND decided_at<?)"},
		{"latest", goalLatestQuery, "experiments_decided_by_goal (goal_id=? AND decision=? AND decided_at<?)"},
		{"page", goalDecidedPage, "experiments_decided_by_goal_time (goal_id=? AND decided_at<?)"},
	} {
		plan := queryPlan(t, db, q.query)
		if !strings.Contains(plan, "USING COVERING INDEX "+q.index) {
			t.Errorf("%s: plan %q, want the covering index %s", q.name, plan, q.index)
		}
	}
}
