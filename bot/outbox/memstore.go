package outbox

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// MemStore is a Store in memory, for the messages of one command (such as
// `aimlater digest --post`) and for tests. It follows the same rules as
// the database's outbox (outboxtest.Run checks both). The zero value is
// ready to use, on the time.Now clock.
type MemStore struct {
	// Now stamps messages queued without a CreatedAt and dead ones; nil
	// means time.Now.
	Now func() time.Time

	mu   sync.Mutex
	rows []*MemRow
}

// MemRow is one message of a MemStore and what became of it.
type MemRow struct {
	Msg        experiments.OutboxMessage
	SentAt     time.Time
	DeadAt     time.Time
	LastError  string
	LeaseUntil time.Time
}

// pending reports whether r is neither sent nor dead.
func (r *MemRow) pending() bool { return r.SentAt.IsZero() && r.DeadAt.IsZero() }

func (b *MemStore) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

// EnqueueMessages queues msgs; a zero CreatedAt becomes now and a zero
// NotBefore becomes CreatedAt, as in the database.
func (b *MemStore) EnqueueMessages(_ context.Context, msgs ...experiments.OutboxMessage) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.addLocked(msgs)
	return nil
}

func (b *MemStore) addLocked(msgs []experiments.OutboxMessage) {
	for _, m := range msgs {
		m.ID = int64(len(b.rows) + 1)
		if m.CreatedAt.IsZero() {
			m.CreatedAt = b.now()
		}
		if m.NotBefore.IsZero() {
			m.NotBefore = m.CreatedAt
		}
		m.InFlightSince = time.Time{}
		b.rows = append(b.rows, &MemRow{Msg: m})
	}
}

// Add queues m as EnqueueMessages does and returns its id.
func (b *MemStore) Add(m experiments.OutboxMessage) int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.addLocked([]experiments.OutboxMessage{m})
	return int64(len(b.rows))
}

// Row returns a copy of message id's row, and false for no such message.
func (b *MemStore) Row(id int64) (MemRow, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if id < 1 || int(id) > len(b.rows) {
		return MemRow{}, false
	}
	return *b.rows[id-1], true
}

// DueHeads returns the oldest pending message of each queue when it is
// due at now and not leased, oldest first.
func (b *MemStore) DueHeads(_ context.Context, now time.Time, limit int) ([]experiments.OutboxMessage, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var due []experiments.OutboxMessage
	for _, r := range b.heads() {
		free := !r.LeaseUntil.After(now) && !r.Msg.NotBefore.After(now)
		if free && (limit <= 0 || len(due) < limit) {
			due = append(due, r.Msg)
		}
	}
	return due, nil
}

// NextDue returns the earliest time a queue's head is due and not leased,
// the zero time when nothing is pending.
func (b *MemStore) NextDue(context.Context) (time.Time, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var next time.Time
	for _, r := range b.heads() {
		at := r.Msg.NotBefore
		if r.LeaseUntil.After(at) {
			at = r.LeaseUntil
		}
		if next.IsZero() || at.Before(next) {
			next = at
		}
	}
	return next, nil
}

// heads returns the oldest pending row of each queue, oldest first. The
// caller holds b.mu.
func (b *MemStore) heads() []*MemRow {
	var heads []*MemRow
	seen := map[string]bool{}
	for _, r := range b.rows {
		queue := r.Msg.Team + "/" + r.Msg.Channel
		if r.pending() && !seen[queue] {
			seen[queue] = true
			heads = append(heads, r)
		}
	}
	return heads
}

// Claim leases message id until until and marks it in flight.
func (b *MemStore) Claim(_ context.Context, id int64, now, until time.Time) (bool, error) {
	ok := false
	err := b.update(id, func(r *MemRow) {
		if !r.pending() || r.LeaseUntil.After(now) {
			return
		}
		ok, r.LeaseUntil = true, until
		if r.Msg.InFlightSince.IsZero() {
			r.Msg.InFlightSince = now
		}
	})
	return ok, err
}

// MarkSent marks message id sent.
func (b *MemStore) MarkSent(ctx context.Context, id int64, at time.Time) error {
	return b.MarkSentWithReplies(ctx, id, at, nil)
}

// MarkSentWithReplies marks message id sent and, the first time, queues
// its thread replies.
func (b *MemStore) MarkSentWithReplies(_ context.Context, id int64, at time.Time, replies []experiments.OutboxMessage) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, err := b.rowLocked(id)
	if err != nil || !r.SentAt.IsZero() {
		return err
	}
	r.SentAt, r.LeaseUntil, r.Msg.InFlightSince = at, time.Time{}, time.Time{}
	b.addLocked(replies)
	return nil
}

// RetryLater counts a failed attempt at message id and puts it off.
func (b *MemStore) RetryLater(_ context.Context, id int64, notBefore time.Time, lastErr string) error {
	return b.update(id, func(r *MemRow) {
		r.retry(notBefore, lastErr)
		r.Msg.InFlightSince = time.Time{}
	})
}

// RetryInFlight counts a failed attempt at message id, puts it off and
// leaves it in flight.
func (b *MemStore) RetryInFlight(_ context.Context, id int64, notBefore time.Time, lastErr string) error {
	return b.update(id, func(r *MemRow) { r.retry(notBefore, lastErr) })
}

func (r *MemRow) retry(notBefore time.Time, lastErr string) {
	r.Msg.Attempts++
	r.Msg.NotBefore, r.LastError, r.LeaseUntil = notBefore, lastErr, time.Time{}
}

// MarkDead gives up on message id.
func (b *MemStore) MarkDead(_ context.Context, id int64, lastErr string) error {
	now := b.now()
	return b.update(id, func(r *MemRow) {
		r.Msg.Attempts++
		r.DeadAt, r.LastError, r.LeaseUntil, r.Msg.InFlightSince = now, lastErr, time.Time{}, time.Time{}
	})
}

// update applies change to message id under the lock.
func (b *MemStore) update(id int64, change func(*MemRow)) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	r, err := b.rowLocked(id)
	if err == nil {
		change(r)
	}
	return err
}

func (b *MemStore) rowLocked(id int64) (*MemRow, error) {
	if id < 1 || int(id) > len(b.rows) {
		return nil, fmt.Errorf("no outbox message %d", id)
	}
	return b.rows[id-1], nil
}

// count returns how many rows match.
func (b *MemStore) count(match func(*MemRow) bool) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, r := range b.rows {
		if match(r) {
			n++
		}
	}
	return n
}

// Pending counts the messages neither sent nor given up on.
func (b *MemStore) Pending() int { return b.count((*MemRow).pending) }

// Sent counts the messages sent.
func (b *MemStore) Sent() int { return b.count(func(r *MemRow) bool { return !r.SentAt.IsZero() }) }

// FirstDeadError is the error of the first message given up on, or "".
func (b *MemStore) FirstDeadError() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, r := range b.rows {
		if !r.DeadAt.IsZero() {
			return r.LastError
		}
	}
	return ""
}

var _ Store = (*MemStore)(nil)
