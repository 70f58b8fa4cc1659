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
		e := experiments.Experiment{Team: "T1", Channel: channel, Owner: owner, Title: owner + " in " + channel, Status: status}
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
	if want := []string{"U2", "U4"}; !reflect.DeepEqual(away, want) {
		t.Errorf("away = %v, want %v (this team's, not yet back)", away, want)
	}
}
