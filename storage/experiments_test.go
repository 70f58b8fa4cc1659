package storage

import (
	"context"
	"reflect"
	"sort"
	"sync"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

// fullExperiment returns an idea of team T1 in channel C1 with every field
// set, linked to goalID.
func fullExperiment(goalID int64) experiments.Experiment {
	return experiments.Experiment{
		Team: "T1", Channel: "C1", Owner: "U1",
		Title: "Carousel posts", Hypothesis: "We believe carousels get more saves",
		Metric: "saves", Target: experiments.Target{Value: -12.5, Percent: true},
		Deadline: experiments.Date{Year: 2025, Month: 3, Day: 21}, GoalID: goalID,
		ICE: experiments.ICE{Impact: 8, Confidence: 5, Ease: 10},
	}
}

func mustCreate(tb testing.TB, db *DB, e *experiments.Experiment) {
	tb.Helper()
	if err := db.CreateExperiment(context.Background(), e, nil); err != nil {
		tb.Fatalf("CreateExperiment(%+v): %v", *e, err)
	}
}

func mustGoal(tb testing.TB, db *DB, team, channel string) experiments.Goal {
	tb.Helper()
	g := experiments.Goal{Team: team, Channel: channel, Title: "Grow", Author: "U1"}
	if err := db.CreateGoal(context.Background(), &g, nil); err != nil {
		tb.Fatalf("CreateGoal: %v", err)
	}
	return g
}

func TestCreateFindRoundTrip(t *testing.T) {
	db := mustOpen(t)
	goal := mustGoal(t, db, "T1", "C1")
	tests := []struct {
		name   string
		change func(*experiments.Experiment)
	}{
		{"every field", func(*experiments.Experiment) {}},
		{"bare idea", func(e *experiments.Experiment) {
			*e = experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "Bare"}
		}},
		{"absolute target", func(e *experiments.Experiment) { e.Target = experiments.Target{Value: 500} }},
		{"fractional percent target", func(e *experiments.Experiment) { e.Target = experiments.Target{Value: 2.75, Percent: true} }},
		{"no deadline", func(e *experiments.Experiment) { e.Deadline = experiments.Date{} }},
		{"no goal", func(e *experiments.Experiment) { e.GoalID = 0 }},
		{"no ICE", func(e *experiments.Experiment) { e.ICE = experiments.ICE{} }},
		{"running from the start", func(e *experiments.Experiment) { e.Status = experiments.StatusRunning }},
		{"explicit created time", func(e *experiments.Experiment) { e.CreatedAt = t0.AddDate(0, 0, -3) }},
		{"unicode text", func(e *experiments.Experiment) { e.Title, e.Hypothesis = "Émojis 🚀 work", "naïve «quotes»" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := fullExperiment(goal.ID)
			tt.change(&e)
			mustCreate(t, db, &e)
			if e.ID == 0 || e.Number == 0 || e.CreatedAt.IsZero() {
				t.Fatalf("created experiment has ID %d, Number %d, CreatedAt %v: want all set", e.ID, e.Number, e.CreatedAt)
			}
			got, err := db.FindExperiment(context.Background(), "T1", e.Number)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, e) {
				t.Errorf("FindExperiment = %+v\nwant %+v", got, e)
			}
			byID, err := db.FindExperimentByID(context.Background(), e.ID)
			if err != nil || !reflect.DeepEqual(byID, e) {
				t.Errorf("FindExperimentByID = %+v, %v\nwant %+v", byID, err, e)
			}
		})
	}
}

func TestCreateDefaults(t *testing.T) {
	db := mustOpen(t)
	idea := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "Idea"}
	mustCreate(t, db, &idea)
	if idea.Status != experiments.StatusIdea || !idea.CreatedAt.Equal(t0) || !idea.LaunchedAt.IsZero() {
		t.Errorf("new idea: status %q, created %v, launched %v; want idea, %v, zero", idea.Status, idea.CreatedAt, idea.LaunchedAt, t0)
	}
	running := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "Run", Status: experiments.StatusRunning}
	mustCreate(t, db, &running)
	if !running.LaunchedAt.Equal(running.CreatedAt) {
		t.Errorf("new running experiment launched at %v, want its creation time %v", running.LaunchedAt, running.CreatedAt)
	}
	decided := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "D", Status: experiments.StatusDecided}
	if err := db.CreateExperiment(context.Background(), &decided, nil); err == nil {
		t.Errorf("creating a decided experiment succeeded, want an error")
	}
}

