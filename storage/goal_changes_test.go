package storage

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// pinNow pins db's clock at now for the rest of the test.
func pinNow(db *DB, now time.Time) { db.Now = func() time.Time { return now } }

func TestCloseReopenEditGoalRecordTheActor(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	g := mustGoal(t, db, "T1", "C1")
	closeAt, reopenAt, editAt := t0, t0.Add(time.Hour), t0.Add(2*time.Hour)

	pinNow(db, closeAt)
	var notified experiments.Goal
	closed, err := db.CloseGoal(ctx, "T1", g.Number, "U2", "hit it in March", func(x experiments.Goal) []experiments.OutboxMessage {
		notified = x
		return []experiments.OutboxMessage{{Team: "T1", Kind: "post", Channel: "C1", Payload: []byte(`{}`)}}
	})
	if err != nil {
		t.Fatal(err)
	}
	want := g
	want.Closed, want.ClosedBy, want.ClosedAt, want.ClosedNote = true, "U2", closeAt, "hit it in March"
	if !reflect.DeepEqual(closed, want) || !reflect.DeepEqual(notified, want) {
		t.Fatalf("CloseGoal = %+v (notified %+v)\nwant %+v", closed, notified, want)
	}
	wantStored(t, db, want)
	if n := count(t, db, `SELECT COUNT(*) FROM outbox`); n != 1 {
		t.Errorf("outbox has %d messages after closing, want the 1 notify queued", n)
	}

	pinNow(db, reopenAt)
	reopened, err := db.ReopenGoal(ctx, "T1", g.Number, "U3", nil)
	want = g
	want.ReopenedBy, want.ReopenedAt = "U3", reopenAt
	if err != nil || !reflect.DeepEqual(reopened, want) {
		t.Fatalf("ReopenGoal = %+v, %v\nwant %+v (closing forgotten)", reopened, err, want)
	}
	wantStored(t, db, want)

	pinNow(db, editAt)
	title, target := "Triple signups", experiments.Target{Value: 200, Percent: true}
	edited, err := db.UpdateGoal(ctx, "T1", g.Number, "U4", experiments.GoalUpdate{Title: &title, Target: &target}, nil)
	want.Title, want.Target, want.EditedBy, want.EditedAt = title, target, "U4", editAt
	if err != nil || !reflect.DeepEqual(edited, want) {
		t.Fatalf("UpdateGoal = %+v, %v\nwant %+v", edited, err, want)
	}
	wantStored(t, db, want)
}

func wantStored(t *testing.T, db *DB, want experiments.Goal) {
	t.Helper()
	got, err := db.FindGoal(context.Background(), want.Team, want.Number)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("FindGoal = %+v, %v\nwant %+v", got, err, want)
	}
}

func TestGoalChangesOutOfStateChangeNothing(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	open := mustGoal(t, db, "T1", "C1")
	closed := mustGoal(t, db, "T1", "C1")
	closed, err := db.CloseGoal(ctx, "T1", closed.Number, "U1", "done", nil)
	if err != nil {
		t.Fatal(err)
	}
	queue := func(experiments.Goal) []experiments.OutboxMessage {
		return []experiments.OutboxMessage{{Team: "T1", Kind: "post", Channel: "C1", Payload: []byte(`{}`)}}
	}
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"close a closed goal", func() error { _, err := db.CloseGoal(ctx, "T1", closed.Number, "U2", "again", queue); return err }, experiments.ECONFLICT},
		{"reopen an open goal", func() error { _, err := db.ReopenGoal(ctx, "T1", open.Number, "U2", queue); return err }, experiments.ECONFLICT},
		{"reopen a missing goal", func() error { _, err := db.ReopenGoal(ctx, "T1", 99, "U2", queue); return err }, experiments.ENOTFOUND},
		{"edit a missing goal", func() error {
			_, err := db.UpdateGoal(ctx, "T1", 99, "U2", experiments.GoalUpdate{}, queue)
			return err
		}, experiments.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, tt.call(), tt.want)
			wantStored(t, db, open)
			wantStored(t, db, closed)
			if n := count(t, db, `SELECT COUNT(*) FROM outbox`); n != 0 {
				t.Errorf("outbox has %d messages, want none", n)
			}
		})
	}
}

