// Package outbox delivers the bot's queued messages to Slack: the Sender,
// the Store it reads and marks messages in, and an in-memory Store for
// commands that need no database. It knows Slack's Web API and the
// experiments domain, never the bot's handlers nor the storage package.
package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// Defaults of a Sender's fields, each explained on the field it fills.
const (
	DefaultPollInterval = 250 * time.Millisecond
	DefaultIdleWait     = 30 * time.Second
	DefaultMaxAge       = 24 * time.Hour
	DefaultLease        = 2 * time.Minute
	DefaultCallTimeout  = 10 * time.Second
	defaultBatchSize    = 100
)

// Sender drains the outbox to Slack. It is the only place the bot calls
// chat.postMessage, chat.update, chat.postEphemeral and conversations.open
// for queued messages, so it alone keeps Slack's pace: about one message a
// second per channel (per user for direct messages), a 429's Retry-After
// waited out, 5xx and network errors retried with jittered backoff until
// the message is MaxAge old. Because the outbox is in the database,
// messages still pending when the process stops are sent after a restart,
// and a post interrupted by a crash is looked up in Slack before it is
// sent again.
//
// Set the exported fields, if at all, before the first call to Run or
// DrainOnce.
type Sender struct {
	// Now is the clock, time.Now unless a test pins it.
	Now func() time.Time
	// After is how Run waits between passes, time.After unless a test
	// drives the waits itself.
	After func(time.Duration) <-chan time.Time
	// PollInterval is how soon Run looks again after a failed pass or
	// when a due message went unsent for no reason it can wait out;
	// 250 ms by default.
	PollInterval time.Duration
	// IdleWait is the longest Run sleeps without a Wake, when nothing is
	// pending or the next message is due later than that: a safety net
	// for rows queued by a writer that does not call Wake (another
	// process on the database); 30 s by default.
	IdleWait time.Duration
	// MaxAge is how old a message may be and still be retried after a
	// failure; 24 h by default. A 429 never ends a message, whatever its
	// age: being rate limited says nothing wrong about it.
	MaxAge time.Duration
	// Lease is how long a claimed message is kept from other senders on
	// the same store; 2 minutes by default, far more than the calls of one
	// attempt take (each is bounded by CallTimeout).
	Lease time.Duration
	// CallTimeout bounds each Web API call and each store write after
	// one; 10 s by default.
	CallTimeout time.Duration
	// BatchSize is how many due messages one pass reads; 100 by default.
	BatchSize int
	// HTTP posts to response URLs; http.DefaultClient by default.
	HTTP *http.Client
	// Jitter draws the random part of a backoff, in [0, 1); rand.Float64
	// unless a test pins it.
	Jitter func() float64
	// OnAttempt, if set, hears how each attempt at a message went, by the
	// message's kind and one of the Result constants, for metrics. It must
	// not block.
	OnAttempt func(kind, result string)
	// RenderChart draws a File's Chart as the bytes to upload, just before
	// the upload (see File.Chart); a file with a chart and no renderer, or
	// one it fails to draw, is given up on, and only that file. It keeps
	// plotting out of this package.
	RenderChart func(data []byte) ([]byte, error)

	store Store
	api   SlackAPI
	log   *slog.Logger
	wake  chan struct{}

	mu sync.Mutex // held for a whole pass, so passes never overlap
	// heldUntil maps a pacing key (see pacingKey) to the time before which
	// nothing more may be sent to it. Entries are dropped once they pass,
	// so the map holds only the last few seconds' worth of keys.
	heldUntil map[string]time.Time
	// unmarked remembers messages Slack accepted but the store failed to
	// mark sent, so the next pass retries the mark instead of posting the
	// message twice.
	unmarked map[int64]unmarkedSend
}

// unmarkedSend is a message Slack has and the store does not know it.
type unmarkedSend struct {
	msg  experiments.OutboxMessage
	sent sentMessage
}

// NewSender returns a Sender that reads messages from store and sends them
// through api, logging to log (slog.Default() when nil).
func NewSender(store Store, api SlackAPI, log *slog.Logger) *Sender {
	if log == nil {
		log = slog.Default()
	}
	return &Sender{
		Now:          time.Now,
		After:        time.After,
		PollInterval: DefaultPollInterval,
		IdleWait:     DefaultIdleWait,
		MaxAge:       DefaultMaxAge,
		Lease:        DefaultLease,
		CallTimeout:  DefaultCallTimeout,
		BatchSize:    defaultBatchSize,
		HTTP:         http.DefaultClient,
		store:        store,
		api:          api,
		log:          log,
		Jitter:       rand.Float64,
		wake:         make(chan struct{}, 1),
		heldUntil:    make(map[string]time.Time),
		unmarked:     make(map[int64]unmarkedSend),
	}
}