func TestNumbersArePerTeam(t *testing.T) {
	db := mustOpen(t)
	var got []int
	for _, team := range []string{"T1", "T2", "T1", "T2", "T1"} {
		e := experiments.Experiment{Team: team, Channel: "C", Owner: "U", Title: "x"}
		mustCreate(t, db, &e)
		got = append(got, e.Number)
	}
	if want := []int{1, 1, 2, 2, 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("numbers = %v, want %v", got, want)
	}
}

// TestConcurrentCreatorsGetGaplessNumbers runs 50 creators of experiments and
// 50 of goals at once, all in one team.
func TestConcurrentCreatorsGetGaplessNumbers(t *testing.T) {
	db := mustOpen(t)
	const n = 50
	var (
		wg                sync.WaitGroup
		mu                sync.Mutex
		expNums, goalNums []int
	)
	for range n {
		wg.Go(func() {
			e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "x"}
			err := db.CreateExperiment(context.Background(), &e, nil)
			g := experiments.Goal{Team: "T1", Channel: "C1", Title: "g"}
			gErr := db.CreateGoal(context.Background(), &g, nil)
			mu.Lock()
			defer mu.Unlock()
			if err != nil || gErr != nil {
				t.Errorf("create: %v, %v", err, gErr)
				return
			}
			expNums, goalNums = append(expNums, e.Number), append(goalNums, g.Number)
		})
	}
	wg.Wait()
	want := make([]int, n)
	for i := range want {
		want[i] = i + 1
	}
	sort.Ints(expNums)
	sort.Ints(goalNums)
	if !reflect.DeepEqual(expNums, want) {
		t.Errorf("experiment numbers = %v, want 1..%d", expNums, n)
	}
	if !reflect.DeepEqual(goalNums, want) {
		t.Errorf("goal numbers = %v, want 1..%d", goalNums, n)
	}
}

// TestFailedCreateLeavesNothing makes the notify message fail its insert
// (an empty kind breaks a CHECK) after the experiment row is written.
func TestFailedCreateLeavesNothing(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "x"}
	var notified experiments.Experiment
	bad := func(x experiments.Experiment) []experiments.OutboxMessage {
		notified = x
		return []experiments.OutboxMessage{{Team: "T1", Channel: "C1", Kind: "post"}, {Team: "T1", Channel: "C1"}}
	}
	if err := db.CreateExperiment(ctx, &e, bad); err == nil {
		t.Fatal("CreateExperiment with a failing message succeeded, want an error")
	}
	if notified.ID == 0 {
		t.Fatal("notify was not called after the insert: the test proves nothing")
	}
	if e.ID != 0 || e.Number != 0 {
		t.Errorf("failed create changed e: ID %d, Number %d", e.ID, e.Number)
	}
	for _, q := range []string{`SELECT COUNT(*) FROM experiments`, `SELECT COUNT(*) FROM outbox`, `SELECT COUNT(*) FROM numbers`} {
		if got := count(t, db, q); got != 0 {
			t.Errorf("%s = %d after a failed create, want 0", q, got)
		}
	}
	mustCreate(t, db, &e)
	if e.Number != 1 {
		t.Errorf("next number after a failed create = %d, want 1", e.Number)
	}
}

func TestCreateQueuesNotifyMessages(t *testing.T) {
	db := mustOpen(t)
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "x"}
	err := db.CreateExperiment(context.Background(), &e, func(x experiments.Experiment) []experiments.OutboxMessage {
		return []experiments.OutboxMessage{{Team: x.Team, Channel: x.Channel, Kind: "post", Payload: []byte(x.Ref())}}
	})
	if err != nil {
		t.Fatal(err)
	}
	due, err := db.DueMessages(context.Background(), t0, 10)
	if err != nil || len(due) != 1 || string(due[0].Payload) != "#1" {
		t.Fatalf("DueMessages = %+v, %v; want one message with payload #1", due, err)
	}
}

func TestCreateWithGoalOfAnotherTeam(t *testing.T) {
	db := mustOpen(t)
	other := mustGoal(t, db, "T2", "C1")
	e := fullExperiment(other.ID)
	wantCode(t, db.CreateExperiment(context.Background(), &e, nil), experiments.ENOTFOUND)
	e = fullExperiment(9999)
	wantCode(t, db.CreateExperiment(context.Background(), &e, nil), experiments.ENOTFOUND)
}

