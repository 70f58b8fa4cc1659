package bot

import (
	"context"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// OutboxStore is what the sender needs from storage. *storage.DB implements it.
type OutboxStore interface {
	DueHeads(ctx context.Context, now time.Time, limit int) ([]experiments.OutboxMessage, error)
	MarkSent(ctx context.Context, id int64, at time.Time) error
	// MarkSentWithReplies is MarkSent that also queues replies, in the same
	// transaction and only the first time the message is marked.
	MarkSentWithReplies(ctx context.Context, id int64, at time.Time, replies []experiments.OutboxMessage) error
	RetryLater(ctx context.Context, id int64, notBefore time.Time, lastErr string) error
	MarkDead(ctx context.Context, id int64, lastErr string) error
}
