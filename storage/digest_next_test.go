package storage

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// TestLoadDigestProgressAsOfWeekEnd reads a past week's Progress: the
// latest check-in by the week's end (not the one since), and the first
// value logged, the baseline of a relative target.
func TestLoadDigestProgressAsOfWeekEnd(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	end := time.Date(2025, 3, 9, 23, 59, 59, 999_000_000, time.UTC) // the end of 2025-W10
	e := launchAt(t, db, "C1", end.Add(-days(20)), end.Add(-days(20)))
	target := experiments.Target{Value: 20, Percent: true}
	if _, err := db.UpdateExperiment(ctx, "T1", e.Number, experiments.ExperimentUpdate{By: "U1", Target: &target}, nil); err != nil {
		t.Fatal(err)
	}
	quiet := launchAt(t, db, "C1", end.Add(-days(20)), end.Add(-days(20))) // no check-in: no Progress
	for _, c := range []struct {
		at      time.Time
		value   *float64
		onTrack bool
	}{
		{end.Add(-days(9)), nil, true}, // a note alone: no value
		{end.Add(-days(8)), fptr(100), true},
		{end.Add(-days(2)), fptr(130), false},
		{end.Add(days(1)), fptr(200), true}, // after the week
	} {
		ci := experiments.CheckIn{Author: "U1", At: c.at, Value: c.value, Note: "n", OnTrack: c.onTrack}
		if _, err := db.AddCheckIn(ctx, "T1", e.Number, &ci, nil); err != nil {
			t.Fatal(err)
		}
	}
	setNow(db, end.Add(days(2)))
	d, err := db.LoadDigest(ctx, "T1", "C1", func(experiments.ChannelSettings) experiments.ReviewWeek {
		return experiments.ReviewedWeek(end, time.UTC)
	}, 8)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := d.Progress[e.ID]
	if !ok || p.OnTrack || !p.HasValue || p.Value != 130 {
		t.Fatalf("Progress of #%d = %+v, want the off-track 130 of two days before the week's end", e.Number, p)
	}
	if !p.HasFirst || p.First != 100 {
		t.Errorf("first value = %+v, want 100, the first logged", p)
	}
	if r := d.Running; len(r) == 0 || !r[0].LastCheckInAt.Equal(end.Add(-days(2))) {
		t.Errorf("running = %+v, want #%d's last check-in two days before the week's end", r, e.Number)
	}
	if _, ok := d.Progress[quiet.ID]; ok {
		t.Errorf("#%d has no check-in but a Progress", quiet.Number)
	}
}

func fptr(f float64) *float64 { return &f }

// TestLoadDigestNextIdeaCandidates checks that the candidates storage
// reads pick the idea NextIdea picks from every idea of the channel, on
// seeded channels with goals idle or not, and for a past week.
func TestLoadDigestNextIdeaCandidates(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		db := mustOpen(t)
		ctx := context.Background()
		if err := db.Seed(ctx, SeedSpec{Team: "T1", Channel: "C1", Experiments: 400, CheckIns: 200,
			Goals: 6, Span: days(200), Now: t0, Seed: seed}); err != nil {
			t.Fatal(err)
		}
		for _, at := range []time.Time{t0, t0.Add(-days(30))} {
			w := experiments.ReviewedWeek(at, time.UTC)
			d := loadDigest(t, db, at, 8)
			every := ideasAsOf(t, db, w.AsOf)
			// As read, and with each goal made idle in turn: its ideas come first.
			for idle := -1; idle < len(d.Goals); idle++ {
				f := d.Facts
				if idle >= 0 {
					f.Running = slices.DeleteFunc(slices.Clone(f.Running), func(e experiments.Experiment) bool { return e.GoalID == d.Goals[idle].ID })
				}
				got := experiments.Summarize(f, w)
				f.NextIdeas = every
				want := experiments.Summarize(f, w)
				if got.HasNext != want.HasNext || got.Next.Idea.Number != want.Next.Idea.Number || got.Next.GoalIdle != want.Next.GoalIdle {
					t.Errorf("seed %d at %s, goal %d idle: next #%d (idle %v) from %d candidates, want #%d (idle %v) from %d ideas",
						seed, at, idle, got.Next.Idea.Number, got.Next.GoalIdle, len(d.NextIdeas), want.Next.Idea.Number, want.Next.GoalIdle, len(every))
				}
			}
		}
	}
}

// ideasAsOf reads every idea of C1 at asOf, outside the API under test:
// created by then, and not launched by then.
func ideasAsOf(tb testing.TB, db *DB, asOf time.Time) []experiments.Experiment {
	tb.Helper()
	rows, err := db.ro.Query(`SELECT id, number, created_at, ice_i, ice_c, ice_e, goal_id FROM experiments
		WHERE team = 'T1' AND channel = 'C1' AND created_at <= ? AND (status = 'idea' OR launched_at > ?)`,
		toMillis(asOf), toMillis(asOf))
	if err != nil {
		tb.Fatal(err)
	}
	list, err := scanBriefs(rows, scanNextIdea("T1", "C1"), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return list
}
