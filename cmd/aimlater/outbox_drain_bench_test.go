package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/storage"
	"github.com/slack-go/slack"
)

// BenchmarkDrainOnce is a sender's pass over an outbox whose queues all
// wait: none, 10,000 messages in one channel, and as many over 1,000
// channels, each queue's head leased by another sender. It is what a
// wake-up costs when there is nothing to send, and must not grow with the
// backlog behind the heads.
func BenchmarkDrainOnce(b *testing.B) {
	for _, bb := range []struct {
		name               string
		messages, channels int
	}{{"empty", 0, 1}, {"one_channel_10k", 10_000, 1}, {"spread_1000x10", 10_000, 1_000}} {
		b.Run(bb.name, func(b *testing.B) {
			db, err := storage.Open(filepath.Join(b.TempDir(), "aimlater.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			now := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
			leaseAllHeads(b, db, now, bb.messages, bb.channels)
			quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
			s := outbox.NewSender(db, slack.New("xoxb-unused", slack.OptionAPIURL("http://127.0.0.1:1/")), quiet)
			s.Now = func() time.Time { return now }
			b.ResetTimer()
			for range b.N {
				if sent, err := s.DrainOnce(context.Background()); sent != 0 || err != nil {
					b.Fatalf("DrainOnce = %d, %v; want nothing sent", sent, err)
				}
			}
		})
	}
}

// leaseAllHeads queues n posts round robin over channels and leases each
// queue's head for an hour, as another sender in the middle of it would.
func leaseAllHeads(b *testing.B, db *storage.DB, now time.Time, n, channels int) {
	ctx := context.Background()
	msgs := make([]experiments.OutboxMessage, 0, n)
	for i := range n {
		msgs = append(msgs, outbox.Message(outbox.KindPost, "T1",
			outbox.Payload{Channel: fmt.Sprintf("C%04d", i%channels), Text: "x"}))
	}
	if err := db.EnqueueMessages(ctx, msgs...); err != nil {
		b.Fatal(err)
	}
	heads, err := db.DueHeads(ctx, now.Add(time.Hour), 0)
	if err != nil {
		b.Fatal(err)
	}
	for _, h := range heads {
		if ok, err := db.Claim(ctx, h.ID, now, now.Add(time.Hour)); !ok || err != nil {
			b.Fatalf("Claim = %v, %v", ok, err)
		}
	}
}
