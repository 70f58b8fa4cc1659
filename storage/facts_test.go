package storage

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// launchAt creates an idea at created and launches it at launched, in
// channel C1 of team T1.
func launchAt(tb testing.TB, db *DB, channel string, created, launched time.Time) experiments.Experiment {
	tb.Helper()
	e := experiments.Experiment{Team: "T1", Channel: channel, Owner: "U1", Title: "x", CreatedAt: created}
	mustCreate(tb, db, &e)
	setNow(db, launched)
	defer setNow(db, t0)
	e, err := db.LaunchExperiment(context.Background(), "T1", e.Number, experiments.LaunchPlan{DefaultDeadline: experiments.Date{}}, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

func decideAt(tb testing.TB, db *DB, e experiments.Experiment, d experiments.Decision, at time.Time) {
	tb.Helper()
	setNow(db, at)
	defer setNow(db, t0)
	if _, err := db.DecideExperiment(context.Background(), "T1", e.Number, d, "", "U1", nil); err != nil {
		tb.Fatal(err)
	}
}

// TestLoadFactsWindow varies only how long ago an experiment was launched
// and decided: the look-back window is 90 days.
func TestLoadFactsWindow(t *testing.T) {
	tests := []struct {
		name string
		ago  time.Duration
		want int
	}{
		{"yesterday", days(1), 1},
		{"63 days ago, inside the trend window", days(63), 1},
		{"exactly 90 days ago", days(90), 1},
		{"a minute over 90 days ago", days(90) + time.Minute, 0},
		{"a year ago", days(365), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpen(t)
			at := t0.Add(-tt.ago)
			e := launchAt(t, db, "C1", at, at)
			decideAt(t, db, e, experiments.DecisionKeep, at)
			f, err := db.LoadFacts(context.Background(), "T1", "C1", t0)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Launches) != tt.want || len(f.Decisions) != tt.want {
				t.Errorf("launches %d, decisions %d; want %d each", len(f.Launches), len(f.Decisions), tt.want)
			}
		})
	}
}

func TestLoadFacts(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	settings := experiments.ChannelSettings{Team: "T1", Channel: "C1", QuietAfterDays: 2, IdeaStaleDays: 3, ExperimentDays: 4, TempoTarget: 5}
	if err := db.SaveChannelSettings(ctx, settings); err != nil {
		t.Fatal(err)
	}
	goal := mustGoal(t, db, "T1", "C1")
	closedGoal := mustGoal(t, db, "T1", "C1")
	if _, err := db.CloseGoal(ctx, "T1", closedGoal.Number, "U1", "", nil); err != nil {
		t.Fatal(err)
	}
	mustGoal(t, db, "T1", "C2")

	old := launchAt(t, db, "C1", t0.Add(-days(200)), t0.Add(-days(150)))   // #1: outside the window
	decideAt(t, db, old, experiments.DecisionKeep, t0.Add(-days(120)))     //
	killed := launchAt(t, db, "C1", t0.Add(-days(100)), t0.Add(-days(80))) // #2: launched and decided inside
	if _, err := db.UpdateExperiment(ctx, "T1", killed.Number, experiments.ExperimentUpdate{Deadline: &experiments.Date{Year: 2025, Month: 2, Day: 1}}, nil); err != nil {
		t.Fatal(err)
	}
	decideAt(t, db, killed, experiments.DecisionKill, t0.Add(-days(10)))
	running := launchAt(t, db, "C1", t0.Add(-days(6)), t0.Add(-days(5))) // #3: running, two check-ins
	for _, d := range []int{4, 2} {
		c := experiments.CheckIn{Author: "U1", At: t0.Add(-days(d))}
		if _, err := db.AddCheckIn(ctx, "T1", running.Number, &c, nil); err != nil {
			t.Fatal(err)
		}
	}
	idea := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "idea"} // #4
	mustCreate(t, db, &idea)
	launchAt(t, db, "C2", t0.Add(-days(1)), t0.Add(-days(1))) // #5: another channel

	f, err := db.LoadFacts(ctx, "T1", "C1", t0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(f.Settings, settings) {
		t.Errorf("Settings = %+v, want %+v", f.Settings, settings)
	}
	if len(f.Running) != 1 || f.Running[0].Number != running.Number || !f.Running[0].LastCheckInAt.Equal(t0.Add(-days(2))) {
		t.Errorf("Running = %+v, want #%d with LastCheckInAt %v", f.Running, running.Number, t0.Add(-days(2)))
	}
	if len(f.Ideas) != 1 || f.Ideas[0].Number != idea.Number {
		t.Errorf("Ideas = %+v, want #%d", f.Ideas, idea.Number)
	}
	if len(f.Goals) != 1 || f.Goals[0].ID != goal.ID {
		t.Errorf("Goals = %+v, want only G%d", f.Goals, goal.Number)
	}
	wantLaunches := []experiments.LaunchFact{
		{CreatedAt: t0.Add(-days(100)), LaunchedAt: t0.Add(-days(80))},
		{CreatedAt: t0.Add(-days(6)), LaunchedAt: t0.Add(-days(5))},
	}
	if !reflect.DeepEqual(f.Launches, wantLaunches) {
		t.Errorf("Launches = %+v\nwant %+v", f.Launches, wantLaunches)
	}
	wantDecisions := []experiments.DecisionFact{{
		Decision: experiments.DecisionKill, LaunchedAt: t0.Add(-days(80)), DecidedAt: t0.Add(-days(10)),
		Deadline: experiments.Date{Year: 2025, Month: 2, Day: 1},
	}}
	if !reflect.DeepEqual(f.Decisions, wantDecisions) {
		t.Errorf("Decisions = %+v\nwant %+v", f.Decisions, wantDecisions)
	}
}

func TestLoadFactsDefaultsSettings(t *testing.T) {
	db := mustOpen(t)
	f, err := db.LoadFacts(context.Background(), "T1", "C1", t0)
	if want := experiments.DefaultChannelSettings("T1", "C1"); err != nil || !reflect.DeepEqual(f.Settings, want) {
		t.Errorf("Settings of a new channel = %+v, %v; want %+v", f.Settings, err, want)
	}
}
