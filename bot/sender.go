package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// Defaults of a Sender's fields, each explained on the field it fills.
const (
	defaultPollInterval           = 250 * time.Millisecond
	defaultMaxAttempts            = 8
	defaultMaxRateLimitedAttempts = 50
	defaultCallTimeout            = 10 * time.Second
	defaultBatchSize              = 100
)

const (
	// channelGap is Slack's pace for chat.postMessage: about one message a
	// second per channel.
	channelGap = time.Second
	// teamPause is how long a 429 holds every channel of its workspace.
	// Slack's limits are per method and workspace, so the other channels
	// should ease off too, but only briefly: the 429 was most likely the
	// per-channel limit, and that channel is held for the full Retry-After.
	teamPause = time.Second
	// backoffBase and backoffCap bound the wait after a failed attempt:
	// the ceiling doubles from backoffBase with each attempt up to backoffCap.
	backoffBase = time.Second
	backoffCap  = 5 * time.Minute
)

// Sender drains the outbox to Slack. It is the only place the bot calls
// chat.postMessage, chat.update, chat.postEphemeral and conversations.open
// for queued messages, so it alone keeps Slack's pace: about one message a
// second per channel (per user for direct messages), a 429's Retry-After
// waited out, 5xx and network errors retried with jittered backoff.
// Because the outbox is in the database, messages still pending when the
// process stops are sent after a restart.
//
// Set the exported fields, if at all, before the first call to Run or
// DrainOnce.
type Sender struct {
	// Now is the clock, time.Now unless a test pins it.
	Now func() time.Time
	// PollInterval is how often Run looks for due messages when nobody
	// calls Wake; 250 ms by default.
	PollInterval time.Duration
	// MaxAttempts is how many failed attempts (5xx, network errors and
	// anything else that may pass) a message gets before it is marked
	// dead; 8 by default.
	MaxAttempts int
	// MaxRateLimitedAttempts is the same limit for a 429 answer. It is much
	// higher because being rate limited says nothing wrong about the
	// message; it only guards against a message that somehow never gets a
	// turn. 50 by default.
	MaxRateLimitedAttempts int
	// CallTimeout bounds each Web API call and each store write after
	// one; 10 s by default.
	CallTimeout time.Duration
	// BatchSize is how many due messages one pass reads; 100 by default.
	BatchSize int

	store OutboxStore
	api   slackAPI
	log   *slog.Logger
	rand  func() float64 // jitter source in [0, 1), pinned by tests
	wake  chan struct{}

	mu sync.Mutex // held for a whole pass, so passes never overlap
	// heldUntil maps a pacing key (see pacingKey) to the time before which
	// nothing more may be sent to it. Entries are dropped once they pass,
	// so the map holds only the last few seconds' worth of keys.
	heldUntil map[string]time.Time
	// unmarked remembers messages Slack accepted but the store failed to
	// mark sent, with when and where they were sent, so the next pass
	// retries the mark instead of posting the message twice.
	unmarked map[int64]sentMessage
}

// NewSender returns a Sender that reads messages from store and sends them
// through api, logging to log (slog.Default() when nil).
func NewSender(store OutboxStore, api slackAPI, log *slog.Logger) *Sender {
	if log == nil {
		log = slog.Default()
	}
	return &Sender{
		Now:                    time.Now,
		PollInterval:           defaultPollInterval,
		MaxAttempts:            defaultMaxAttempts,
		MaxRateLimitedAttempts: defaultMaxRateLimitedAttempts,
		CallTimeout:            defaultCallTimeout,
		BatchSize:              defaultBatchSize,
		store:                  store,
		api:                    api,
		log:                    log,
		rand:                   rand.Float64,
		wake:                   make(chan struct{}, 1),
		heldUntil:              make(map[string]time.Time),
		unmarked:               make(map[int64]sentMessage),
	}
}

// Run drains the outbox every PollInterval, and at once after Wake, until
// ctx is done; then it returns nil. A failed pass is logged and the next
// one tried, so that a passing database hiccup does not stop delivery.
func (s *Sender) Run(ctx context.Context) error {
	interval := s.PollInterval
	if interval <= 0 {
		interval = defaultPollInterval // time.NewTicker panics on zero
	}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		// Drain before the first wait: messages left pending by the last
		// run go out right after a restart.
		s.drain(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C:
		case <-s.wake:
		}
	}
}

// drain runs one pass for Run and logs what went wrong.
func (s *Sender) drain(ctx context.Context) {
	if _, err := s.DrainOnce(ctx); err != nil && ctx.Err() == nil {
		s.log.Error("drain outbox", "err", err)
	}
}

