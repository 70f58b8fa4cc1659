package outbox

import (
	"context"
	"time"
)

// Run drains the outbox until ctx is done; then it returns nil. Between
// passes it sleeps until a writer calls Wake, the earliest queue head is
// due (its NotBefore or its lease's end, as the store says), a channel
// held by pacing frees up while a due head waits for it, or IdleWait has
// passed. So an idle bot makes no pass at all, and a busy one a pass per
// queued batch rather than one per envelope. A failed pass is logged and
// the next one tried after PollInterval, so that a passing database hiccup
// does not stop delivery.
func (s *Sender) Run(ctx context.Context) error {
	for {
		// Drain before the first wait: messages left pending by the last
		// run go out right after a restart.
		wait := s.drain(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-s.After(wait):
		case <-s.wake:
		}
	}
}

// drain runs one pass for Run, logs what went wrong and returns how long
// to sleep before the next.
func (s *Sender) drain(ctx context.Context) time.Duration {
	sent, full, err := s.pass(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("drain outbox", "err", err)
		}
		return s.pollInterval()
	}
	if full && sent > 0 {
		return 0 // more heads may be due behind the batch
	}
	return s.untilNext(ctx)
}

// untilNext returns how long Run may sleep before a message can be sent.
func (s *Sender) untilNext(ctx context.Context) time.Duration {
	next, err := s.store.NextDue(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("next due outbox message", "err", err)
		}
		return s.pollInterval()
	}
	now := s.Now()
	idle := s.IdleWait
	if idle <= 0 {
		idle = DefaultIdleWait
	}
	switch {
	case next.IsZero():
		return idle
	case next.After(now):
		return min(next.Sub(now), idle)
	}
	// A head is due and the pass left it: its channel, user or team is
	// held by pacing, or its mark failed and is retried next pass.
	s.mu.Lock()
	defer s.mu.Unlock()
	if hold, ok := s.earliestHold(now); ok && len(s.unmarked) == 0 {
		return min(hold.Sub(now), idle)
	}
	return s.pollInterval()
}

// pollInterval is PollInterval, or its default when unset.
func (s *Sender) pollInterval() time.Duration {
	if s.PollInterval <= 0 {
		return DefaultPollInterval
	}
	return s.PollInterval
}

// Wake asks Run for a pass now: call it once messages were queued (their
// transaction committed). It never blocks: a wake already pending covers
// this one.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}
