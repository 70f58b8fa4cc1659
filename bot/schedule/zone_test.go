package schedule

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

func TestZoneOf(t *testing.T) {
	def := mustZone(t, "America/New_York")
	tests := []struct{ zone, want, logged string }{
		{"", "America/New_York", ""},
		{"Europe/Rome", "Europe/Rome", ""},
		{"Mars/Olympus", "America/New_York", "channel zone unknown, using default"},
		{"Local", "America/New_York", "channel zone unknown, using default"}, // the host's zone is no user's choice
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			var buf bytes.Buffer
			ch := experiments.DefaultChannelSettings("T1", "C1")
			ch.TimeZone = tt.zone
			if got := ZoneOf(ch, def, slog.New(slog.NewTextHandler(&buf, nil))); got.String() != tt.want {
				t.Errorf("ZoneOf(%q) = %s, want %s", tt.zone, got, tt.want)
			}
			if n := strings.Count(buf.String(), "level=WARN"); (tt.logged == "") != (n == 0) || n > 1 || !strings.Contains(buf.String(), tt.logged) {
				t.Errorf("ZoneOf(%q) logged %q, want %q once", tt.zone, buf.String(), tt.logged)
			}
		})
	}
	if got := ZoneOf(experiments.ChannelSettings{TimeZone: "Mars/Olympus"}, time.UTC, nil); got != time.UTC {
		t.Errorf("ZoneOf with a nil log = %s, want the default", got)
	}
}