// DrainOnce makes one pass over the due messages, oldest first, and returns
// how many it sent. A message whose channel (or, for a direct message,
// user) is not yet free is left pending without counting an attempt, and
// so is every later message to the same place, keeping their order. When
// ctx is cancelled the call in flight finishes and is recorded, and the
// pass stops there and returns ctx's error.
func (s *Sender) DrainOnce(ctx context.Context) (sent int, err error) {
	sent, _, err = s.pass(ctx)
	return sent, err
}

// pass is DrainOnce that also reports whether it read a full batch, so
// that more heads may be due behind it.
func (s *Sender) pass(ctx context.Context) (sent int, full bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.forgetPast(s.Now())
	if err := s.retryUnmarked(ctx); err != nil {
		return 0, false, err
	}
	msgs, err := s.store.DueHeads(ctx, s.Now(), s.BatchSize)
	if err != nil {
		return 0, false, fmt.Errorf("due messages: %w", err)
	}
	full = s.BatchSize > 0 && len(msgs) >= s.BatchSize
	waiting := make(map[string]bool)
	for _, m := range msgs {
		if err := ctx.Err(); err != nil {
			return sent, full, err
		}
		ok, err := s.handle(ctx, m, waiting)
		if ok {
			sent++
		}
		if err != nil {
			return sent, full, err
		}
	}
	return sent, full, nil
}

// retryUnmarked retries the marks that failed in earlier passes, oldest
// message first.
func (s *Sender) retryUnmarked(ctx context.Context) error {
	ids := make([]int64, 0, len(s.unmarked))
	for id := range s.unmarked {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		u := s.unmarked[id]
		if err := s.markSent(ctx, u.msg, u.sent); err != nil {
			return err
		}
	}
	return nil
}

// handle sends one message unless its place must wait or another sender
// holds it, and records the outcome. waiting holds the pacing keys that
// wait for the rest of the pass.
func (s *Sender) handle(ctx context.Context, m experiments.OutboxMessage, waiting map[string]bool) (bool, error) {
	if _, ok := s.unmarked[m.ID]; ok {
		return false, nil
	}
	// A head whose place is held waits without its payload decoded: after
	// a burst in many channels, every pass met a hundred held heads and
	// decoded each one's Block Kit, a third of the burst's CPU.
	if key, ok := queueKey(m); ok && (waiting[key] || !s.free(s.Now(), key, teamKey(m.Team))) {
		waiting[key] = true
		return false, nil
	}
	p, err := Decode(m)
	if err == nil {
		err = Validate(m.Kind, p)
	}
	if err != nil {
		return false, s.markDead(ctx, m, p, err)
	}
	key := pacingKey(m, p)
	if waiting[key] || !s.free(s.Now(), key, teamKey(m.Team)) {
		waiting[key] = true
		return false, nil
	}
	start := s.Now()
	if ok, err := s.claim(ctx, m, start); !ok || err != nil {
		waiting[key] = true
		return false, err
	}
	// A call once started is not cut short by shutdown (only by its own
	// timeout): Slack may already have the message, and an answer lost to
	// cancellation would post it again after the restart.
	sent, err := s.attempt(context.WithoutCancel(ctx), m, p)
	s.observeAttempt(m.Kind, err)
	if err != nil {
		waiting[key] = true
		return false, s.failed(ctx, m, p, err)
	}
	now := s.Now()
	s.hold(key, now.Add(channelGap))
	// Sizes, never the text: messages carry what users wrote, and logs go
	// where the channel's readers may not.
	s.log.Debug("outbox message sent", "id", m.ID, "kind", m.Kind, "channel", sent.channel,
		"latency", now.Sub(start), "queued_for", now.Sub(m.CreatedAt),
		"text_bytes", len(p.Text), "blocks", len(p.Blocks.BlockSet), "replies", len(p.Replies))
	return true, s.markSent(ctx, m, sent)
}

// claim leases m and marks it in flight before any call about it.
func (s *Sender) claim(ctx context.Context, m experiments.OutboxMessage, now time.Time) (bool, error) {
	var ok bool
	err := s.record(ctx, func(ctx context.Context) (err error) {
		ok, err = s.store.Claim(ctx, m.ID, now, now.Add(s.Lease))
		return err
	})
	if err != nil {
		return false, fmt.Errorf("claim outbox message %d: %w", m.ID, err)
	}
	return ok, nil
}

// attempt delivers m: when an earlier attempt was interrupted, it first
// looks for the message in Slack, and sends it only if it is not there.
func (s *Sender) attempt(ctx context.Context, m experiments.OutboxMessage, p Payload) (sentMessage, error) {
	if !m.InFlightSince.IsZero() {
		sent, found, err := s.lookup(ctx, m, p)
		if err != nil || found {
			return sent, err
		}
	}
	return s.send(ctx, m, p)
}
