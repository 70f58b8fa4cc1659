package storage

import (
	"context"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// logGoal logs value on goal number of team T1 at at, failing the test on
// an error.
func logGoal(tb testing.TB, db *DB, number int, value float64, at time.Time) experiments.GoalValue {
	tb.Helper()
	v := experiments.GoalValue{Value: value, By: "U1", At: at}
	if _, err := db.LogGoalValue(context.Background(), "T1", number, &v); err != nil {
		tb.Fatalf("LogGoalValue(G%d, %v): %v", number, value, err)
	}
	return v
}

func TestLogGoalValue(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	g := mustGoal(t, db, "T1", "C1")
	v := experiments.GoalValue{Value: 4300, Note: "after the launch email", By: "U2"}
	got, err := db.LogGoalValue(ctx, "T1", g.Number, &v)
	if err != nil || got.ID != g.ID || v.ID == 0 || v.GoalID != g.ID || !v.At.Equal(t0) {
		t.Fatalf("LogGoalValue = %+v, %v; value %+v: want the goal, an ID and now", got, err, v)
	}
	records, err := db.GoalRecords(ctx, "T1", "C1", t0)
	if err != nil {
		t.Fatal(err)
	}
	if r := records[g.ID].Values; r.Count != 1 || r.First != v || r.Latest != v {
		t.Errorf("values = %+v, want %+v first and latest", r, v)
	}

	t.Run("unknown goal", func(t *testing.T) {
		_, err := db.LogGoalValue(ctx, "T1", 99, &experiments.GoalValue{Value: 1, By: "U1"})
		if experiments.ErrorCode(err) != experiments.ENOTFOUND {
			t.Errorf("err = %v, want not found", err)
		}
	})
	t.Run("closed goal stores nothing", func(t *testing.T) {
		closed := mustGoal(t, db, "T1", "C1")
		if _, err := db.CloseGoal(ctx, "T1", closed.Number, "U1", "", nil); err != nil {
			t.Fatal(err)
		}
		_, err := db.LogGoalValue(ctx, "T1", closed.Number, &experiments.GoalValue{Value: 1, By: "U1"})
		if experiments.ErrorCode(err) != experiments.ECONFLICT {
			t.Errorf("err = %v, want a conflict", err)
		}
		var n int
		if err := db.rw.QueryRow(`SELECT COUNT(*) FROM goal_values WHERE goal_id = ?`, closed.ID).Scan(&n); err != nil || n != 0 {
			t.Errorf("%d values stored (%v), want none", n, err)
		}
	})
}

// The latest of a goal's values is the one logged last, then the one
// stored last on a tie: two values in the same second (the same
// millisecond even) have one latest, and the plan reads the same one in
// every zone.
func TestGoalValuesLatestIsDeterministic(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	g := experiments.Goal{Team: "T1", Channel: "C1", Title: "Grow subscribers", Metric: "subscribers",
		Target: experiments.Target{Value: 6000}, CreatedAt: t0.AddDate(0, 0, -30)}
	if err := db.CreateGoal(ctx, &g, nil); err != nil {
		t.Fatal(err)
	}
	first := logGoal(t, db, g.Number, 3000, t0.AddDate(0, 0, -13))
	same := t0.Add(-time.Hour)
	logGoal(t, db, g.Number, 4400, same)
	last := logGoal(t, db, g.Number, 4300, same)
	logGoal(t, db, g.Number, 9999, t0.Add(time.Hour)) // after asOf

	records, err := db.GoalRecords(ctx, "T1", "C1", t0)
	if err != nil {
		t.Fatal(err)
	}
	v := records[g.ID].Values
	if v.Count != 3 || v.First != first || v.Latest != last {
		t.Fatalf("values = %+v, want 3 by asOf, first %+v, latest %+v", v, first, last)
	}
	f, err := db.LoadPlan(ctx, "T1", "C1", t0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, zone := range []string{"UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		plan := experiments.Plan(f, t0, loc)
		if len(plan) != 1 || plan[0].Progress.Latest != 4300 || plan[0].Progress.Start != 3000 {
			t.Errorf("%s: plan = %+v, want latest 4300 from 3000", zone, plan)
		}
	}
}

// A goal with its own values reads no experiment's readings; one without
// reads them, to list beside the hint to log its own.
func TestGoalRecordsReadingsOnlyWithoutValues(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	var goals [2]experiments.Goal
	for i := range goals {
		goals[i] = experiments.Goal{Team: "T1", Channel: "C1", Title: "Grow", Metric: "signups", CreatedAt: t0.AddDate(0, 0, -30)}
		if err := db.CreateGoal(ctx, &goals[i], nil); err != nil {
			t.Fatal(err)
		}
		planExperiment(t, db, goals[i].ID, "signups", t0.AddDate(0, 0, -20), []planValue{{t0.AddDate(0, 0, -1), fptr(640)}}, "", time.Time{})
	}
	logGoal(t, db, goals[0].Number, 4300, t0.AddDate(0, 0, -2))
	records, err := db.GoalRecords(ctx, "T1", "C1", t0)
	if err != nil {
		t.Fatal(err)
	}
	if r := records[goals[0].ID]; r.Values.Count != 1 || len(r.Readings) != 0 {
		t.Errorf("goal with a value: %+v, want its value and no readings", r)
	}
	if r := records[goals[1].ID]; r.Values.Count != 0 || len(r.Readings) != 1 || r.Readings[0].Value != 640 {
		t.Errorf("goal with no value: %+v, want the experiment's 640", r)
	}
}

func TestGoalStartRoundTrip(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	g := mustGoal(t, db, "T1", "C1")
	if g.HasStart {
		t.Fatalf("new goal %+v has a start", g)
	}
	for _, start := range []float64{3000, 0, -12.5} {
		if _, err := db.UpdateGoal(ctx, "T1", g.Number, "U2", experiments.GoalUpdate{Start: &start}, nil); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindGoal(ctx, "T1", g.Number)
		if err != nil || !got.HasStart || got.Start != start {
			t.Errorf("FindGoal = %+v, %v; want start %v", got, err, start)
		}
	}
}