func TestListClosedGoalsLatestFirst(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	var numbers []int
	for i := 0; i < 4; i++ {
		numbers = append(numbers, mustGoal(t, db, "T1", "C1").Number)
	}
	mustGoal(t, db, "T1", "C2")
	for i, n := range []int{numbers[2], numbers[0], numbers[3]} { // G2 stays open
		pinNow(db, t0.Add(time.Duration(i)*time.Hour))
		if _, err := db.CloseGoal(ctx, "T1", n, "U1", "", nil); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		limit int
		want  []int
	}{
		{0, []int{numbers[3], numbers[0], numbers[2]}},
		{2, []int{numbers[3], numbers[0]}},
	}
	for _, tt := range tests {
		list, total, err := db.ListClosedGoals(ctx, "T1", "C1", tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, g := range list {
			got = append(got, g.Number)
		}
		if total != 3 || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ListClosedGoals(limit %d) = %v of %d, want %v of 3", tt.limit, got, total, tt.want)
		}
	}
	if open, _ := db.ListGoals(ctx, "T1", "C1"); len(open) != 1 || open[0].Number != numbers[1] {
		t.Errorf("ListGoals = %+v, want G%d alone", open, numbers[1])
	}
}

// A closed goal stops nagging: the digest's facts list open goals only, so
// it is never among the goals with no running experiment.
func TestClosedGoalLeavesTheDigest(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	idle := mustGoal(t, db, "T1", "C1")
	done := mustGoal(t, db, "T1", "C1")
	if _, err := db.CloseGoal(ctx, "T1", done.Number, "U1", "", nil); err != nil {
		t.Fatal(err)
	}
	f, err := db.LoadFacts(ctx, "T1", "C1", t0)
	if err != nil {
		t.Fatal(err)
	}
	got := experiments.IdleGoals(f.Goals, f.Running)
	if len(got) != 1 || got[0].Number != idle.Number {
		t.Errorf("idle goals = %+v, want G%d alone", got, idle.Number)
	}
}

// TestGoalClosedSinceAPastWeekIsOpenInItsDigest: a goal closed after a
// week's end was open, and idle, in that week; one closed before was not.
func TestGoalClosedSinceAPastWeekIsOpenInItsDigest(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	end := time.Date(2025, 3, 9, 23, 59, 59, 999_000_000, time.UTC) // the end of 2025-W10
	launchAt(t, db, "C1", end.Add(-days(30)), end.Add(-days(20)))   // the channel has an experiment
	setNow(db, end.Add(-days(20)))
	closedBefore, closedAfter := mustGoal(t, db, "T1", "C1"), mustGoal(t, db, "T1", "C1")
	setNow(db, end.Add(-days(1)))
	if _, err := db.CloseGoal(ctx, "T1", closedBefore.Number, "U1", "", nil); err != nil {
		t.Fatal(err)
	}
	setNow(db, end.Add(days(2)))
	if _, err := db.CloseGoal(ctx, "T1", closedAfter.Number, "U1", "", nil); err != nil {
		t.Fatal(err)
	}
	week := experiments.ReviewedWeek(end, time.UTC)
	f, err := db.LoadDigest(ctx, "T1", "C1", func(experiments.ChannelSettings) experiments.ReviewWeek { return week }, 8)
	if err != nil {
		t.Fatal(err)
	}
	idle := experiments.Summarize(f.Facts, week).IdleGoals
	if len(idle) != 1 || idle[0].Number != closedAfter.Number {
		t.Errorf("idle goals of 2025-W10 = %+v, want G%d alone: it was open then", idle, closedAfter.Number)
	}
}
