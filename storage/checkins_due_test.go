package storage

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

func TestCheckInRound(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	mk := func(channel, owner string, status experiments.Status) experiments.Experiment {
		e := experiments.Experiment{Team: "T1", Channel: channel, Owner: owner, Title: owner + " in " + channel, Status: status,
			Metric: "signups", Target: experiments.Target{Value: 20, Percent: true}, Deadline: experiments.Date{Year: 2026, Month: 6, Day: 12}}
		mustCreate(t, db, &e)
		return e
	}
	a := mk("C1", "U1", experiments.StatusRunning)
	mk("C1", "U2", experiments.StatusIdea)
	b := mk("C1", "U2", experiments.StatusRunning)
	mk("C2", "U1", experiments.StatusRunning)
	if _, err := db.AddCheckIn(ctx, "T1", a.Number, &experiments.CheckIn{Author: "U1", At: t0.Add(-time.Hour), OnTrack: true}, nil); err != nil {
		t.Fatal(err)
	}
	for user, until := range map[string]time.Time{"U2": t0.Add(time.Hour), "U3": t0.Add(-time.Minute), "U4": t0.Add(48 * time.Hour)} {
		if err := db.SetAway(ctx, "T1", user, until); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.SetAway(ctx, "T9", "U5", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}

	running, away, err := db.CheckInRound(ctx, "T1", "C1", t0)
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, e := range running {
		got = append(got, e.Number)
	}
	if want := []int{a.Number, b.Number}; !reflect.DeepEqual(got, want) {
		t.Errorf("running = %v, want %v (this channel's running ones, in number order)", got, want)
	}
	if len(running) > 0 && !running[0].LastCheckInAt.Equal(t0.Add(-time.Hour)) {
		t.Errorf("LastCheckInAt = %v, want %v", running[0].LastCheckInAt, t0.Add(-time.Hour))
	}
	// The round reads only what the DM shows; that much must be there.
	for i, want := range []experiments.Experiment{a, b} {
		if i >= len(running) {
			break
		}
		got := running[i]
		if got.ID != want.ID || got.Team != want.Team || got.Channel != want.Channel || got.Owner != want.Owner ||
			got.Title != want.Title || got.Metric != want.Metric || got.Target != want.Target ||
			got.Deadline != want.Deadline || got.Status != want.Status || !got.LaunchedAt.Equal(want.LaunchedAt) {
			t.Errorf("running[%d] = %+v, want what the DM shows of %+v", i, got, want)
		}
	}
	if want := []string{"U2", "U4"}; !reflect.DeepEqual(away, want) {
		t.Errorf("away = %v, want %v (this team's, not yet back)", away, want)
	}
}
