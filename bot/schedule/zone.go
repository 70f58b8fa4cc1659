package schedule

import (
	"fmt"
	"sync"
	"time"
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
