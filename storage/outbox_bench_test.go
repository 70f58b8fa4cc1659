package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// outboxBacklogs are the outboxes the sender's benchmarks pass over: none,
// 10,000 pending messages in one channel, and as many spread over 1,000
// channels. One channel must cost what the spread does: the sender reads
// one head per queue, never the backlog behind it.
var outboxBacklogs = []struct {
	name               string
	messages, channels int
}{
	{"empty", 0, 1},
	{"one_channel_10k", 10_000, 1},
	{"spread_1000x10", 10_000, 1_000},
}

// fillOutbox queues n posts round robin over channels, created at t0.
func fillOutbox(tb testing.TB, db *DB, n, channels int) {
	tb.Helper()
	msgs := make([]experiments.OutboxMessage, 0, n)
	for i := range n {
		msgs = append(msgs, experiments.OutboxMessage{Team: "T1", Channel: fmt.Sprintf("C%04d", i%channels),
			Kind: "post", Payload: []byte(`{"text":"x"}`), CreatedAt: t0})
	}
	if err := db.EnqueueMessages(context.Background(), msgs...); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkDueHeads reads one batch of due heads, as a sender's pass does.
func BenchmarkDueHeads(b *testing.B) {
	for _, bb := range outboxBacklogs {
		b.Run(bb.name, func(b *testing.B) {
			db := mustOpen(b)
			fillOutbox(b, db, bb.messages, bb.channels)
			ctx, now := context.Background(), t0.Add(time.Minute)
			want := min(bb.channels, 100)
			if bb.messages == 0 {
				want = 0
			}
			b.ResetTimer()
			for range b.N {
				heads, err := db.DueHeads(ctx, now, 100)
				if err != nil || len(heads) != want {
					b.Fatalf("DueHeads = %d heads, %v; want %d", len(heads), err, want)
				}
			}
		})
	}
}
