package storage

import (
	"context"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

// TestTargetDirectionRoundTrips: an "at most" target is stored and read
// back as such on experiments and goals, and through the digest's and the
// round's packed reads.
func TestTargetDirectionRoundTrips(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	low := experiments.Target{Value: 50, AtMost: true}
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "CPA", Status: experiments.StatusRunning,
		Metric: "cpa", Target: low, LaunchedAt: t0.Add(-48 * 3600e9)}
	mustCreate(t, db, &e)
	got, err := db.FindExperiment(ctx, "T1", e.Number)
	if err != nil || got.Target != low {
		t.Fatalf("FindExperiment target = %+v, %v; want %+v", got.Target, err, low)
	}
	g := experiments.Goal{Team: "T1", Channel: "C1", Title: "Cheaper leads", Metric: "cpa", Target: low, Author: "U1"}
	if err := db.CreateGoal(ctx, &g, nil); err != nil {
		t.Fatal(err)
	}
	if got, err := db.FindGoal(ctx, "T1", g.Number); err != nil || got.Target != low {
		t.Fatalf("FindGoal target = %+v, %v; want %+v", got.Target, err, low)
	}
	for _, v := range []float64{80, 45} {
		c := experiments.CheckIn{Author: "U1", At: t0.Add(-3600e9), OnTrack: true, Value: &v}
		if _, err := db.AddCheckIn(ctx, "T1", e.Number, &c, nil); err != nil {
			t.Fatal(err)
		}
	}
	r, err := db.CheckInRound(ctx, "T1", "C1", t0)
	if err != nil || len(r.Experiments) != 1 || r.Experiments[0].Target != low {
		t.Fatalf("round = %+v, %v; want the experiment with its target at most 50", r.Experiments, err)
	}
	if want := "45 logged, down to the target of at most 50"; r.Cues[0] != want {
		t.Errorf("round cue = %q, want %q", r.Cues[0], want)
	}
}
