package storage

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// TestLoadDigestAsOfWeekEnd reads a past week's digest facts, 2025-W10,
// from a database that has moved on since: what was running, stuck and
// checked in on is as of the week's last millisecond, whatever happened
// after it.
func TestLoadDigestAsOfWeekEnd(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	end := time.Date(2025, 3, 9, 23, 59, 59, 999_000_000, time.UTC) // the end of 2025-W10
	before, after := end.Add(-days(2)), end.Add(days(3))

	steady := launchAt(t, db, "C1", before.Add(-days(10)), before)      // #1 runs then and now
	decidedLater := launchAt(t, db, "C1", before.Add(-days(5)), before) // #2 ran then, decided since
	decideAt(t, db, decidedLater, experiments.DecisionKeep, after)
	launchAt(t, db, "C1", after.Add(-days(40)), after)                 // #3: an idea then, running now
	decidedThen := launchAt(t, db, "C1", before.Add(-days(9)), before) // #4 was decided within the week
	decideAt(t, db, decidedThen, experiments.DecisionKill, before.Add(time.Hour))
	idea := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "later idea", CreatedAt: after}
	mustCreate(t, db, &idea) // #5 did not exist then
	checkIn(t, db, steady.Number, before.Add(time.Hour))
	checkIn(t, db, steady.Number, after)

	setNow(db, after.Add(days(1)))
	past := func(experiments.ChannelSettings) experiments.ReviewWeek {
		return experiments.ReviewedWeek(end, time.UTC)
	}
	d, err := db.LoadDigest(ctx, "T1", "C1", past, 8)
	if err != nil {
		t.Fatal(err)
	}
	if got := digestNumbers(d.Running); !reflect.DeepEqual(got, []int{1, 2}) {
		t.Errorf("running at the week's end = %v, want [1 2]: #2 was decided after it, #3 launched after it", got)
	}
	for _, e := range d.Running {
		if e.Status != experiments.StatusRunning {
			t.Errorf("#%d has status %s, want running as of then", e.Number, e.Status)
		}
	}
	if got := d.Running[0].LastCheckInAt; !got.Equal(before.Add(time.Hour)) {
		t.Errorf("#1's last check-in = %v, want the one before the week's end, %v", got, before.Add(time.Hour))
	}
	if got := digestNumbers(d.Ideas); !reflect.DeepEqual(got, []int{3}) || d.StuckIdeas != 1 {
		t.Errorf("stuck ideas = %v of %d, want [3] of 1: it was a 37-day-old idea then", got, d.StuckIdeas)
	}
	if len(d.Launches) != 3 || len(d.Decisions) != 1 {
		t.Errorf("launches %d, decisions %d; want 3 and 1, none after the week's end", len(d.Launches), len(d.Decisions))
	}
	if w := d.Week; w.ShippedTotal != 3 || w.DecidedTotal != 1 {
		t.Errorf("week shipped %d, decided %d; want 3 and 1", w.ShippedTotal, w.DecidedTotal)
	}
}

// TestLoadDigestNowHasNothingLater checks the digest as of now: nothing
// is later, so the queries of "since then" find nothing to add.
func TestLoadDigestNowHasNothingLater(t *testing.T) {
	db := mustOpen(t)
	tuesday := t0.Add(days(1))
	e := launchAt(t, db, "C1", t0.Add(-days(3)), t0)
	decideAt(t, db, e, experiments.DecisionKeep, t0.Add(time.Hour))
	launchAt(t, db, "C1", t0.Add(-days(2)), t0)
	d := loadDigest(t, db, tuesday, 8)
	if got := digestNumbers(d.Running); !reflect.DeepEqual(got, []int{2}) {
		t.Errorf("running = %v, want [2]", got)
	}
}

// checkIn records an on-track check-in on experiment number at at.
func checkIn(tb testing.TB, db *DB, number int, at time.Time) {
	tb.Helper()
	c := experiments.CheckIn{Author: "U1", At: at, OnTrack: true}
	if _, err := db.AddCheckIn(context.Background(), "T1", number, &c, nil); err != nil {
		tb.Fatal(err)
	}
}
