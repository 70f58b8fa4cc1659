package testkit

import (
	"slices"
	"sync"
	"time"
)

// Observer records what the scheduler's and the socket's observers are
// told, one word per call ("tick checkins", "envelope slash_commands
// handled", "up"), in order.
type Observer struct {
	mu    sync.Mutex
	heard []string
}

func (o *Observer) note(s string) { o.mu.Lock(); o.heard = append(o.heard, s); o.mu.Unlock() }

// Heard is what the observer was told so far.
func (o *Observer) Heard() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.heard)
}

// TickRan records "tick KIND".
func (o *Observer) TickRan(kind string, _ time.Duration) { o.note("tick " + kind) }

// TicksSkipped records "skipped KIND".
func (o *Observer) TicksSkipped(kind string, _ int) { o.note("skipped " + kind) }

// Envelope records "envelope TYPE OUTCOME".
func (o *Observer) Envelope(typ, outcome string, _ time.Duration) {
	o.note("envelope " + typ + " " + outcome)
}

// HandlerError records "error WHERE".
func (o *Observer) HandlerError(where string) { o.note("error " + where) }

// Connection records "up" or "down".
func (o *Observer) Connection(up bool) {
	if up {
		o.note("up")
	} else {
		o.note("down")
	}
}
