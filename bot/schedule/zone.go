package schedule

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// zoneCache holds the zones loaded so far by name: time.LoadLocation reads
// and parses the zone's data on every call, and a round of check-ins asks
// for the same few zones a thousand times. Only valid names are stored,
// so it holds at most the ~600 zones there are.
var zoneCache sync.Map // name → *time.Location

// LoadZone is time.LoadLocation, cached, refusing "" and "Local", which
// name no zone a user chose (UTC and the host's zone).
func LoadZone(name string) (*time.Location, error) {
	if loc, ok := zoneCache.Load(name); ok {
		return loc.(*time.Location), nil
	}
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("no zone named %q", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	zoneCache.Store(name, loc)
	return loc, nil
}

// ZoneOf returns the zone the channel ch runs in: its own when it names
// one that loads, else def. A zone that does not load (a name this
// host's zone database lacks, or one written to the database by hand) is
// logged as a warning on log and gives way to def, so the channel is
// served in the bot's zone rather than not at all. The bot, the scheduler
// and `aimlater digest` all resolve zones here, so they agree. A nil log
// discards.
func ZoneOf(ch experiments.ChannelSettings, def *time.Location, log *slog.Logger) *time.Location {
	if ch.TimeZone == "" {
		return def
	}
	loc, err := LoadZone(ch.TimeZone)
	if err != nil {
		if log != nil {
			log.Warn("channel zone unknown, using default", "channel", ch.Channel, "zone", ch.TimeZone)
		}
		return def
	}
	return loc
}
