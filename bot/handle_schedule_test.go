package bot

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
)

// scheduleApp is an App on a fake store with the bot's default schedules,
// pinned on Monday 1 June 2026, 12:00 UTC; reloads records the channels
// rescheduled.
func scheduleApp(t *testing.T) (*App, *checkInStoreFake, *[]string) {
	store := newCheckInStoreFake(dmNow)
	app := newCheckInApp(store)
	app.Now = func() time.Time { return utc("2026-06-01T12:00:00Z") }
	app.Schedules = schedule.Defaults{CheckIns: "0 10 * * 2,4", Digest: "0 9 * * 1"}
	var reloads []string
	app.Reschedule = func(_ context.Context, team, channel string) error {
		reloads = append(reloads, team+"/"+channel)
		return nil
	}
	return app, store, &reloads
}

func TestScheduleShowsTheNextThreeTimes(t *testing.T) {
	app, _, _ := scheduleApp(t)
	r := app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "schedule"})
	for _, want := range []string{"*Zone* UTC _(bot default)_",
		"*Check-ins* `0 10 * * 2,4` _(bot default)_ — next: Tue 2 Jun 10:00 UTC, Thu 4 Jun 10:00 UTC, Tue 9 Jun 10:00 UTC",
		"*Digest* `0 9 * * 1` _(bot default)_ — next: Mon 8 Jun 09:00 UTC, Mon 15 Jun 09:00 UTC, Mon 22 Jun 09:00 UTC"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("reply lacks %q:\n%s", want, r.Text)
		}
	}
}

func TestScheduleChanges(t *testing.T) {
	tests := []struct {
		name, text string
		want       experiments.ChannelSettings // the schedules and zone saved
		restart    []string
		replyWants string
	}{
		{"check-ins", "schedule checkins 30 9 * * 1-5", experiments.ChannelSettings{CheckInSchedule: "30 9 * * 1-5"},
			[]string{schedule.KindCheckIns}, "*Check-ins* `30 9 * * 1-5` — next: Tue 2 Jun 09:30 UTC"},
		{"check-ins off", "schedule checkins OFF", experiments.ChannelSettings{CheckInSchedule: "off"},
			[]string{schedule.KindCheckIns}, "*Check-ins* off"},
		{"digest", "schedule digest @daily", experiments.ChannelSettings{DigestSchedule: "@daily"},
			[]string{schedule.KindDigest}, "*Digest* `@daily` — next: Tue 2 Jun 00:00 UTC"},
		{"same as the default restarts nothing", "schedule digest 0 9 * * 1", experiments.ChannelSettings{DigestSchedule: "0 9 * * 1"},
			nil, "*Digest* `0 9 * * 1` — next"},
		{"zone", "schedule tz Europe/Rome", experiments.ChannelSettings{TimeZone: "Europe/Rome"},
			[]string{schedule.KindCheckIns, schedule.KindDigest}, "*Check-ins* `0 10 * * 2,4` _(bot default)_ — next: Tue 2 Jun 10:00 CEST"},
		{"CRON_TZ", "schedule checkins CRON_TZ=America/New_York 0 10 * * *", experiments.ChannelSettings{CheckInSchedule: "CRON_TZ=America/New_York 0 10 * * *"},
			[]string{schedule.KindCheckIns}, "next: Mon 1 Jun 14:00 UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app, store, reloads := scheduleApp(t)
			r := app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: tt.text})
			if !strings.Contains(r.Text, tt.replyWants) {
				t.Errorf("reply lacks %q:\n%s", tt.replyWants, r.Text)
			}
			if len(store.schedules) != 1 {
				t.Fatalf("%d saves, want 1", len(store.schedules))
			}
			got := store.schedules[0]
			want := experiments.DefaultChannelSettings("T1", "C1")
			want.CheckInSchedule, want.DigestSchedule, want.TimeZone = tt.want.CheckInSchedule, tt.want.DigestSchedule, tt.want.TimeZone
			if !reflect.DeepEqual(got.settings, want) || !reflect.DeepEqual(got.restart, tt.restart) || !got.at.Equal(app.Now()) {
				t.Errorf("saved %+v restarting %v at %v\nwant %+v restarting %v at now", got.settings, got.restart, got.at, want, tt.restart)
			}
			if !reflect.DeepEqual(*reloads, []string{"T1/C1"}) {
				t.Errorf("rescheduled %v, want T1/C1 at once", *reloads)
			}
		})
	}
}

