package schedule

import "time"

// Observer hears of the runs the Scheduler records and skips, for metrics.
// Its methods are called on the scheduler's paths and must not block;
// bot.Observer embeds it.
type Observer interface {
	// TickRan reports a scheduled run recorded lag after its scheduled
	// instant (a catch-up's lag is the time the bot was down).
	TickRan(kind string, lag time.Duration)
	// TicksSkipped reports n missed runs of kind that will never run: older
	// than the catch-up window, or older than the one run caught up.
	TicksSkipped(kind string, n int)
}

// nopObserver is the Observer of a scheduler nobody watches.
type nopObserver struct{}

func (nopObserver) TickRan(string, time.Duration) {}
func (nopObserver) TicksSkipped(string, int)      {}

// observerOr returns o, or an Observer that does nothing when o is nil.
func observerOr(o Observer) Observer {
	if o == nil {
		return nopObserver{}
	}
	return o
}

// observeMissed reports the missed runs of kind that will never run: those
// the one catch-up run stands for, and one for the run older than the
// catch-up window (dueTick finds the first of those only, not how many).
func (s *Scheduler) observeMissed(kind string, d dueTicks) {
	n := d.skipped
	if !d.expired.IsZero() {
		n++
	}
	if n > 0 {
		observerOr(s.Observe).TicksSkipped(kind, n)
	}
}