func TestListExperiments(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for _, x := range []struct{ team, channel, owner string }{
		{"T1", "C1", "U1"}, {"T1", "C1", "U2"}, {"T1", "C2", "U1"}, {"T2", "C1", "U1"}, {"T1", "C1", "U1"},
	} {
		e := experiments.Experiment{Team: x.team, Channel: x.channel, Owner: x.owner, Title: "x"}
		mustCreate(t, db, &e)
	}
	if _, err := db.LaunchExperiment(ctx, "T1", 2, experiments.LaunchPlan{DefaultDeadline: experiments.Date{}}, nil); err != nil {
		t.Fatal(err)
	}
	running := []experiments.Status{experiments.StatusRunning}
	tests := []struct {
		name      string
		filter    experiments.ExperimentFilter
		wantNums  []int
		wantTotal int
	}{
		{"team", experiments.ExperimentFilter{Team: ptr("T1")}, []int{1, 2, 3, 4}, 4},
		{"team and channel", experiments.ExperimentFilter{Team: ptr("T1"), Channel: ptr("C1")}, []int{1, 2, 4}, 3},
		{"owner", experiments.ExperimentFilter{Team: ptr("T1"), Owner: ptr("U1")}, []int{1, 3, 4}, 3},
		{"status", experiments.ExperimentFilter{Team: ptr("T1"), Statuses: running}, []int{2}, 1},
		{"limit keeps the total", experiments.ExperimentFilter{Team: ptr("T1"), Limit: 2}, []int{1, 2}, 4},
		{"offset", experiments.ExperimentFilter{Team: ptr("T1"), Limit: 2, Offset: 2}, []int{3, 4}, 4},
		{"none match", experiments.ExperimentFilter{Team: ptr("T9")}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, total, err := db.ListExperiments(ctx, tt.filter)
			if err != nil {
				t.Fatal(err)
			}
			var nums []int
			for _, e := range list {
				nums = append(nums, e.Number)
			}
			if !reflect.DeepEqual(nums, tt.wantNums) || total != tt.wantTotal {
				t.Errorf("ListExperiments = %v (total %d), want %v (total %d)", nums, total, tt.wantNums, tt.wantTotal)
			}
		})
	}
}

func TestListExperimentsFillsLastCheckIn(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "x", Status: experiments.StatusRunning}
	mustCreate(t, db, &e)
	for _, at := range []int{-3, -1, -2} {
		c := experiments.CheckIn{Author: "U1", At: t0.AddDate(0, 0, at)}
		if _, err := db.AddCheckIn(ctx, "T1", e.Number, &c, nil); err != nil {
			t.Fatal(err)
		}
	}
	list, _, err := db.ListExperiments(ctx, experiments.ExperimentFilter{Team: ptr("T1")})
	if err != nil || len(list) != 1 {
		t.Fatalf("ListExperiments = %v, %v", list, err)
	}
	if want := t0.AddDate(0, 0, -1); !list[0].LastCheckInAt.Equal(want) {
		t.Errorf("LastCheckInAt = %v, want %v", list[0].LastCheckInAt, want)
	}
}

