package storage

import (
	"context"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/request"
)

// TestIdeaSkips: a skip hides an idea for its user alone, for a week, in
// its channel; skipping again moves its time; only ideas are skipped; a
// redelivered skip changes nothing.
func TestIdeaSkips(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	idea, other, elsewhere := fullExperiment(0), fullExperiment(0), fullExperiment(0)
	elsewhere.Channel = "C2"
	for _, e := range []*experiments.Experiment{&idea, &other, &elsewhere} {
		mustCreate(t, db, e)
	}
	got, at, err := db.SkipIdea(ctx, "T1", "U2", idea.Number)
	if err != nil || got.ID != idea.ID || !at.Equal(t0) {
		t.Fatalf("SkipIdea = #%d at %v, %v; want #%d at %v", got.Number, at, err, idea.Number, t0)
	}
	if _, _, err := db.SkipIdea(ctx, "T1", "U2", elsewhere.Number); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, channel, user string
		now                 time.Time
		want                int
	}{
		{"the skipper, at once", "C1", "U2", t0, 1},
		{"someone else", "C1", "U3", t0, 0},
		{"another channel's skip stays there", "C2", "U2", t0, 1},
		{"six days on", "C1", "U2", t0.AddDate(0, 0, 6), 1},
		{"a week on", "C1", "U2", t0.Add(experiments.IdeaSkip), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			skips, err := db.IdeaSkips(ctx, "T1", tt.channel, tt.user, tt.now)
			if err != nil || len(skips) != tt.want {
				t.Errorf("IdeaSkips = %v, %v; want %d", skips, err, tt.want)
			}
		})
	}

	later := t0.AddDate(0, 0, 5)
	setNow(db, later)
	if _, _, err := db.SkipIdea(ctx, "T1", "U2", idea.Number); err != nil {
		t.Fatal(err)
	}
	if skips, _ := db.IdeaSkips(ctx, "T1", "C1", "U2", t0.AddDate(0, 0, 10)); !skips[idea.ID].Equal(later) {
		t.Errorf("a second skip: %v, want the idea skipped at %v", skips, later)
	}

	running := fullExperiment(0)
	running.Status = experiments.StatusRunning
	mustCreate(t, db, &running)
	_, _, err = db.SkipIdea(ctx, "T1", "U2", running.Number)
	wantCode(t, err, experiments.ECONFLICT)
	_, _, err = db.SkipIdea(ctx, "T1", "U2", 404)
	wantCode(t, err, experiments.ENOTFOUND)

	keyed := request.WithDelivery(ctx, &request.Delivery{Keys: []string{"trigger:skip"}})
	if _, _, err := db.SkipIdea(keyed, "T1", "U4", other.Number); err != nil {
		t.Fatal(err)
	}
	again := request.WithDelivery(ctx, &request.Delivery{Keys: []string{"trigger:skip"}})
	_, _, err = db.SkipIdea(again, "T1", "U4", idea.Number)
	wantCode(t, err, experiments.EDUPLICATE)
	if n := count(t, db, `SELECT COUNT(*) FROM idea_skips WHERE user = 'U4'`); n != 1 {
		t.Errorf("U4 has %d skips after a redelivery, want 1", n)
	}
}

// TestIdeaSkipsGoWithTheirIdeaAndTheirWeek: a launched idea's skip no
// longer counts, and a new skip clears its user's skips that are over.
func TestIdeaSkipsGoWithTheirIdeaAndTheirWeek(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	a, b := fullExperiment(0), fullExperiment(0)
	mustCreate(t, db, &a)
	mustCreate(t, db, &b)
	if _, _, err := db.SkipIdea(ctx, "T1", "U2", a.Number); err != nil {
		t.Fatal(err)
	}
	if _, err := db.LaunchExperiment(ctx, "T1", a.Number, experiments.LaunchPlan{By: "U2"}, nil); err != nil {
		t.Fatal(err)
	}
	if skips, _ := db.IdeaSkips(ctx, "T1", "C1", "U2", t0); len(skips) != 0 {
		t.Errorf("the skip of a launched idea still counts: %v", skips)
	}
	setNow(db, t0.AddDate(0, 0, 8))
	if _, _, err := db.SkipIdea(ctx, "T1", "U2", b.Number); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM idea_skips`); n != 1 {
		t.Errorf("%d skips stored, want 1: the one that is over goes", n)
	}
}
