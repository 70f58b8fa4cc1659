package storage

import (
	"context"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// TestCheckInSampleRoundTrips: a rate check-in's counts, with and without
// a control, read back as logged; a plain value has none.
func TestCheckInSampleRoundTrips(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t)
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "Subject lines", Status: experiments.StatusRunning}
	mustCreate(t, db, &e)
	samples := []*experiments.Sample{
		{Variant: experiments.Arm{Successes: 42, Trials: 1000}, Control: experiments.Arm{Successes: 31, Trials: 1000}},
		{Variant: experiments.Arm{Successes: 7, Trials: 120}},
		nil,
	}
	for i, s := range samples {
		v := 1.0
		c := experiments.CheckIn{Author: "U1", At: t0.Add(-3600e9).Add(int64ToDuration(i)), OnTrack: true, Value: &v, Sample: s}
		if _, err := db.AddCheckIn(ctx, "T1", e.Number, &c, nil); err != nil {
			t.Fatal(err)
		}
	}
	list, err := db.ListCheckIns(ctx, e.ID, 0)
	if err != nil || len(list) != 3 {
		t.Fatalf("ListCheckIns = %d, %v", len(list), err)
	}
	for i, c := range list { // newest first
		want := samples[len(samples)-1-i]
		if (c.Sample == nil) != (want == nil) || (want != nil && *c.Sample != *want) {
			t.Errorf("check-in %d: sample %+v, want %+v", i, c.Sample, want)
		}
	}
}

func int64ToDuration(i int) time.Duration { return time.Duration(i) * time.Second }