func TestUpdateExperiment(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	goal := mustGoal(t, db, "T1", "C1")
	tests := []struct {
		name  string
		upd   experiments.ExperimentUpdate
		apply func(*experiments.Experiment)
	}{
		{"title", experiments.ExperimentUpdate{Title: ptr("New")}, func(e *experiments.Experiment) { e.Title = "New" }},
		{"hypothesis", experiments.ExperimentUpdate{Hypothesis: ptr("H")}, func(e *experiments.Experiment) { e.Hypothesis = "H" }},
		{"metric", experiments.ExperimentUpdate{Metric: ptr("clicks")}, func(e *experiments.Experiment) { e.Metric = "clicks" }},
		{"target", experiments.ExperimentUpdate{Target: &experiments.Target{Value: 300}}, func(e *experiments.Experiment) { e.Target = experiments.Target{Value: 300} }},
		{"deadline", experiments.ExperimentUpdate{Deadline: &experiments.Date{Year: 2026, Month: 1, Day: 2}}, func(e *experiments.Experiment) { e.Deadline = experiments.Date{Year: 2026, Month: 1, Day: 2} }},
		{"clear deadline", experiments.ExperimentUpdate{Deadline: &experiments.Date{}}, func(e *experiments.Experiment) { e.Deadline = experiments.Date{} }},
		{"clear goal", experiments.ExperimentUpdate{GoalID: ptr(int64(0))}, func(e *experiments.Experiment) { e.GoalID = 0 }},
		{"ice", experiments.ExperimentUpdate{ICE: &experiments.ICE{Impact: 1, Confidence: 2, Ease: 3}}, func(e *experiments.Experiment) { e.ICE = experiments.ICE{Impact: 1, Confidence: 2, Ease: 3} }},
		{"nothing", experiments.ExperimentUpdate{}, func(*experiments.Experiment) {}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := fullExperiment(goal.ID)
			mustCreate(t, db, &e)
			want := e
			tt.apply(&want)
			want.EditedBy, want.EditedAt = "U2", t0
			upd := tt.upd
			upd.By = "U2"
			got, err := db.UpdateExperiment(ctx, "T1", e.Number, upd, nil)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("UpdateExperiment = %+v, %v\nwant %+v", got, err, want)
			}
			found, _ := db.FindExperiment(ctx, "T1", e.Number)
			if !reflect.DeepEqual(found, want) {
				t.Errorf("FindExperiment after update = %+v\nwant %+v", found, want)
			}
		})
	}
}

func TestUpdateExperimentUnknownGoal(t *testing.T) {
	db := mustOpen(t)
	e := fullExperiment(0)
	mustCreate(t, db, &e)
	_, err := db.UpdateExperiment(context.Background(), "T1", e.Number, experiments.ExperimentUpdate{GoalID: ptr(int64(42)), Title: ptr("changed")}, nil)
	wantCode(t, err, experiments.ENOTFOUND)
	if got, _ := db.FindExperiment(context.Background(), "T1", e.Number); got.Title != e.Title {
		t.Errorf("title after a refused update = %q, want %q", got.Title, e.Title)
	}
}

func TestNotFound(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "x", Status: experiments.StatusRunning}
	mustCreate(t, db, &e) // #1 of T1 exists; #1 of T2 and #7 of T1 do not
	tests := []struct {
		name string
		call func() error
	}{
		{"find", func() error { _, err := db.FindExperiment(ctx, "T1", 7); return err }},
		{"find in another team", func() error { _, err := db.FindExperiment(ctx, "T2", 1); return err }},
		{"find by id", func() error { _, err := db.FindExperimentByID(ctx, 999); return err }},
		{"update", func() error {
			_, err := db.UpdateExperiment(ctx, "T1", 7, experiments.ExperimentUpdate{}, nil)
			return err
		}},
		{"launch", func() error {
			_, err := db.LaunchExperiment(ctx, "T1", 7, experiments.LaunchPlan{DefaultDeadline: experiments.Date{}}, nil)
			return err
		}},
		{"decide", func() error {
			_, err := db.DecideExperiment(ctx, "T1", 7, experiments.DecisionKeep, "", "U1", nil)
			return err
		}},
		{"iterate", func() error {
			_, _, err := db.IterateExperiment(ctx, "T1", 7, "", "", "U1", experiments.Date{}, nil)
			return err
		}},
		{"check in", func() error { _, err := db.AddCheckIn(ctx, "T1", 7, &experiments.CheckIn{}, nil); return err }},
		{"find goal", func() error { _, err := db.FindGoal(ctx, "T1", 7); return err }},
		{"find goal by id", func() error { _, err := db.FindGoalByID(ctx, 999); return err }},
		{"close goal", func() error { _, err := db.CloseGoal(ctx, "T1", 7, "U1", "", nil); return err }},
		{"mark sent", func() error { return db.MarkSent(ctx, 999, t0) }},
		{"retry later", func() error { return db.RetryLater(ctx, 999, t0, "x") }},
		{"mark dead", func() error { return db.MarkDead(ctx, 999, "x") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.call(), experiments.ENOTFOUND) })
	}
}

func BenchmarkCreateExperiment(b *testing.B) {
	db := mustOpen(b)
	ctx := context.Background()
	for b.Loop() {
		e := fullExperiment(0)
		if err := db.CreateExperiment(ctx, &e, nil); err != nil {
			b.Fatal(err)
		}
	}
}
