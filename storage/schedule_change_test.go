package storage

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

func TestSaveSchedulesKeepsOtherSettingsAndMarksTheLedger(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	saved := experiments.DefaultChannelSettings("T1", "C1")
	saved.TempoTarget, saved.DigestSchedule = 9, "0 9 * * 1"
	if err := db.SaveChannelSettings(ctx, saved); err != nil {
		t.Fatal(err)
	}
	change := experiments.DefaultChannelSettings("T1", "C1") // stale for everything but the schedules
	change.CheckInSchedule, change.DigestSchedule, change.TimeZone = "0 11 * * *", "0 9 * * 1", "Europe/Rome"
	at := t0.Add(time.Minute)
	if err := db.SaveSchedules(ctx, change, []string{"checkins"}, at); err != nil {
		t.Fatal(err)
	}
	got, err := db.ChannelSettings(ctx, "T1", "C1")
	want := saved
	want.CheckInSchedule, want.TimeZone = "0 11 * * *", "Europe/Rome"
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("settings = %+v, %v\nwant %+v", got, err, want)
	}
	for kind, wantLast := range map[string]time.Time{"checkins": at, "digest": {}} {
		if last, err := db.LastTick(ctx, "T1", "C1", kind); err != nil || !last.Equal(wantLast) {
			t.Errorf("LastTick(%s) = %v, %v; want %v", kind, last, err, wantLast)
		}
	}
}

func TestSaveSchedulesOnANewChannelUsesDefaults(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	s := experiments.ChannelSettings{Team: "T1", Channel: "C7", CheckInSchedule: "off"}
	if err := db.SaveSchedules(ctx, s, nil, t0); err != nil {
		t.Fatal(err)
	}
	want := experiments.DefaultChannelSettings("T1", "C7")
	want.CheckInSchedule = "off"
	if got, err := db.ChannelSettings(ctx, "T1", "C7"); err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("settings = %+v, %v; want %+v", got, err, want)
	}
}
