package testkit

import (
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the DST tables must not depend on the host's zoneinfo
)

// Clock is a pinned clock that a test sets or moves by hand; its Now is
// safe to call from the code under test's goroutines.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock is a Clock pinned at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the time the clock is at.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// UTC parses an RFC 3339 time, in UTC; a test's typo panics.
func UTC(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// MustZone loads the IANA zone name, from the embedded tables.
func MustZone(tb testing.TB, name string) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}
