package bot

import (
	"time"

	"github.com/aimlater/aimlater/bot/schedule"
)

// Observer hears what the bot does, for metrics: cmd/aimlater implements it
// with Prometheus, so that the bot itself imports no metrics library. Its
// methods are called on the bot's hot paths and must not block.
type Observer interface {
	// Envelope reports an envelope acked after ack, by its type and
	// outcome (one of the Outcome constants).
	Envelope(typ, outcome string, ack time.Duration)
	// HandlerError reports an internal error (or a panic) that became an
	// apology, by where it happened: "command", "submission" or "panic".
	HandlerError(where string)
	// The scheduler's runs recorded and skipped (TickRan, TicksSkipped).
	schedule.Observer
	// Connection reports the socket-mode connection going up or down.
	Connection(up bool)
}

// Outcomes of an envelope, for Observer.Envelope.
const (
	// OutcomeAnswered: handled within the ack budget; the answer, if any,
	// rode in the ack.
	OutcomeAnswered = "answered"
	// OutcomeLate: acked bare when the budget ran out; the answer followed.
	OutcomeLate = "late"
	// OutcomeRedelivery: a redelivery of a request stored already, acked
	// and not run again.
	OutcomeRedelivery = "redelivery"
	// OutcomePanic: the handler panicked; acked with an apology.
	OutcomePanic = "panic"
)

// nopObserver is the Observer of a bot nobody watches.
type nopObserver struct{}

func (nopObserver) Envelope(string, string, time.Duration) {}
func (nopObserver) HandlerError(string)                    {}
func (nopObserver) TickRan(string, time.Duration)          {}
func (nopObserver) TicksSkipped(string, int)               {}
func (nopObserver) Connection(bool)                        {}

// ObserverOr returns o, or an Observer that does nothing when o is nil.
func ObserverOr(o Observer) Observer {
	if o == nil {
		return nopObserver{}
	}
	return o
}

// observer is the App's Observer, never nil.
func (a *App) observer() Observer { return ObserverOr(a.Observe) }
