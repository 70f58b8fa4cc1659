package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
)

// TestChannelSchedulesRunAtMostHourly: any member could set `@every 1m`
// and get a digest every minute.
func TestChannelSchedulesRunAtMostHourly(t *testing.T) {
	tests := []struct {
		spec    string
		refused bool
	}{
		{"@every 1m", true},
		{"@every 59m59s", true},
		{"*/30 * * * *", true},
		{"0,30 9 * * 1", true},
		{"* 9 1 1 *", true}, // dense on one day a year only
		{"*/5 10 * * *", true},
		{"CRON_TZ=Europe/Rome 0-1 10 * * *", true},
		{"@hourly", false},
		{"@every 1h", false},
		{"@every 90m", false},
		{"0 * * * *", false},
		{"30 * * * *", false},
		{"0 9,10 * * *", false},
		{"45 23 * * *", false},
		{"@daily", false},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			for _, kind := range []string{"checkins", "digest"} {
				app, store, _ := scheduleApp(t)
				r := app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "schedule " + kind + " " + tt.spec})
				refused := strings.Contains(r.Text, ":warning:")
				if refused != tt.refused || (refused && !strings.Contains(r.Text, "more often than once an hour")) {
					t.Errorf("%s %q: reply %q, want refused=%v", kind, tt.spec, r.Text, tt.refused)
				}
				if refused && (len(store.schedules) != 0 || !strings.Contains(r.Text, "`@hourly`")) {
					t.Errorf("refused %q saved %v or gave no example", tt.spec, store.schedules)
				}
			}
		})
	}
	if experiments.MinChannelSchedulePeriod != time.Hour {
		t.Errorf("tooFrequent reads a cron spec's minute field, which encodes an hourly floor: revisit it for %v", experiments.MinChannelSchedulePeriod)
	}
}

// TestBadSpecsAreExplained: the errors showed robfig's raw text, such as
// "expected exactly 5 fields, found 4: [every day at ten]".
func TestBadSpecsAreExplained(t *testing.T) {
	tests := []struct{ spec, want string }{
		{"every day at ten", "five fields — minute hour day-of-month month weekday — and this has 4"},
		{"0 0 9 * * 1", "and this has 6"},
		{"0 25 * * *", "the hour field `25` is not valid: it takes 0–23"},
		{"61 10 * * *", "the minute field `61`"},
		{"0 10 * * funday", "the weekday field `funday`"},
		{"0 10 32 * *", "the day-of-month field `32`"},
		{"0 10 * 13 *", "the month field `13`"},
		{"@weekdays", "`@weekdays` is not one of `@hourly`"},
		{"@every soon", "`@every` needs a period such as `2h`"},
		{"CRON_TZ=Mars/Olympus 0 10 * * *", "`Mars/Olympus` is not a time zone"},
		{"CRON_TZ=Europe/Rome", "a zone needs a schedule after it"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			app, _, _ := scheduleApp(t)
			r := app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "schedule digest " + tt.spec})
			if !strings.Contains(r.Text, tt.want) || !strings.Contains(r.Text, "e.g. `") {
				t.Errorf("reply %q, want %q and an example", r.Text, tt.want)
			}
			for _, raw := range []string{"[", "expected exactly", "failed to parse", "provided bad location", "above maximum"} {
				if strings.Contains(r.Text, raw) {
					t.Errorf("reply %q shows the parser's raw text %q", r.Text, raw)
				}
			}
		})
	}
}

// TestStoredTooFrequentSpecGivesWayToTheDefault: a channel that set
// `@every 1m` before the floor existed gets the bot's default, and is told.
func TestStoredTooFrequentSpecGivesWayToTheDefault(t *testing.T) {
	d := schedule.Defaults{CheckIns: "0 10 * * 2,4", Digest: "0 9 * * 1"}
	ch := experiments.ChannelSettings{DigestSchedule: "@every 1m", CheckInSchedule: "@every 2h"}
	if got := d.SpecFor(ch, schedule.KindDigest); got != "0 9 * * 1" {
		t.Errorf("specFor(digest @every 1m) = %q, want the default", got)
	}
	if got := d.SpecFor(ch, schedule.KindCheckIns); got != "@every 2h" {
		t.Errorf("specFor(check-ins @every 2h) = %q, want the channel's own", got)
	}
	app, store, _ := scheduleApp(t)
	store.settings["C1"] = experiments.ChannelSettings{Team: "T1", Channel: "C1", DigestSchedule: "*/5 * * * *"}
	r := app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "schedule"})
	if want := "*Digest* `0 9 * * 1` _(bot default: this channel's `*/5 * * * *` runs more often than hourly)_"; !strings.Contains(r.Text, want) {
		t.Errorf("reply lacks %q:\n%s", want, r.Text)
	}
}
