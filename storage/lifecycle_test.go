package storage

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// post is a notify callback that queues one message per call.
func post(e experiments.Experiment) []experiments.OutboxMessage {
	return []experiments.OutboxMessage{{Team: e.Team, Channel: e.Channel, Kind: "post", Payload: []byte(e.Ref())}}
}

func TestLaunchDecide(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e := fullExperiment(0)
	mustCreate(t, db, &e)

	launchAt := t0.Add(time.Hour)
	setNow(db, launchAt)
	launched, err := db.LaunchExperiment(ctx, "T1", e.Number, experiments.LaunchPlan{By: "U2"}, post)
	if err != nil {
		t.Fatal(err)
	}
	if launched.Status != experiments.StatusRunning || !launched.LaunchedAt.Equal(launchAt) || launched.LaunchedBy != "U2" || launched.Owner != "U1" {
		t.Errorf("launched: status %q at %v by %q, owner %q; want running at %v by U2, owner U1", launched.Status, launched.LaunchedAt, launched.LaunchedBy, launched.Owner, launchAt)
	}

	decideAt := t0.AddDate(0, 0, 10)
	setNow(db, decideAt)
	decided, err := db.DecideExperiment(ctx, "T1", e.Number, experiments.DecisionKill, "  no lift  ", "U3", post)
	if err != nil {
		t.Fatal(err)
	}
	want := launched
	want.Status, want.Decision, want.Learning, want.DecidedAt = experiments.StatusDecided, experiments.DecisionKill, "no lift", decideAt
	want.DecidedBy = "U3"
	if !reflect.DeepEqual(decided, want) {
		t.Errorf("DecideExperiment = %+v\nwant %+v", decided, want)
	}
	if found, _ := db.FindExperiment(ctx, "T1", e.Number); !reflect.DeepEqual(found, want) {
		t.Errorf("FindExperiment after decide = %+v\nwant %+v", found, want)
	}
	if got := count(t, db, `SELECT COUNT(*) FROM outbox`); got != 2 {
		t.Errorf("outbox has %d messages after launch and decide, want 2", got)
	}
}

func TestIterate(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	goal := mustGoal(t, db, "T1", "C1")
	e := fullExperiment(goal.ID)
	e.Status = experiments.StatusRunning
	mustCreate(t, db, &e)
	deadline := experiments.Date{Year: 2025, Month: 4, Day: 1}
	var notified [2]experiments.Experiment
	decided, followUp, err := db.IterateExperiment(ctx, "T1", e.Number, "close", "  smaller images ", "U2", deadline,
		func(d, f experiments.Experiment) []experiments.OutboxMessage {
			notified = [2]experiments.Experiment{d, f}
			return append(post(d), post(f)...)
		})
	if err != nil {
		t.Fatal(err)
	}
	if decided.Decision != experiments.DecisionIterate || decided.Status != experiments.StatusDecided || decided.DecidedBy != "U2" {
		t.Errorf("decided: %q/%q, want decided/iterate", decided.Status, decided.Decision)
	}
	want := experiments.Experiment{
		ID: followUp.ID, Number: e.Number + 1, Team: "T1", Channel: "C1", Owner: "U1",
		Title: e.Title, Hypothesis: "Iterating on #1: smaller images", Metric: e.Metric, Target: e.Target,
		Deadline: deadline, GoalID: goal.ID, Status: experiments.StatusRunning, ParentID: e.ID,
		CreatedAt: t0, LaunchedAt: t0, LaunchedBy: "U2",
	}
	if !reflect.DeepEqual(followUp, want) {
		t.Errorf("follow-up = %+v\nwant %+v", followUp, want)
	}
	if found, _ := db.FindExperiment(ctx, "T1", followUp.Number); !reflect.DeepEqual(found, want) {
		t.Errorf("FindExperiment(follow-up) = %+v\nwant %+v", found, want)
	}
	if notified[0].ID != decided.ID || notified[1].ID != followUp.ID {
		t.Errorf("notify got IDs %d, %d; want %d, %d", notified[0].ID, notified[1].ID, decided.ID, followUp.ID)
	}
	if got := count(t, db, `SELECT COUNT(*) FROM outbox`); got != 2 {
		t.Errorf("outbox has %d messages, want 2", got)
	}
	children, total, err := db.ListExperiments(ctx, experiments.ExperimentFilter{ParentID: &e.ID})
	if err != nil || total != 1 || len(children) != 1 || children[0].ID != followUp.ID {
		t.Errorf("ListExperiments(parent #%d) = %+v (total %d), %v; want the follow-up only", e.Number, children, total, err)
	}
}

