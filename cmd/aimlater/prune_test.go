package main

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/request"
)

func TestPruneOnceForgetsOnlyWhatIsOld(t *testing.T) {
	db := openStore(t, newDB(t))
	defer db.Close()
	ctx := context.Background()
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for key, at := range map[string]time.Time{"old": now.Add(-25 * time.Hour), "fresh": now.Add(-time.Hour)} {
		db.Now = func() time.Time { return at }
		keyed := request.WithDelivery(ctx, &request.Delivery{Keys: []string{key}})
		if err := db.SetAway(keyed, "T1", "U1", at); err != nil { // a request's effect, stored with its key
			t.Fatal(err)
		}
	}
	if err := db.EnqueueMessages(ctx, experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: "post", Payload: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	pruneOnce(ctx, db, now, slog.New(slog.DiscardHandler))
	if seen, _ := db.Handled(ctx, []string{"old"}); seen {
		t.Error("a key older than a day was kept")
	}
	if seen, _ := db.Handled(ctx, []string{"fresh"}); !seen {
		t.Error("a key an hour old was forgotten: a redelivery would run twice")
	}
	if n, _ := db.PendingCount(ctx); n != 1 {
		t.Errorf("pending messages after prune = %d, want 1: pending ones are never pruned", n)
	}
}
