package schedule

import (
	"testing"
	"time"
	_ "time/tzdata" // the DST tables must not depend on the host's zoneinfo

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/internal/testkit"
	"github.com/robfig/cron/v3"
)

var (
	mustZone = testkit.MustZone
	utc      = testkit.UTC
)

func mustSchedule(t testing.TB, spec string, loc *time.Location) Spec {
	t.Helper()
	s, err := Parse(spec, loc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The 2026 transitions: New York springs forward on 8 March (02:00 EST →
// 03:00 EDT, 07:00Z) and falls back on 1 November (02:00 EDT → 01:00 EST,
// 06:00Z); Rome springs forward on 29 March (02:00 CET → 03:00 CEST, 01:00Z)
// and falls back on 25 October (03:00 CEST → 02:00 CET, 01:00Z).
func TestTickScheduleNextAcrossDST(t *testing.T) {
	tests := []struct {
		name, zone, spec, from string
		want                   []string // the next ticks, in order
	}{
		{"NY spring: 02:30 does not exist, runs at the jump", "America/New_York", "30 2 * * *", "2026-03-07T17:00:00Z",
			[]string{"2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z"}},
		{"NY spring: a quarter-hourly 02:xx runs once", "America/New_York", "*/15 2 * * *", "2026-03-08T05:00:00Z",
			[]string{"2026-03-08T07:00:00Z", "2026-03-09T06:00:00Z"}},
		{"NY spring: hourly skips nothing it can run", "America/New_York", "0 * * * *", "2026-03-08T05:30:00Z",
			[]string{"2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z"}},
		{"Rome spring: 02:00 does not exist, runs at 03:00 CEST", "Europe/Rome", "0 2 * * *", "2026-03-28T12:00:00Z",
			[]string{"2026-03-29T01:00:00Z", "2026-03-30T00:00:00Z"}},
		{"Rome spring: 10:00 on Tue/Thu moves to CEST", "Europe/Rome", "0 10 * * 2,4", "2026-03-23T00:00:00Z",
			[]string{"2026-03-24T09:00:00Z", "2026-03-26T09:00:00Z", "2026-03-31T08:00:00Z"}},
		{"Rome fall: 02:30 happens twice, runs once", "Europe/Rome", "30 2 * * *", "2026-10-24T12:00:00Z",
			[]string{"2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"}},
		{"NY fall: 01:30 happens twice, runs once", "America/New_York", "30 1 * * *", "2026-10-31T12:00:00Z",
			[]string{"2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"}},
		{"NY fall: hourly does not run 01:00 twice", "America/New_York", "0 * * * *", "2026-11-01T04:30:00Z",
			[]string{"2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z", "2026-11-01T08:00:00Z"}},
		{"NY fall: from inside the repeated hour", "America/New_York", "30 1 * * *", "2026-11-01T06:10:00Z",
			[]string{"2026-11-02T06:30:00Z"}},
		{"CRON_TZ wins over the channel's zone", "America/New_York", "CRON_TZ=Europe/Rome 30 2 * * *", "2026-03-28T12:00:00Z",
			[]string{"2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z"}},
		{"@every ticks on multiples since the epoch", "Europe/Rome", "@every 1h", "2026-10-25T00:20:00Z",
			[]string{"2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustSchedule(t, tt.spec, mustZone(t, tt.zone))
			at := utc(tt.from)
			for i, w := range tt.want {
				at = s.Next(at)
				if want := utc(w); !at.Equal(want) {
					t.Fatalf("tick %d = %s, want %s", i+1, at.UTC().Format(time.RFC3339), w)
				}
			}
		})
	}
}

// TestRobfigDSTBehaviour pins down what robfig/cron v3.0.1 itself does,
// which is why Spec exists: it skips a wall time in the
// spring-forward gap for the whole day and runs one in the repeated hour
// twice. Should an upgrade fix either, this test says so.
func TestRobfigDSTBehaviour(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	spring, _ := cron.ParseStandard("30 2 * * *")
	if got := spring.Next(utc("2026-03-07T17:00:00Z").In(ny)); !got.Equal(utc("2026-03-09T06:30:00Z")) {
		t.Errorf("robfig spring forward: next = %s, want the day skipped (2026-03-09T06:30Z)", got.UTC())
	}
	fall, _ := cron.ParseStandard("30 1 * * *")
	first := fall.Next(utc("2026-10-31T12:00:00Z").In(ny))
	if second := fall.Next(first); !second.Equal(utc("2026-11-01T06:30:00Z")) {
		t.Errorf("robfig fall back: after %s next = %s, want the repeat at 06:30Z", first.UTC(), second.UTC())
	}
}

func TestInstantOf(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	tests := []struct{ name, wall, want string }{
		{"ordinary reading", "2026-06-01T10:00:00Z", "2026-06-01T14:00:00Z"},
		{"in the gap", "2026-03-08T02:30:00Z", "2026-03-08T07:00:00Z"},
		{"start of the gap", "2026-03-08T02:00:00Z", "2026-03-08T07:00:00Z"},
		{"repeated reading: the first", "2026-11-01T01:30:00Z", "2026-11-01T05:30:00Z"},
		{"just after the repeat", "2026-11-01T02:00:00Z", "2026-11-01T07:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := instantOf(utc(tt.wall), ny); !got.Equal(utc(tt.want)) {
				t.Errorf("instantOf(%s) = %s, want %s", tt.wall, got.UTC().Format(time.RFC3339), tt.want)
			}
		})
	}
}

func TestDueTick(t *testing.T) {
	const window = 12 * time.Hour
	rome, ny := "Europe/Rome", "America/New_York"
	tests := []struct {
		name, zone, spec, last, now string
		run                         string // "" when nothing runs
		skipped                     int
		expired                     string // "" when none
	}{
		{"nothing due yet", rome, "0 10 * * *", "2026-06-01T08:00:00Z", "2026-06-02T07:59:59Z", "", 0, ""},
		{"the tick that just came", rome, "0 10 * * *", "2026-06-01T08:00:00Z", "2026-06-02T08:00:01Z", "2026-06-02T08:00:00Z", 0, ""},
		{"recorded already: no repeat", rome, "0 10 * * *", "2026-06-02T08:00:00Z", "2026-06-02T08:00:01Z", "", 0, ""},
		{"two missed in the window: the latest runs once", rome, "0 */4 * * *", "2026-06-02T02:00:00Z", "2026-06-02T11:00:00Z",
			"2026-06-02T10:00:00Z", 1, ""},
		{"missed beyond the window: skipped", rome, "0 10 * * *", "2026-06-01T08:00:00Z", "2026-06-02T21:00:00Z",
			"", 0, "2026-06-02T08:00:00Z"},
		{"old ones expire, a recent one catches up", rome, "0 10,20 * * *", "2026-05-30T08:00:00Z", "2026-06-02T19:00:00Z",
			"2026-06-02T18:00:00Z", 1, "2026-05-30T18:00:00Z"},
		{"nothing recorded: the latest in the window", rome, "0 10 * * *", "", "2026-06-02T12:00:00Z", "2026-06-02T08:00:00Z", 0, ""},
		{"nothing recorded, nothing in the window", rome, "0 10 * * *", "", "2026-06-02T07:00:00Z", "", 0, ""},
		{"NY spring gap runs at the jump", ny, "30 2 * * *", "2026-03-07T07:30:00Z", "2026-03-08T07:00:01Z", "2026-03-08T07:00:00Z", 0, ""},
		{"NY spring gap caught up after a restart", ny, "30 2 * * *", "2026-03-07T07:30:00Z", "2026-03-08T13:00:00Z", "2026-03-08T07:00:00Z", 0, ""},
		{"Rome spring gap runs at the jump", rome, "30 2 * * *", "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:00:00Z", 0, ""},
		{"Rome fall: the second 02:30 is not due", rome, "30 2 * * *", "2026-10-25T00:30:00Z", "2026-10-25T01:30:30Z", "", 0, ""},
		{"NY fall: the second 01:30 is not due", ny, "30 1 * * *", "2026-11-01T05:30:00Z", "2026-11-01T06:45:00Z", "", 0, ""},
		{"NY fall: hourly across the repeat", ny, "0 * * * *", "2026-11-01T05:00:00Z", "2026-11-01T07:00:10Z", "2026-11-01T07:00:00Z", 0, ""},
		{"@every 1s: the latest second", rome, "@every 1s", "2026-06-02T08:00:00Z", "2026-06-02T08:00:05.5Z", "2026-06-02T08:00:05Z", 4, ""},
		{"@every 1h: nothing until the hour", rome, "@every 1h", "2026-06-02T08:00:00Z", "2026-06-02T08:37:12Z", "", 0, ""},
		{"@every 1s: nothing recorded", rome, "@every 1s", "", "2026-06-02T08:00:05.5Z", "2026-06-02T08:00:05Z", 43199, ""},
		{"@every 1h: expired and caught up", rome, "@every 1h", "2026-06-01T00:00:00Z", "2026-06-02T12:30:00Z", "2026-06-02T12:00:00Z", 11, "2026-06-01T01:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var last time.Time
			if tt.last != "" {
				last = utc(tt.last)
			}
			got := dueTick(mustSchedule(t, tt.spec, mustZone(t, tt.zone)), last, utc(tt.now), window)
			if want := timeOrZero(tt.run); !got.run.Equal(want) {
				t.Errorf("run = %s, want %s", got.run.UTC(), want)
			}
			if got.skipped != tt.skipped {
				t.Errorf("skipped = %d, want %d", got.skipped, tt.skipped)
			}
			if want := timeOrZero(tt.expired); !got.expired.Equal(want) {
				t.Errorf("expired = %s, want %s", got.expired.UTC(), want)
			}
		})
	}
}