// TestLifecycleRules tries every step on every state: a refused step is
// ECONFLICT and writes nothing.
func TestLifecycleRules(t *testing.T) {
	ctx := context.Background()
	steps := map[string]func(db *DB, n int) error{
		"launch": func(db *DB, n int) error {
			_, err := db.LaunchExperiment(ctx, "T1", n, experiments.LaunchPlan{DefaultDeadline: experiments.Date{}}, post)
			return err
		},
		"decide": func(db *DB, n int) error {
			_, err := db.DecideExperiment(ctx, "T1", n, experiments.DecisionKeep, "x", "U1", post)
			return err
		},
		"iterate": func(db *DB, n int) error {
			_, _, err := db.IterateExperiment(ctx, "T1", n, "x", "y", "U1", experiments.Date{},
				func(d, f experiments.Experiment) []experiments.OutboxMessage { return post(f) })
			return err
		},
		"check in": func(db *DB, n int) error {
			_, err := db.AddCheckIn(ctx, "T1", n, &experiments.CheckIn{Author: "U1"},
				func(e experiments.Experiment, _ experiments.CheckIn, _ *float64) []experiments.OutboxMessage {
					return post(e)
				})
			return err
		},
	}
	tests := []struct {
		status experiments.Status
		step   string
		want   string
	}{
		{experiments.StatusIdea, "launch", ""},
		{experiments.StatusIdea, "decide", experiments.ECONFLICT},
		{experiments.StatusIdea, "iterate", experiments.ECONFLICT},
		{experiments.StatusIdea, "check in", experiments.ECONFLICT},
		{experiments.StatusRunning, "launch", experiments.ECONFLICT},
		{experiments.StatusRunning, "decide", ""},
		{experiments.StatusRunning, "iterate", ""},
		{experiments.StatusRunning, "check in", ""},
		{experiments.StatusDecided, "launch", experiments.ECONFLICT},
		{experiments.StatusDecided, "decide", experiments.ECONFLICT},
		{experiments.StatusDecided, "iterate", experiments.ECONFLICT},
		{experiments.StatusDecided, "check in", experiments.ECONFLICT},
	}
	for _, tt := range tests {
		t.Run(string(tt.status)+" "+tt.step, func(t *testing.T) {
			db := mustOpen(t)
			e := experimentIn(t, db, tt.status)
			before := snapshot(t, db)
			err := steps[tt.step](db, e.Number)
			wantCode(t, err, tt.want)
			if tt.want == "" {
				return
			}
			if after := snapshot(t, db); after != before {
				t.Errorf("a refused %s wrote: before %+v, after %+v", tt.step, before, after)
			}
			if found, _ := db.FindExperiment(ctx, "T1", e.Number); !reflect.DeepEqual(found, e) {
				t.Errorf("a refused %s changed the experiment: %+v\nwant %+v", tt.step, found, e)
			}
		})
	}
}

func TestDecideWithIterateIsInvalid(t *testing.T) {
	db := mustOpen(t)
	e := experimentIn(t, db, experiments.StatusRunning)
	_, err := db.DecideExperiment(context.Background(), "T1", e.Number, experiments.DecisionIterate, "", "U1", nil)
	wantCode(t, err, experiments.EINVALID)
}

// TestFailedIterateLeavesNothing fails the notify insert after the decision
// and the follow-up are written.
func TestFailedIterateLeavesNothing(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e := experimentIn(t, db, experiments.StatusRunning)
	before := snapshot(t, db)
	_, _, err := db.IterateExperiment(ctx, "T1", e.Number, "x", "y", "U1", experiments.Date{},
		func(d, f experiments.Experiment) []experiments.OutboxMessage {
			return []experiments.OutboxMessage{{Team: "T1", Channel: "C1", Kind: ""}}
		})
	if err == nil {
		t.Fatal("IterateExperiment with a failing message succeeded, want an error")
	}
	if after := snapshot(t, db); after != before {
		t.Errorf("failed iterate wrote: before %+v, after %+v", before, after)
	}
	if found, _ := db.FindExperiment(ctx, "T1", e.Number); found.Status != experiments.StatusRunning {
		t.Errorf("status after a failed iterate = %q, want running", found.Status)
	}
}

// experimentIn creates #1 of team T1 and brings it to status.
func experimentIn(tb testing.TB, db *DB, status experiments.Status) experiments.Experiment {
	tb.Helper()
	ctx := context.Background()
	e := fullExperiment(0)
	mustCreate(tb, db, &e)
	var err error
	if status != experiments.StatusIdea {
		e, err = db.LaunchExperiment(ctx, "T1", e.Number, experiments.LaunchPlan{DefaultDeadline: experiments.Date{}}, nil)
	}
	if err == nil && status == experiments.StatusDecided {
		e, err = db.DecideExperiment(ctx, "T1", e.Number, experiments.DecisionKeep, "worked", "U1", nil)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// rowCounts is what a refused or failed step must leave unchanged.
type rowCounts struct {
	experiments, checkIns, outbox, lastNumber int
}

func snapshot(tb testing.TB, db *DB) rowCounts {
	tb.Helper()
	return rowCounts{
		experiments: count(tb, db, `SELECT COUNT(*) FROM experiments`),
		checkIns:    count(tb, db, `SELECT COUNT(*) FROM check_ins`),
		outbox:      count(tb, db, `SELECT COUNT(*) FROM outbox`),
		lastNumber:  count(tb, db, `SELECT COALESCE(MAX(last), 0) FROM numbers WHERE kind = 'experiment'`),
	}
}

func TestLaunchGivesAnIdeaWithoutDeadlineTheDefault(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	idea := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "No date yet", Status: experiments.StatusIdea}
	if err := db.CreateExperiment(ctx, &idea, nil); err != nil {
		t.Fatal(err)
	}
	want := experiments.Date{Year: 2026, Month: 12, Day: 10}
	e, err := db.LaunchExperiment(ctx, "T1", idea.Number, experiments.LaunchPlan{DefaultDeadline: want}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindExperiment(ctx, "T1", idea.Number); got.Deadline != want || e.Deadline != want {
		t.Errorf("deadline after launch: stored %s, returned %s; want %s", got.Deadline, e.Deadline, want)
	}
}
