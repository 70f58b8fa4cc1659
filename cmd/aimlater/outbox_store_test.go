package main

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/bot/outbox/outboxtest"
	"github.com/slack-go/slack"
)

// TestStorageOutboxConformance checks the database's outbox against the
// rules the sender relies on, the same suite as the in-memory one: this
// package alone knows both storage and the outbox.
func TestStorageOutboxConformance(t *testing.T) {
	outboxtest.Run(t, func(t *testing.T) outboxtest.Store {
		db := openStore(t, newDB(t))
		t.Cleanup(func() { db.Close() })
		return db
	})
}

// hookedAPI is the real client with a hook run inside the next
// chat.postMessage, before the call goes out.
type hookedAPI struct {
	*slack.Client
	hook func()
}

func (h *hookedAPI) PostMessageContext(ctx context.Context, channel string, opts ...slack.MsgOption) (string, string, error) {
	if hook := h.hook; hook != nil {
		h.hook = nil
		hook()
	}
	return h.Client.PostMessageContext(ctx, channel, opts...)
}

// TestTwoSendersOnOneDatabaseSendOnce runs a second sender, on its own
// connection to the same database file, in the middle of the first one's
// chat.postMessage: the lease the first took keeps the second off the row.
func TestTwoSendersOnOneDatabaseSendOnce(t *testing.T) {
	srv := startFake(t)
	path := newDB(t)
	first, second := openStore(t, path), openStore(t, path)
	defer first.Close()
	defer second.Close()
	ctx := context.Background()
	msg := outbox.Message(outbox.KindPost, "T1", outbox.Payload{Channel: "C1", Text: "launched #1"})
	if err := first.EnqueueMessages(ctx, msg); err != nil {
		t.Fatal(err)
	}
	client := slack.New("xoxb-e2e", slack.OptionAPIURL(srv.APIURL()))
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	other := outbox.NewSender(second, client, quiet)
	var otherSent int
	api := &hookedAPI{Client: client, hook: func() {
		n, err := other.DrainOnce(ctx)
		if err != nil {
			t.Errorf("second sender: %v", err)
		}
		otherSent = n
	}}
	sent, err := outbox.NewSender(first, api, quiet).DrainOnce(ctx)
	if err != nil || sent != 1 || otherSent != 0 {
		t.Errorf("first sender sent %d (%v), second %d; want 1 and 0", sent, err, otherSent)
	}
	if posts := srv.Calls("chat.postMessage"); len(posts) != 1 {
		t.Errorf("chat.postMessage calls = %d, want 1", len(posts))
	}
	if n, err := second.PendingCount(ctx); err != nil || n != 0 {
		t.Errorf("pending = %d, %v; want 0", n, err)
	}
}
