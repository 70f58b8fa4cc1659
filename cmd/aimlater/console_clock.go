package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// consoleTime is the console's one clock: consoleClock, moved by :now. The
// App, the store and the scheduler all read it, so a deadline, a quiet
// experiment or a due tick reads the same moved time everywhere. It keeps
// running from where it was set, as a clock does.
type consoleTime struct {
	base   func() time.Time
	mu     sync.Mutex
	offset time.Duration
}

// Now returns the console's time.
func (c *consoleTime) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base().Add(c.offset)
}

// Set moves the clock to t.
func (c *consoleTime) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = t.Sub(c.base())
}

// Reset puts the clock back to the real time.
func (c *consoleTime) Reset() { c.Set(c.base()) }

// Moved reports whether the clock is off the real time.
func (c *consoleTime) Moved() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset != 0
}

// nowLayout is how :now takes a time, in the console's zone.
const nowLayout = "2006-01-02 15:04"

// setNow runs `:now [YYYY-MM-DD HH:MM | real]`: it moves the console's
// clock, or puts it back, or only shows it; then it shows what became due
// at the new time.
func (c *console) setNow(ctx context.Context, arg string) error {
	switch {
	case arg == "":
	case strings.EqualFold(arg, "real"):
		c.clock.Reset()
	default:
		t, err := time.ParseInLocation(nowLayout, arg, c.zone)
		if err != nil {
			fmt.Fprintf(c.out, "%q is not a time. Try :now 2026-11-02 10:00 (%s), or :now real.\n", arg, c.zone)
			return nil
		}
		c.clock.Set(t)
	}
	fmt.Fprintln(c.out, c.clockLine())
	return c.drain(ctx)
}

// clockLine says what time the console lives at.
func (c *console) clockLine() string {
	at := c.clock.Now().In(c.zone).Format("Mon 2 Jan 2006 15:04 MST")
	if c.clock.Moved() {
		return "Console clock: " + at + " (moved; :now real goes back to the real time)."
	}
	return "Console clock: " + at + " (the real time)."
}