func TestDueTickWithoutCatchUp(t *testing.T) {
	s := mustSchedule(t, "0 10 * * *", mustZone(t, "Europe/Rome"))
	last := utc("2026-06-01T08:00:00Z")
	if got := dueTick(s, last, utc("2026-06-02T08:00:02Z"), 0); !got.run.Equal(utc("2026-06-02T08:00:00Z")) {
		t.Errorf("a tick 2 s old with catch-up off: run = %v, want it run (cron looks a moment late)", got.run)
	}
	if got := dueTick(s, last, utc("2026-06-02T08:05:00Z"), 0); !got.run.IsZero() || got.expired.IsZero() {
		t.Errorf("a tick 5 min old with catch-up off: %+v, want it skipped", got)
	}
}

func timeOrZero(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	return utc(s)
}

func TestParseTickScheduleRejects(t *testing.T) {
	for _, spec := range []string{"", "every tuesday", "0 0 9 * * 1", "CRON_TZ=Europe/Rome", "CRON_TZ=Mars/Base 0 10 * * *", "@fortnightly"} {
		if _, err := Parse(spec, time.UTC); err == nil {
			t.Errorf("Parse(%q) = nil error, want one", spec)
		}
	}
}

func TestSpecFor(t *testing.T) {
	d := Defaults{CheckIns: "0 10 * * 2,4", Digest: "0 9 * * 1"}
	ch := experiments.DefaultChannelSettings("T1", "C1")
	if got := d.SpecFor(ch, KindCheckIns); got != d.CheckIns {
		t.Errorf("no own schedule: %q, want the default %q", got, d.CheckIns)
	}
	ch.DigestSchedule = "off"
	if got := d.SpecFor(ch, KindDigest); got != "off" {
		t.Errorf("own digest schedule: %q, want off", got)
	}
	if got := (Defaults{}).SpecFor(ch, KindCheckIns); got != Off {
		t.Errorf("no default at all: %q, want off", got)
	}
}
