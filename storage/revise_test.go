package storage

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// runningBy creates a running experiment owned by U1 and returns it.
func runningBy(t *testing.T, db *DB) experiments.Experiment {
	t.Helper()
	e := fullExperiment(0)
	e.Status = experiments.StatusRunning
	mustCreate(t, db, &e)
	return e
}

func TestCreateRunningRecordsTheOwnerAsLauncher(t *testing.T) {
	db := mustOpen(t)
	e := runningBy(t, db)
	found, _ := db.FindExperiment(context.Background(), "T1", e.Number)
	if e.LaunchedBy != "U1" || found.LaunchedBy != "U1" {
		t.Errorf("launched by %q, stored %q; want the owner U1", e.LaunchedBy, found.LaunchedBy)
	}
}

func TestLearnExperiment(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e := runningBy(t, db)
	if _, err := db.LearnExperiment(ctx, "T1", e.Number, "too early", "U2", post); experiments.ErrorCode(err) != experiments.ECONFLICT {
		t.Fatalf("learn on a running experiment = %v, want ECONFLICT", err)
	}
	if _, err := db.DecideExperiment(ctx, "T1", e.Number, experiments.DecisionKill, "", "U2", nil); err != nil {
		t.Fatal(err)
	}
	later := t0.Add(time.Hour)
	setNow(db, later)
	got, err := db.LearnExperiment(ctx, "T1", e.Number, " stills lose ", "U3", post)
	if err != nil {
		t.Fatal(err)
	}
	found, _ := db.FindExperiment(ctx, "T1", e.Number)
	if !reflect.DeepEqual(found, got) || got.Learning != "stills lose" || got.EditedBy != "U3" || !got.EditedAt.Equal(later) || got.DecidedBy != "U2" {
		t.Errorf("after learn: returned %+v\nstored %+v", got, found)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM outbox`); n != 1 {
		t.Errorf("outbox has %d messages, want the learn's 1 (the refused one queued nothing)", n)
	}
}

func TestUndoDecision(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e := runningBy(t, db)
	if _, err := db.DecideExperiment(ctx, "T1", e.Number, experiments.DecisionKill, "no lift", "U2", nil); err != nil {
		t.Fatal(err)
	}
	setNow(db, t0.Add(5*time.Minute))
	before := snapshot(t, db)
	if _, err := db.UndoDecision(ctx, "T1", e.Number, "U1", nil); experiments.ErrorCode(err) != experiments.ECONFLICT {
		t.Fatalf("undo by the owner, who did not decide = %v, want ECONFLICT", err)
	}
	if after := snapshot(t, db); after != before {
		t.Errorf("a refused undo changed rows: %+v → %+v", before, after)
	}
	var removed *experiments.Experiment
	var was experiments.Experiment
	got, err := db.UndoDecision(ctx, "T1", e.Number, "U2", func(d experiments.Experiment, r *experiments.Experiment) []experiments.OutboxMessage {
		was, removed = d, r
		return post(d)
	})
	if err != nil {
		t.Fatal(err)
	}
	found, _ := db.FindExperiment(ctx, "T1", e.Number)
	if !reflect.DeepEqual(found, e) || !reflect.DeepEqual(got, e) || removed != nil {
		t.Errorf("after undo: returned %+v\nstored %+v\nwant %+v as created, removed nil (got %v)", got, found, e, removed)
	}
	if was.Decision != experiments.DecisionKill || was.DecidedBy != "U2" {
		t.Errorf("notify got %+v, want the experiment as decided (kill by U2)", was)
	}
}

func TestUndoIterateRemovesTheFollowUp(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e, next := iteratedBy(t, db, "U2")
	var removed *experiments.Experiment
	if _, err := db.UndoDecision(ctx, "T1", e.Number, "U2", func(_ experiments.Experiment, r *experiments.Experiment) []experiments.OutboxMessage {
		removed = r
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if removed == nil || removed.Number != next.Number {
		t.Errorf("notify told of removed follow-up %+v, want #%d", removed, next.Number)
	}
	if _, err := db.FindExperiment(ctx, "T1", next.Number); experiments.ErrorCode(err) != experiments.ENOTFOUND {
		t.Errorf("follow-up #%d after undo: %v, want gone", next.Number, err)
	}
	if found, _ := db.FindExperiment(ctx, "T1", e.Number); found.Status != experiments.StatusRunning {
		t.Errorf("#%d after undo is %s, want running", e.Number, found.Status)
	}
}

func TestUndoIterateRefusedWhenTheFollowUpHasCheckIns(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e, next := iteratedBy(t, db, "U2")
	if _, err := db.AddCheckIn(ctx, "T1", next.Number, &experiments.CheckIn{Author: "U1", OnTrack: true, Note: "going"}, nil); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, db)
	_, err := db.UndoDecision(ctx, "T1", e.Number, "U2", nil)
	if experiments.ErrorCode(err) != experiments.ECONFLICT {
		t.Fatalf("undo = %v, want ECONFLICT", err)
	}
	if after := snapshot(t, db); after != before {
		t.Errorf("a refused undo changed rows: %+v → %+v", before, after)
	}
}

func TestUndoRefusedAfterTheWindow(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e := runningBy(t, db)
	if _, err := db.DecideExperiment(ctx, "T1", e.Number, experiments.DecisionKeep, "works", "U1", nil); err != nil {
		t.Fatal(err)
	}
	setNow(db, t0.Add(experiments.UndoWindow+time.Second))
	if _, err := db.UndoDecision(ctx, "T1", e.Number, "U1", nil); experiments.ErrorCode(err) != experiments.ECONFLICT {
		t.Errorf("undo after the window = %v, want ECONFLICT", err)
	}
}

func TestLaunchOfAnIdeaWhoseDeadlinePassed(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	idea := fullExperiment(0) // an idea due 2025-03-21
	mustCreate(t, db, &idea)
	setNow(db, time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC))
	def := experiments.Date{Year: 2025, Month: 4, Day: 15}
	e, err := db.LaunchExperiment(ctx, "T1", idea.Number, experiments.LaunchPlan{By: "U2",
		Today: experiments.Date{Year: 2025, Month: 4, Day: 1}, DefaultDeadline: def}, nil)
	if err != nil || e.Deadline != def {
		t.Errorf("launch: %v, due %s; want the default %s, not the passed 2025-03-21", err, e.Deadline, def)
	}
}

// iteratedBy makes a running experiment and has by iterate it; it returns
// the decided experiment and its follow-up.
func iteratedBy(t *testing.T, db *DB, by string) (decided, next experiments.Experiment) {
	t.Helper()
	e := runningBy(t, db)
	_, next, err := db.IterateExperiment(context.Background(), "T1", e.Number, "half right", "video", by, experiments.Date{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e, next
}
