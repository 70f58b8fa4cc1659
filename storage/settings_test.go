package storage

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

func TestChannelSettings(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	got, err := db.ChannelSettings(ctx, "T1", "C1")
	if want := experiments.DefaultChannelSettings("T1", "C1"); err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("ChannelSettings before any save = %+v, %v; want the defaults %+v", got, err, want)
	}
	first := experiments.ChannelSettings{
		Team: "T1", Channel: "C1", CheckInSchedule: "0 10 * * 1-5", DigestSchedule: "off",
		TimeZone: "Europe/Berlin", QuietAfterDays: 5, IdeaStaleDays: 10, ExperimentDays: 21, TempoTarget: 4,
	}
	second := first
	second.DigestSchedule, second.TempoTarget = "", 1
	for _, want := range []experiments.ChannelSettings{first, second} {
		if err := db.SaveChannelSettings(ctx, want); err != nil {
			t.Fatal(err)
		}
		if got, err := db.ChannelSettings(ctx, "T1", "C1"); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ChannelSettings after save = %+v, %v\nwant %+v", got, err, want)
		}
	}
}

func TestListChannels(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for _, x := range []struct{ team, channel string }{{"T2", "C9"}, {"T1", "C2"}, {"T1", "C2"}} {
		e := experiments.Experiment{Team: x.team, Channel: x.channel, Owner: "U1", Title: "x"}
		mustCreate(t, db, &e)
	}
	saved := experiments.ChannelSettings{Team: "T1", Channel: "C1", TimeZone: "Asia/Tokyo", QuietAfterDays: 1, IdeaStaleDays: 2, ExperimentDays: 3, TempoTarget: 4}
	withBoth := experiments.ChannelSettings{Team: "T1", Channel: "C2", CheckInSchedule: "off", QuietAfterDays: 9, IdeaStaleDays: 9, ExperimentDays: 9, TempoTarget: 9}
	for _, s := range []experiments.ChannelSettings{saved, withBoth} {
		if err := db.SaveChannelSettings(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.ListChannels(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []experiments.ChannelSettings{saved, withBoth, experiments.DefaultChannelSettings("T2", "C9")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ListChannels =\n%+v\nwant\n%+v", got, want)
	}
}

func TestAway(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	until := t0.AddDate(0, 0, 7)
	steps := []struct {
		name string
		set  *time.Time // nil: only read
		want time.Time
	}{
		{"none yet", nil, time.Time{}},
		{"set", &until, until},
		{"move", ptr(until.AddDate(0, 0, 3)), until.AddDate(0, 0, 3)},
		{"clear", &time.Time{}, time.Time{}},
	}
	for _, s := range steps {
		if s.set != nil {
			if err := db.SetAway(ctx, "T1", "U1", *s.set); err != nil {
				t.Fatalf("%s: SetAway: %v", s.name, err)
			}
		}
		got, err := db.AwayUntil(ctx, "T1", "U1")
		if err != nil || !got.Equal(s.want) {
			t.Errorf("%s: AwayUntil = %v, %v; want %v", s.name, got, err, s.want)
		}
	}
	if got, _ := db.AwayUntil(ctx, "T2", "U1"); !got.IsZero() {
		t.Errorf("AwayUntil in another team = %v, want zero", got)
	}
}
