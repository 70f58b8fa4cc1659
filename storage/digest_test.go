package storage

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// loadDigest calls LoadDigest for channel C1 of team T1 and fails on error.
func loadDigest(tb testing.TB, db *DB, now time.Time, limit int) experiments.DigestFacts {
	tb.Helper()
	d, err := db.LoadDigest(context.Background(), "T1", "C1", now, limit)
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

// TestLoadDigestWeekWindow varies only when, relative to now, an experiment
// was launched and decided: the week is (now-7d, now].
func TestLoadDigestWeekWindow(t *testing.T) {
	tests := []struct {
		name string
		ago  time.Duration
		want int
	}{
		{"now", 0, 1},
		{"a millisecond inside the week", days(7) - time.Millisecond, 1},
		{"exactly 7 days ago", days(7), 0},
		{"8 days ago", days(8), 0},
		{"a millisecond after now", -time.Millisecond, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpen(t)
			at := t0.Add(-tt.ago)
			e := launchAt(t, db, "C1", at.Add(-days(30)), at)
			decideAt(t, db, e, experiments.DecisionKill, at)
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
	d := loadDigest(t, db, t0, 8)
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
	want := experiments.StuckIdeas(all.Ideas, 0, t0)
	for _, limit := range []int{0, 1, 8, 100} {
		d := loadDigest(t, db, t0, limit)
		if got, want := digestNumbers(d.Ideas), digestNumbers(want[:min(limit, len(want))]); !reflect.DeepEqual(got, want) || d.StuckIdeas != len(all.Ideas)-freshIdeas(all.Ideas) {
			t.Errorf("limit %d: ideas %v of %d, want %v of %d", limit, got, d.StuckIdeas, want, len(all.Ideas)-freshIdeas(all.Ideas))
		}
	}
}

// freshIdeas counts the ideas created less than the default stale days ago.
func freshIdeas(ideas []experiments.Experiment) int {
	n := 0
	for _, e := range ideas {
		if t0.Sub(e.CreatedAt) < days(experiments.DefaultIdeaStaleDays) {
			n++
		}
	}
	return n
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
