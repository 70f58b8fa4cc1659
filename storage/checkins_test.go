package storage

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

func TestCheckInRoundTrip(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e := experimentIn(t, db, experiments.StatusRunning)
	tests := []struct {
		name string
		c    experiments.CheckIn
	}{
		{"no value", experiments.CheckIn{Author: "U1", Note: "slow week", OnTrack: false}},
		{"value", experiments.CheckIn{Author: "U2", Value: ptr(41.5), Note: "up", OnTrack: true}},
		{"zero value is a value", experiments.CheckIn{Author: "U2", Value: ptr(0.0)}},
		{"explicit time", experiments.CheckIn{Author: "U1", At: t0.Add(-90 * time.Minute)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c
			var notified experiments.CheckIn
			got, err := db.AddCheckIn(ctx, "T1", e.Number, &c, func(_ experiments.Experiment, c experiments.CheckIn, _ *float64) []experiments.OutboxMessage {
				notified = c
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if c.ID == 0 || c.ExperimentID != e.ID || c.At.IsZero() {
				t.Fatalf("stored check-in %+v: want ID, ExperimentID %d and At set", c, e.ID)
			}
			if !reflect.DeepEqual(notified, c) {
				t.Errorf("notify got %+v, want %+v", notified, c)
			}
			list, err := db.ListCheckIns(ctx, e.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !containsCheckIn(list, c) {
				t.Errorf("ListCheckIns = %+v, want it to hold %+v", list, c)
			}
			if got.LastCheckInAt.Before(c.At) {
				t.Errorf("LastCheckInAt = %v, want at least %v", got.LastCheckInAt, c.At)
			}
		})
	}
}

func containsCheckIn(list []experiments.CheckIn, c experiments.CheckIn) bool {
	for _, x := range list {
		if reflect.DeepEqual(x, c) {
			return true
		}
	}
	return false
}

func TestListCheckInsNewestFirst(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	e := experimentIn(t, db, experiments.StatusRunning)
	for _, days := range []int{1, 3, 2} {
		c := experiments.CheckIn{Author: "U1", At: t0.AddDate(0, 0, days), Note: string(rune('0' + days))}
		if _, err := db.AddCheckIn(ctx, "T1", e.Number, &c, nil); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		limit int
		want  string
	}{
		{0, "321"},
		{2, "32"},
		{10, "321"},
	}
	for _, tt := range tests {
		list, err := db.ListCheckIns(ctx, e.ID, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		for _, c := range list {
			got += c.Note
		}
		if got != tt.want {
			t.Errorf("ListCheckIns(limit %d) notes = %q, want %q", tt.limit, got, tt.want)
		}
	}
}

func TestDeletingExperimentCascadesToCheckIns(t *testing.T) {
	db := mustOpen(t)
	e := experimentIn(t, db, experiments.StatusRunning)
	if _, err := db.AddCheckIn(context.Background(), "T1", e.Number, &experiments.CheckIn{Author: "U1"}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.rw.Exec(`DELETE FROM experiments WHERE id = ?`, e.ID); err != nil {
		t.Fatal(err)
	}
	if got := count(t, db, `SELECT COUNT(*) FROM check_ins`); got != 0 {
		t.Errorf("check-ins left after deleting their experiment = %d, want 0", got)
	}
}

// TestAddCheckInGivesTheFirstValue checks the baseline AddCheckIn hands
// its notify for a relative target: the first value logged by time,
// whatever order the check-ins came in, none before any value; nothing
// for an absolute target.
func TestAddCheckInGivesTheFirstValue(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	rel := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "t", Status: experiments.StatusRunning,
		Target: experiments.Target{Value: 20, Percent: true}}
	abs := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "t", Status: experiments.StatusRunning,
		Target: experiments.Target{Value: 20}}
	low := experiments.Experiment{Team: "T1", Channel: "C1", Owner: "U1", Title: "t", Status: experiments.StatusRunning,
		Target: experiments.Target{Value: 50, AtMost: true}}
	mustCreate(t, db, &rel)
	mustCreate(t, db, &abs)
	mustCreate(t, db, &low)
	num := func(v float64) *float64 { return &v }
	for i, tt := range []struct {
		number int
		at     time.Duration
		value  *float64
		want   *float64
	}{
		{rel.Number, 2 * time.Hour, nil, nil},           // no value yet
		{rel.Number, 3 * time.Hour, num(100), num(100)}, // the first
		{rel.Number, 4 * time.Hour, num(130), num(100)}, // a later one
		{rel.Number, time.Hour, num(90), num(90)},       // back-dated before the first
		{low.Number, 3 * time.Hour, num(80), nil},       // "at most" reads none
		{abs.Number, 3 * time.Hour, num(100), num(100)}, // "at least": did it start past?
	} {
		var got *float64
		c := experiments.CheckIn{Author: "U1", At: t0.Add(tt.at), OnTrack: true, Value: tt.value}
		_, err := db.AddCheckIn(ctx, "T1", tt.number, &c, func(_ experiments.Experiment, _ experiments.CheckIn, first *float64) []experiments.OutboxMessage {
			got = first
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
			t.Errorf("check-in %d: first value %v, want %v", i, deref(got), deref(tt.want))
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
