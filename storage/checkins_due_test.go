package storage

import (
	"context"
	"reflect"
	"strings"
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

	r, err := db.CheckInRound(ctx, "T1", "C1", t0)
	if err != nil {
		t.Fatal(err)
	}
	running, away := r.Experiments, r.Away
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

// TestCheckInRoundCuesAndLearnings: the round carries the cue of each
// running experiment's latest check-in (a relative target against the
// first value logged), and lists, after the running ones, the experiments
// decided within the window with no learning.
func TestCheckInRoundCuesAndLearnings(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	v := func(x float64) *float64 { return &x }
	mk := func(target experiments.Target, checkIns ...experiments.CheckIn) experiments.Experiment {
		e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "x", Status: experiments.StatusRunning, Target: target}
		mustCreate(t, db, &e)
		for i, c := range checkIns {
			c.Author, c.At = "U1", t0.Add(time.Duration(i-10)*time.Hour)
			if _, err := db.AddCheckIn(ctx, "T1", e.Number, &c, nil); err != nil {
				t.Fatal(err)
			}
		}
		return e
	}
	mk(experiments.Target{Value: 15}, experiments.CheckIn{Value: v(9), OnTrack: true}, experiments.CheckIn{Value: v(19), OnTrack: true}) // #1 past 15
	mk(experiments.Target{Value: 15}, experiments.CheckIn{Value: v(19)}, experiments.CheckIn{Value: v(3), OnTrack: true})                // #2 latest is fine
	mk(experiments.Target{Value: 20, Percent: true}, experiments.CheckIn{Value: v(100), OnTrack: true},
		experiments.CheckIn{Note: "n", OnTrack: true}, experiments.CheckIn{Value: v(130), OnTrack: true}) // #3 +30%
	mk(experiments.Target{}, experiments.CheckIn{Note: "bad", OnTrack: false}) // #4 off track
	mk(experiments.Target{Value: 15})                                          // #5 no check-in
	decide := func(learning string, at time.Time) int {
		e := mk(experiments.Target{})
		setNow(db, at)
		if _, err := db.DecideExperiment(ctx, "T1", e.Number, experiments.DecisionKill, learning, "U1", nil); err != nil {
			t.Fatal(err)
		}
		return e.Number
	}
	recent := decide("", t0.Add(-29*24*time.Hour))        // #6
	decide("it taught", t0.Add(-time.Hour))               // #7 has a learning
	decide("", t0.Add(-experiments.LearningPromptWindow)) // #8 too old
	decide("", t0.Add(time.Minute))                       // #9 after the round
	last := decide("", t0)                                // #10

	r, err := db.CheckInRound(ctx, "T1", "C1", t0)
	if err != nil {
		t.Fatal(err)
	}
	var numbers []int
	for _, e := range r.Experiments {
		numbers = append(numbers, e.Number)
	}
	if want := []int{1, 2, 3, 4, 5, recent, last}; !reflect.DeepEqual(numbers, want) {
		t.Errorf("round lists %v, want %v (running, then decided with no learning in the window)", numbers, want)
	}
	want := []string{"19 logged, past the target of 15", "", "+30% since the first check-in, past the target of +20%", "marked off track", ""}
	if !reflect.DeepEqual(r.Cues, want) {
		t.Errorf("cues = %q, want %q", r.Cues, want)
	}
}

// TestRoundQueryPlan checks that the round reads a channel's running
// experiments through their index, and each one's latest check-in and
// first value from its own row (migration 0019): no check-in, no sort, no
// scan.
func TestRoundQueryPlan(t *testing.T) {
	db := mustOpen(t)
	plan := queryPlan(t, db, roundQuery)
	if want := "SEARCH e USING INDEX experiments_by_channel_status (team=? AND channel=? AND status=?)"; !strings.Contains(plan, want) {
		t.Errorf("plan\n%s\nwant %s", plan, want)
	}
	if scansTable(plan) || strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "check_ins") {
		t.Errorf("plan\n%s\nwant no scan, no sort and no check-in read", plan)
	}
}
