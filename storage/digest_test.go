package storage

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// loadDigest calls LoadDigest for channel C1 of team T1, reviewing the
// week of now in UTC, and fails on error.
func loadDigest(tb testing.TB, db *DB, now time.Time, limit int) experiments.DigestFacts {
	tb.Helper()
	week := func(experiments.ChannelSettings) experiments.ReviewWeek {
		return experiments.ReviewedWeek(now, time.UTC)
	}
	d, err := db.LoadDigest(context.Background(), "T1", "C1", week, limit)
	if err != nil {
		tb.Fatalf("LoadDigest: %v", err)
	}
	return d
}

func TestLoadDigestEmptyChannel(t *testing.T) {
	db := mustOpen(t)
	e := experiments.Experiment{Team: "T1", Channel: "C2", Owner: "U1", Title: "elsewhere"}
	mustCreate(t, db, &e)
	if d := loadDigest(t, db, t0, 8); d.HasExperiments || d.Running != nil || d.Week.ShippedTotal != 0 {
		t.Errorf("LoadDigest of a channel with no experiments = %+v, want HasExperiments false and nothing", d)
	}
}

// TestLoadDigestWeekWindow varies only when an experiment was launched and
// decided: t0 is Monday 2025-03-10 09:00, so the week is 2025-W10, Monday
// 3 March 00:00 to the last millisecond of Sunday 9 March, both included.
func TestLoadDigestWeekWindow(t *testing.T) {
	monday := time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		at   time.Time
		want int
	}{
		{"the week's first instant", monday, 1},
		{"its last millisecond", monday.Add(days(7) - time.Millisecond), 1},
		{"a millisecond before it", monday.Add(-time.Millisecond), 0},
		{"Monday morning, before the digest", t0.Add(-time.Hour), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpen(t)
			e := launchAt(t, db, "C1", tt.at.Add(-days(30)), tt.at)
			decideAt(t, db, e, experiments.DecisionKill, tt.at)
			w := loadDigest(t, db, t0, 8).Week
			got := [4]int{w.ShippedTotal, len(w.Shipped), w.DecidedTotal, len(w.Decided)}
			if want := [4]int{tt.want, tt.want, tt.want, tt.want}; got != want {
				t.Errorf("shipped total, shown, decided total, shown = %v, want %v", got, want)
			}
		})
	}
}

// TestLoadDigestWeekLists checks the cap, the order, the totals and the
// verdict counts of the week's lists, and that they come whole.
func TestLoadDigestWeekLists(t *testing.T) {
	db := mustOpen(t)
	verdicts := []experiments.Decision{experiments.DecisionKeep, experiments.DecisionKill, experiments.DecisionKill,
		experiments.DecisionKeep, experiments.DecisionKill}
	for i, v := range verdicts {
		at := t0.Add(-days(6) + time.Duration(i)*time.Hour)
		e := launchAt(t, db, "C1", at, at)
		setNow(db, at.Add(days(1)))
		if _, err := db.DecideExperiment(context.Background(), "T1", e.Number, v, "learned", "U1", nil); err != nil {
			t.Fatal(err)
		}
	}
	setNow(db, t0)
	w := loadDigest(t, db, t0, 2).Week
	if got := digestNumbers(w.Shipped); !reflect.DeepEqual(got, []int{1, 2}) || w.ShippedTotal != 5 {
		t.Errorf("shipped = %v of %d, want [1 2] of 5", got, w.ShippedTotal)
	}
	if got := digestNumbers(w.Decided); !reflect.DeepEqual(got, []int{1, 2}) || w.DecidedTotal != 5 {
		t.Errorf("decided = %v of %d, want [1 2] of 5", got, w.DecidedTotal)
	}
	if w.Decided[0].Title != "x" || w.Decided[0].Learning != "learned" || w.Decided[0].Owner != "U1" {
		t.Errorf("decided[0] = %+v, want it whole", w.Decided[0])
	}
	want := map[experiments.Decision]int{experiments.DecisionKeep: 2, experiments.DecisionKill: 3}
	if !reflect.DeepEqual(w.Verdicts, want) {
		t.Errorf("verdicts = %v, want %v", w.Verdicts, want)
	}
}

