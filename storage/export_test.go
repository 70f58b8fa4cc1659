package storage

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

func TestExportExperiments(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	// T2 #1 in C1 (idea), T1 #1 in C1 (running, 2 check-ins), T1 #2 in C2
	// (decided, 1 check-in), T1 #3 in C1 (idea).
	mustCreate(t, db, &experiments.Experiment{Team: "T2", Channel: "C1", Owner: "U", Title: "t2"})
	for _, c := range []string{"C1", "C2"} {
		e := experiments.Experiment{Team: "T1", Channel: c, Owner: "U", Title: c, Status: experiments.StatusRunning}
		mustCreate(t, db, &e)
	}
	for i, n := range []int{1, 1, 2} {
		c := experiments.CheckIn{Author: "U", At: t0.AddDate(0, 0, 3-i), Note: fmt.Sprint(i)}
		if _, err := db.AddCheckIn(ctx, "T1", n, &c, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.DecideExperiment(ctx, "T1", 2, experiments.DecisionKeep, "", "U1", nil); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, db, &experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U", Title: "idea"})

	tests := []struct {
		name   string
		filter ExportFilter
		want   []string // team#number:notes of check-ins, oldest first
	}{
		{"everything", ExportFilter{}, []string{"T1#1:10", "T1#2:2", "T1#3:", "T2#1:"}},
		{"one channel", ExportFilter{Channel: ptr("C1")}, []string{"T1#1:10", "T1#3:", "T2#1:"}},
		{"one team", ExportFilter{Team: ptr("T2")}, []string{"T2#1:"}},
		{"empty channel", ExportFilter{Channel: ptr("C9")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			err := db.ExportExperiments(ctx, tt.filter, func(e ExportedExperiment) error {
				s := fmt.Sprintf("%s%s:", e.Team, e.Ref())
				for _, c := range e.CheckIns {
					s += c.Note
				}
				got = append(got, s)
				return nil
			})
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("export = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestExportStopsOnCallbackError(t *testing.T) {
	db := mustOpen(t)
	for range 3 {
		mustCreate(t, db, &experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U", Title: "x"})
	}
	stop := errors.New("disk full")
	calls := 0
	err := db.ExportExperiments(context.Background(), ExportFilter{}, func(ExportedExperiment) error {
		calls++
		return stop
	})
	if err != stop || calls != 1 {
		t.Errorf("export = %v after %d calls, want %v after 1", err, calls, stop)
	}
}

// TestExportParentIsTheNumber: a follow-up names its parent by number in
// its team, not by row id, which differs as soon as a second workspace
// shares the database.
func TestExportParentIsTheNumber(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for range 3 { // rows 1-3 are T2's, so T1 #1 is row 4
		mustCreate(t, db, &experiments.Experiment{Team: "T2", Channel: "C1", Owner: "U", Title: "other"})
	}
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U", Title: "x", Status: experiments.StatusRunning}
	mustCreate(t, db, &e)
	if _, _, err := db.IterateExperiment(ctx, "T1", e.Number, "so-so", "smaller", "U", experiments.Date{}, nil); err != nil {
		t.Fatal(err)
	}
	parents := map[string]int{}
	err := db.ExportExperiments(ctx, ExportFilter{Team: ptr("T1")}, func(x ExportedExperiment) error {
		parents[x.Ref()] = x.ParentNumber
		return nil
	})
	if want := map[string]int{"#1": 0, "#2": 1}; err != nil || !reflect.DeepEqual(parents, want) {
		t.Errorf("parents = %v, %v; want %v", parents, err, want)
	}
}

// TestExportGoalIsItsNumber: the goal an experiment serves is exported as
// its number in the team, read in the export's own snapshot.
func TestExportGoalIsItsNumber(t *testing.T) {
	db := mustOpen(t)
	mustGoal(t, db, "T2", "C1") // another team's G1 takes row id 1
	g := mustGoal(t, db, "T1", "C1")
	mustCreate(t, db, &experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U", Title: "x", GoalID: g.ID})
	team := "T1"
	var got []int
	err := db.ExportExperiments(context.Background(), ExportFilter{Team: &team}, func(x ExportedExperiment) error {
		got = append(got, x.GoalNumber)
		return nil
	})
	if err != nil || len(got) != 1 || got[0] != g.Number {
		t.Errorf("goal numbers = %v, %v; want [%d]", got, err, g.Number)
	}
}
