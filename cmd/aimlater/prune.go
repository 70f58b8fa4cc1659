package main

import (
	"context"
	"log/slog"
	"time"
)

// How long the ledgers keep what they record. Slack redelivers an envelope
// for minutes at most, so a day of envelope keys is plenty; sent outbox
// messages are kept a month for debugging a "why did the bot post this".
const (
	pruneEvery      = time.Hour
	keepSeenKeys    = 24 * time.Hour
	keepSentMessage = 30 * 24 * time.Hour
	keepTicks       = 90 * 24 * time.Hour
)

// pruner is what pruning needs from storage.
type pruner interface {
	PruneKeys(ctx context.Context, olderThan time.Time) (int64, error)
	PruneMessages(ctx context.Context, olderThan time.Time) (int64, error)
	PruneTicks(ctx context.Context, olderThan time.Time) (int64, error)
}

// runPruner prunes the idempotency ledger and the sent outbox once at start
// and then every pruneEvery until ctx is done.
func runPruner(ctx context.Context, db pruner, now func() time.Time, log *slog.Logger) {
	t := time.NewTicker(pruneEvery)
	defer t.Stop()
	for {
		pruneOnce(ctx, db, now(), log)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// pruneOnce forgets old envelope keys and old sent or dead messages.
func pruneOnce(ctx context.Context, db pruner, now time.Time, log *slog.Logger) {
	keys, err := db.PruneKeys(ctx, now.Add(-keepSeenKeys))
	if err != nil {
		log.Warn("prune idempotency ledger", "err", err)
	}
	msgs, err := db.PruneMessages(ctx, now.Add(-keepSentMessage))
	if err != nil {
		log.Warn("prune outbox", "err", err)
	}
	ticks, err := db.PruneTicks(ctx, now.Add(-keepTicks))
	if err != nil {
		log.Warn("prune tick ledger", "err", err)
	}
	log.Debug("pruned", "keys", keys, "messages", msgs, "ticks", ticks)
}