func TestScheduleBackToDefault(t *testing.T) {
	app, store, _ := scheduleApp(t)
	store.settings["C1"] = experiments.ChannelSettings{Team: "T1", Channel: "C1", CheckInSchedule: "off", TimeZone: "Asia/Tokyo"}
	app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "schedule checkins default"})
	app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "schedule tz default"})
	if got := store.settings["C1"]; got.CheckInSchedule != "" || got.TimeZone != "" {
		t.Errorf("settings %+v, want schedule and zone back to the defaults", got)
	}
}

func TestScheduleRefusesBadValues(t *testing.T) {
	tests := []struct{ text, want string }{
		{"schedule checkins every tuesday", "is not a schedule"},
		{"schedule checkins <!channel>", "`&lt;!channel&gt;` is not a schedule"},
		{"schedule digest 0 0 9 * * 1", "is not a schedule"},
		{"schedule checkins CRON_TZ=Europe/Rome", "is not a schedule"},
		{"schedule checkins @every 10s", "more often than once an hour"},
		{"schedule checkins 0 0 30 2 *", "never runs"},
		{"schedule checkins", "Say when"},
		{"schedule tz Mars/Olympus", "`Mars/Olympus` is not a time zone"},
		{"schedule tz Local", "is not a time zone"},
		{"schedule weekly", "shows when this channel"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			app, store, reloads := scheduleApp(t)
			r := app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: tt.text})
			if !strings.Contains(r.Text, ":warning:") || !strings.Contains(r.Text, tt.want) {
				t.Errorf("reply %q, want a warning with %q", r.Text, tt.want)
			}
			if len(store.schedules) != 0 || len(*reloads) != 0 {
				t.Errorf("a bad value changed something: %v, %v", store.schedules, *reloads)
			}
		})
	}
}

func TestScheduleIsPerChannel(t *testing.T) {
	app, store, _ := scheduleApp(t)
	r := app.Handle(context.Background(), Command{Team: "T1", Channel: "DU1", User: "U1", Text: "schedule checkins @daily"})
	if !strings.Contains(r.Text, "Schedules belong to a channel") || len(store.schedules) != 0 {
		t.Errorf("in a DM: %q, %d saves; want a hint and nothing saved", r.Text, len(store.schedules))
	}
}

func TestScheduleSavedEvenIfTheReloadFails(t *testing.T) {
	app, store, _ := scheduleApp(t)
	app.Reschedule = func(context.Context, string, string) error { return errors.New("scheduler stopped") }
	r := app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "schedule checkins @hourly"})
	if strings.Contains(r.Text, ":warning:") || len(store.schedules) != 1 {
		t.Errorf("reply %q with %d saves; want the change saved and confirmed", r.Text, len(store.schedules))
	}
}

func TestNextTimesShowTheYearWhenItChanges(t *testing.T) {
	s, err := schedule.Parse("@yearly", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	if got, want := nextTimes(s, now, time.UTC), "Fri 1 Jan 2027 00:00 UTC"; !strings.Contains(got, want) || !strings.Contains(got, "2029") {
		t.Errorf("nextTimes(@yearly) = %q, want years in it such as %q", got, want)
	}
	s, _ = schedule.Parse("0 10 * * 2,4", time.UTC)
	if got := nextTimes(s, now, time.UTC); strings.Contains(got, "2026") {
		t.Errorf("nextTimes within this year = %q, want no year", got)
	}
}