// TestLoadDigestRunningBrief checks that a running experiment carries every
// field the digest's rules read, and no more.
func TestLoadDigestRunningBrief(t *testing.T) {
	db := mustOpen(t)
	g := mustGoal(t, db, "T1", "C1")
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "t", Hypothesis: "h",
		Status: experiments.StatusRunning, Metric: "signups", Target: experiments.Target{Value: 20, Percent: true},
		Deadline: experiments.Date{Year: 2025, Month: time.March, Day: 1}, GoalID: g.ID, CreatedAt: t0.Add(-days(20))}
	mustCreate(t, db, &e)
	c := experiments.CheckIn{Author: "U1", At: t0.Add(-days(2)), OnTrack: true}
	if _, err := db.AddCheckIn(context.Background(), "T1", e.Number, &c, nil); err != nil {
		t.Fatal(err)
	}
	d := loadDigest(t, db, t0.Add(days(1)), 8) // Tuesday: this week so far, its launch included
	want := experiments.Experiment{ID: e.ID, Number: e.Number, Team: "T1", Channel: "C1", Status: experiments.StatusRunning,
		Metric: e.Metric, Target: e.Target, Deadline: e.Deadline, GoalID: g.ID, LaunchedAt: e.LaunchedAt, LastCheckInAt: c.At}
	if len(d.Running) != 1 || !reflect.DeepEqual(d.Running[0], want) {
		t.Errorf("running = %+v,\nwant %+v", d.Running, want)
	}
	if !d.HasExperiments || len(d.Goals) != 1 || len(d.Launches) != 1 {
		t.Errorf("has experiments %v, goals %d, launches %d; want true, 1, 1", d.HasExperiments, len(d.Goals), len(d.Launches))
	}
}

// TestLoadDigestStuckIdeasMatchDomain checks the ranking done in SQL
// against experiments.StuckIdeas over every idea, on random ideas with many
// ties of score and age.
func TestLoadDigestStuckIdeasMatchDomain(t *testing.T) {
	db := mustOpen(t)
	rng := rand.New(rand.NewPCG(7, 7))
	for range 60 {
		e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "idea",
			CreatedAt: t0.Add(-days(rng.IntN(30)))}
		if rng.IntN(3) > 0 {
			e.ICE = experiments.ICE{Impact: 1 + rng.IntN(3), Confidence: 1 + rng.IntN(2), Ease: 2}
		}
		mustCreate(t, db, &e)
	}
	all, err := db.LoadFacts(context.Background(), "T1", "C1", t0)
	if err != nil {
		t.Fatal(err)
	}
	stuck := experiments.StuckIdeas(all.Ideas, 0, experiments.ReviewedWeek(t0, time.UTC).AsOf, time.UTC)
	for _, limit := range []int{0, 1, 8, 100} {
		d := loadDigest(t, db, t0, limit)
		if got, want := digestNumbers(d.Ideas), digestNumbers(stuck[:min(limit, len(stuck))]); !reflect.DeepEqual(got, want) || d.StuckIdeas != len(stuck) {
			t.Errorf("limit %d: ideas %v of %d, want %v of %d", limit, got, d.StuckIdeas, want, len(stuck))
		}
	}
}

func digestNumbers(es []experiments.Experiment) []int {
	out := []int{}
	for _, e := range es {
		out = append(out, e.Number)
	}
	return out
}

func TestFindExperimentsByID(t *testing.T) {
	db := mustOpen(t)
	var ids []int64
	for range 3 {
		e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "x"}
		mustCreate(t, db, &e)
		ids = append(ids, e.ID)
	}
	got, err := db.FindExperimentsByID(context.Background(), []int64{ids[2], 999, ids[0]})
	if err != nil || !reflect.DeepEqual(digestNumbers(got), []int{3, 1}) {
		t.Errorf("FindExperimentsByID = %v, %v; want [3 1] (in the order asked, unknown left out)", digestNumbers(got), err)
	}
	if got, err := db.FindExperimentsByID(context.Background(), nil); err != nil || len(got) != 0 {
		t.Errorf("FindExperimentsByID(nil) = %v, %v; want nothing", got, err)
	}
}