// Wake asks Run for a pass now, typically just after a message was queued.
// It never blocks: a wake already pending covers this one.
func (s *Sender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// DrainOnce makes one pass over the due messages, oldest first, and returns
// how many it sent. A message whose channel (or, for a direct message,
// user) is not yet free is left pending without counting an attempt, and
// so is every later message to the same place, keeping their order. When
// ctx is cancelled the call in flight finishes and is recorded, and the
// pass stops there and returns ctx's error.
func (s *Sender) DrainOnce(ctx context.Context) (sent int, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forgetPast(s.Now())
	msgs, err := s.store.DueHeads(ctx, s.Now(), s.BatchSize)
	if err != nil {
		return 0, fmt.Errorf("due messages: %w", err)
	}
	waiting := make(map[string]bool)
	for _, m := range msgs {
		if err := ctx.Err(); err != nil {
			return sent, err
		}
		ok, err := s.handle(ctx, m, waiting)
		if ok {
			sent++
		}
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// handle sends one message unless its place must wait, and records the
// outcome. waiting holds the pacing keys that wait for the rest of the pass.
func (s *Sender) handle(ctx context.Context, m experiments.OutboxMessage, waiting map[string]bool) (bool, error) {
	if sent, ok := s.unmarked[m.ID]; ok {
		return false, s.markSent(ctx, m, sent)
	}
	o, err := decodeOutgoing(m)
	if err != nil {
		return false, s.markDead(ctx, m, o, err)
	}
	key := pacingKey(m, o)
	if waiting[key] || !s.free(s.Now(), key, teamKey(m.Team)) {
		waiting[key] = true
		return false, nil
	}
	start := s.Now()
	// A call once started is not cut short by shutdown (only by its own
	// timeout): Slack may already have the message, and an answer lost to
	// cancellation would post it again after the restart.
	channel, ts, err := s.send(context.WithoutCancel(ctx), m.Kind, o)
	if err != nil {
		waiting[key] = true
		return false, s.failed(ctx, m, o, err)
	}
	now := s.Now()
	s.hold(key, now.Add(channelGap))
	s.log.Debug("outbox message sent", "id", m.ID, "kind", m.Kind, "channel", channel,
		"latency", now.Sub(start), "queued_for", now.Sub(m.CreatedAt), "text", o.Text)
	return true, s.markSent(ctx, m, sentMessage{at: now, channel: channel, ts: ts})
}

// failed records a failed attempt at m: retry later or give up, depending
// on what err says about the message.
func (s *Sender) failed(ctx context.Context, m experiments.OutboxMessage, o outgoing, err error) error {
	now, attempt, key := s.Now(), m.Attempts+1, pacingKey(m, o)
	retryAfter, class := classify(err)
	switch {
	case class == errPermanent:
		return s.markDead(ctx, m, o, err)
	case class == errRateLimited:
		s.hold(key, now.Add(retryAfter))
		s.hold(teamKey(m.Team), now.Add(min(retryAfter, teamPause)))
		if attempt >= s.MaxRateLimitedAttempts {
			return s.markDead(ctx, m, o, err)
		}
		return s.retryLater(ctx, m, o, now.Add(retryAfter), err)
	case attempt >= s.MaxAttempts:
		return s.markDead(ctx, m, o, err)
	default:
		at := now.Add(s.backoff(attempt))
		// Hold the key until the retry too, so that later messages to the
		// same place do not overtake this one.
		s.hold(key, at)
		return s.retryLater(ctx, m, o, at, err)
	}
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
	return time.Duration(s.rand() * float64(ceiling))
}

// pacingKey names the place Slack paces a message by: its channel, or the
// user for a direct message, whose channel is not known before
// conversations.open.
func pacingKey(m experiments.OutboxMessage, o outgoing) string {
	if m.Kind == kindDM {
		return "user:" + o.User
	}
	return "channel:" + channelOf(m, o)
}

// teamKey names a workspace as a whole, held briefly after a 429.
func teamKey(team string) string { return "team:" + team }

// channelOf returns the channel of a message, preferring the payload's.
func channelOf(m experiments.OutboxMessage, o outgoing) string {
	if o.Channel != "" {
		return o.Channel
	}
	return m.Channel
}

// free reports whether none of keys is held at now.
func (s *Sender) free(now time.Time, keys ...string) bool {
	for _, k := range keys {
		if now.Before(s.heldUntil[k]) {
			return false
		}
	}
	return true
}

// hold keeps key from being sent to before until; a longer hold stands.
func (s *Sender) hold(key string, until time.Time) {
	if until.After(s.heldUntil[key]) {
		s.heldUntil[key] = until
	}
}

// forgetPast drops the holds that have run out, which bounds the map.
func (s *Sender) forgetPast(now time.Time) {
	for k, until := range s.heldUntil {
		if !now.Before(until) {
			delete(s.heldUntil, k)
		}
	}
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
		s.unmarked[m.ID] = sent
		return fmt.Errorf("mark outbox message %d sent: %w", m.ID, err)
	}
	delete(s.unmarked, m.ID)
	return nil
}

// retryLater records a failed attempt at m and puts it off until at.
func (s *Sender) retryLater(ctx context.Context, m experiments.OutboxMessage, o outgoing, at time.Time, cause error) error {
	s.log.Warn("outbox message retry", "id", m.ID, "kind", m.Kind, "channel", channelOf(m, o),
		"attempts", m.Attempts+1, "retry_at", at, "err", cause)
	err := s.record(ctx, func(ctx context.Context) error { return s.store.RetryLater(ctx, m.ID, at, cause.Error()) })
	if err != nil {
		return fmt.Errorf("retry outbox message %d later: %w", m.ID, err)
	}
	return nil
}

// markDead gives up on m, with an error log line since a message is lost.
func (s *Sender) markDead(ctx context.Context, m experiments.OutboxMessage, o outgoing, cause error) error {
	s.log.Error("outbox message dead", "id", m.ID, "kind", m.Kind, "channel", channelOf(m, o),
		"user", o.User, "attempts", m.Attempts+1, "err", cause)
	err := s.record(ctx, func(ctx context.Context) error { return s.store.MarkDead(ctx, m.ID, cause.Error()) })
	if err != nil {
		return fmt.Errorf("mark outbox message %d dead: %w", m.ID, err)
	}
	return nil
}

// record runs a store write about an attempt already made, detached from
// ctx's cancellation (what Slack answered is worth keeping even during
// shutdown) but bounded by CallTimeout.
func (s *Sender) record(ctx context.Context, write func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.CallTimeout)
	defer cancel()
	return write(ctx)
}

// errBadMessage marks a message that cannot be sent as it stands, such as
// an unknown kind or a missing channel; retrying cannot help.
var errBadMessage = errors.New("bad outbox message")
