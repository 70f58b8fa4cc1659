package outbox

import (
	"context"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// Store is what the sender needs of an outbox. *storage.DB implements it
// over SQLite and MemStore in memory; outboxtest.Run checks both against
// the same rules.
//
// A message is pending until it is marked sent or dead. While the sender
// works on it, it holds a lease (Claim) so that no other sender on the same
// store takes it, and it is in flight from the start of an attempt until
// the attempt's outcome is recorded: a message still in flight when it is
// next claimed was interrupted (a crash, a lost answer) and may be in
// Slack already.
type Store interface {
	// DueHeads returns, for each queue (a team's channel, or "@U…" for a
	// direct message not yet opened), its oldest pending message if that
	// one is due at now (NotBefore not after now) and not leased past now:
	// at most limit heads (all when limit ≤ 0), oldest first. Each carries
	// InFlightSince when a past attempt at it was interrupted.
	DueHeads(ctx context.Context, now time.Time, limit int) ([]experiments.OutboxMessage, error)
	// NextDue returns the earliest time at which a queue's head is due and
	// not leased: the later of its NotBefore and its lease's end. It may be
	// past (a head due but not yet sent), and it is the zero time when
	// nothing is pending. Run sleeps until then unless Wake comes first.
	NextDue(ctx context.Context) (time.Time, error)
	// Claim leases pending message id until until, unless another lease
	// on it runs past now, and marks it in flight since now unless it
	// already is (the earliest start stands). It reports whether the lease
	// was taken.
	Claim(ctx context.Context, id int64, now, until time.Time) (bool, error)
	// MarkSent records that message id was delivered at the given time and
	// ends its lease. Marking a sent message again keeps the first time.
	MarkSent(ctx context.Context, id int64, at time.Time) error
	// MarkSentWithReplies is MarkSent that also queues replies, in the same
	// transaction and only the first time the message is marked.
	MarkSentWithReplies(ctx context.Context, id int64, at time.Time, replies []experiments.OutboxMessage) error
	// RetryLater records a failed attempt at message id that Slack
	// answered (so the message is not in Slack), puts it off until
	// notBefore and ends its lease and its in-flight mark.
	RetryLater(ctx context.Context, id int64, notBefore time.Time, lastErr string) error
	// RetryInFlight is RetryLater for an attempt whose outcome is unknown
	// (a timeout, a broken connection): the message stays in flight, so
	// the next attempt first looks for it in Slack.
	RetryInFlight(ctx context.Context, id int64, notBefore time.Time, lastErr string) error
	// MarkDead records a last failed attempt at message id and gives up on
	// it: it is kept, with the error, but never due again.
	MarkDead(ctx context.Context, id int64, lastErr string) error
}
