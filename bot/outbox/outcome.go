package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// backoffBase and backoffCap bound the wait after a failed attempt: the
// ceiling doubles from backoffBase with each attempt up to backoffCap.
const (
	backoffBase = time.Second
	backoffCap  = 5 * time.Minute
)

// failed records a failed attempt at m: retry later or give up, depending
// on what err says about the message and on its age.
func (s *Sender) failed(ctx context.Context, m experiments.OutboxMessage, p Payload, err error) error {
	now, key := s.Now(), pacingKey(m, p)
	retryAfter, class := classify(err)
	// A failed lookup leaves the question open: the message may be in Slack.
	unsure := class == errUnsure || errors.As(err, new(*lookupError))
	switch {
	case errors.As(err, new(*drawError)):
		return s.markDead(ctx, m, p, err) // the post it goes with stands
	case class == errPermanent:
		return s.giveUp(ctx, m, p, err)
	case class == errRateLimited:
		s.hold(key, now.Add(retryAfter))
		s.hold(teamKey(m.Team), now.Add(min(retryAfter, teamPause)))
		return s.retryLater(ctx, m, p, now.Add(retryAfter), err, unsure)
	case s.tooOld(m, now):
		return s.markDead(ctx, m, p, fmt.Errorf("older than %s: %w", s.MaxAge, err))
	default:
		at := now.Add(s.backoff(m.Attempts + 1))
		// Hold the key until the retry too, so that later messages to the
		// same place do not overtake this one.
		s.hold(key, at)
		return s.retryLater(ctx, m, p, at, err, unsure)
	}
}

// tooOld reports whether m is past MaxAge at now. A message that does not
// know when it was queued is taken as new.
func (s *Sender) tooOld(m experiments.OutboxMessage, now time.Time) bool {
	return !m.CreatedAt.IsZero() && now.Sub(m.CreatedAt) >= s.MaxAge
}

// backoff returns the wait after failed attempt number attempt (from 1):
// "full jitter", uniform in [0, ceiling) where the ceiling doubles from
// backoffBase with each attempt up to backoffCap, so that many messages
// failing together do not retry in lockstep.
func (s *Sender) backoff(attempt int) time.Duration {
	ceiling := backoffCap
	if attempt < 1 {
		attempt = 1
	}
	if shift := attempt - 1; shift < 20 { // 2^20 s is far past the cap
		ceiling = min(backoffBase<<shift, backoffCap)
	}
	return time.Duration(s.Jitter() * float64(ceiling))
}

// giveUp ends m on an error retrying cannot fix and tells the person whose
// action queued it.
func (s *Sender) giveUp(ctx context.Context, m experiments.OutboxMessage, p Payload, cause error) error {
	if err := s.markDead(ctx, m, p, cause); err != nil {
		return err
	}
	s.tellActor(ctx, m, p, cause)
	return nil
}

// markSent records that message m went out as sent says, and queues its
// thread replies if it has any (see threadReplies). The write is detached
// from ctx's cancellation: Slack has the message, and losing the mark
// during shutdown would post it again after the restart.
func (s *Sender) markSent(ctx context.Context, m experiments.OutboxMessage, sent sentMessage) error {
	replies := threadReplies(m, sent)
	err := s.record(ctx, func(ctx context.Context) error {
		if len(replies) > 0 {
			return s.store.MarkSentWithReplies(ctx, m.ID, sent.at, replies)
		}
		return s.store.MarkSent(ctx, m.ID, sent.at)
	})
	if err != nil {
		s.unmarked[m.ID] = unmarkedSend{msg: m, sent: sent}
		return fmt.Errorf("mark outbox message %d sent: %w", m.ID, err)
	}
	delete(s.unmarked, m.ID)
	return nil
}

// retryLater records a failed attempt at m and puts it off until at; when
// unsure, m stays in flight so that the next attempt looks for it first.
func (s *Sender) retryLater(ctx context.Context, m experiments.OutboxMessage, p Payload, at time.Time, cause error, unsure bool) error {
	s.log.Warn("outbox message retry", "id", m.ID, "kind", m.Kind, "channel", channelOf(m, p),
		"attempts", m.Attempts+1, "retry_at", at, "in_flight", unsure, "err", cause)
	retry := s.store.RetryLater
	if unsure {
		retry = s.store.RetryInFlight
	}
	err := s.record(ctx, func(ctx context.Context) error { return retry(ctx, m.ID, at, cause.Error()) })
	if err != nil {
		return fmt.Errorf("retry outbox message %d later: %w", m.ID, err)
	}
	return nil
}

// markDead gives up on m, with an error log line since a message is lost.
func (s *Sender) markDead(ctx context.Context, m experiments.OutboxMessage, p Payload, cause error) error {
	s.log.Error("outbox message dead", "id", m.ID, "kind", m.Kind, "channel", channelOf(m, p),
		"user", p.User, "attempts", m.Attempts+1, "err", cause)
	err := s.record(ctx, func(ctx context.Context) error { return s.store.MarkDead(ctx, m.ID, cause.Error()) })
	if err != nil {
		return fmt.Errorf("mark outbox message %d dead: %w", m.ID, err)
	}
	return nil
}

// record runs a store write about an attempt, detached from ctx's
// cancellation (what Slack answered is worth keeping even during shutdown)
// but bounded by CallTimeout.
func (s *Sender) record(ctx context.Context, write func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.CallTimeout)
	defer cancel()
	return write(ctx)
}
