package storage

import (
	"context"
	"reflect"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

func TestGoalRoundTrip(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	tests := []struct {
		name string
		g    experiments.Goal
	}{
		{"every field", experiments.Goal{
			Team: "T1", Channel: "C1", Title: "Double signups", Metric: "signups",
			Target: experiments.Target{Value: 100, Percent: true}, Deadline: experiments.Date{Year: 2025, Month: 6, Day: 30},
			Author: "U1", CreatedAt: t0.AddDate(0, -1, 0),
		}},
		{"absolute target", experiments.Goal{Team: "T1", Channel: "C1", Title: "500 users", Target: experiments.Target{Value: 500}}},
		{"bare", experiments.Goal{Team: "T1", Channel: "C1", Title: "Bare"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := tt.g
			var notified experiments.Goal
			err := db.CreateGoal(ctx, &g, func(x experiments.Goal) []experiments.OutboxMessage {
				notified = x
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if g.ID == 0 || g.Number == 0 || g.CreatedAt.IsZero() || !reflect.DeepEqual(notified, g) {
				t.Fatalf("created goal %+v (notified %+v): want ID, Number, CreatedAt set and notified", g, notified)
			}
			got, err := db.FindGoal(ctx, "T1", g.Number)
			if err != nil || !reflect.DeepEqual(got, g) {
				t.Errorf("FindGoal = %+v, %v\nwant %+v", got, err, g)
			}
			byID, err := db.FindGoalByID(ctx, g.ID)
			if err != nil || !reflect.DeepEqual(byID, g) {
				t.Errorf("FindGoalByID = %+v, %v\nwant %+v", byID, err, g)
			}
		})
	}
}

func TestListGoalsOpenInChannel(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	g1 := mustGoal(t, db, "T1", "C1")
	mustGoal(t, db, "T1", "C2")
	g3 := mustGoal(t, db, "T1", "C1")
	g4 := mustGoal(t, db, "T1", "C1")
	mustGoal(t, db, "T2", "C1")
	closed, err := db.CloseGoal(ctx, "T1", g3.Number, "U2", "", nil)
	if err != nil || !closed.Closed {
		t.Fatalf("CloseGoal = %+v, %v; want closed", closed, err)
	}
	list, err := db.ListGoals(ctx, "T1", "C1")
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, g := range list {
		got = append(got, g.Number)
	}
	if want := []int{g1.Number, g4.Number}; !reflect.DeepEqual(got, want) {
		t.Errorf("ListGoals numbers = %v, want %v", got, want)
	}
}

func TestFailedCreateGoalLeavesNothing(t *testing.T) {
	db := mustOpen(t)
	g := experiments.Goal{Team: "T1", Channel: "C1", Title: "x"}
	err := db.CreateGoal(context.Background(), &g, func(experiments.Goal) []experiments.OutboxMessage {
		return []experiments.OutboxMessage{{Team: "T1"}} // no kind: the insert fails
	})
	if err == nil {
		t.Fatal("CreateGoal with a failing message succeeded, want an error")
	}
	for _, q := range []string{`SELECT COUNT(*) FROM goals`, `SELECT COUNT(*) FROM outbox`, `SELECT COUNT(*) FROM numbers`} {
		if got := count(t, db, q); got != 0 {
			t.Errorf("%s = %d after a failed create, want 0", q, got)
		}
	}
}
