package storage

import (
	"bytes"
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/request"
)

func mustDue(tb testing.TB, db *DB, now time.Time) []experiments.OutboxMessage {
	tb.Helper()
	due, err := db.DueMessages(context.Background(), now, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return due
}

func kinds(msgs []experiments.OutboxMessage) string {
	var s string
	for _, m := range msgs {
		s += m.Kind
	}
	return s
}

func TestOutboxFlow(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	later := t0.Add(time.Hour)
	err := db.EnqueueMessages(ctx,
		experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: "a", Payload: []byte(`{"text":"hi"}`)},
		experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: "b"},
		experiments.OutboxMessage{Team: "T1", Channel: "U1", Kind: "c", NotBefore: later},
	)
	if err != nil {
		t.Fatal(err)
	}
	due := mustDue(t, db, t0)
	if kinds(due) != "ab" {
		t.Fatalf("due at t0 = %q, want \"ab\" (c waits until %v)", kinds(due), later)
	}
	a, b := due[0], due[1]
	if !bytes.Equal(a.Payload, []byte(`{"text":"hi"}`)) || len(b.Payload) != 0 || !a.CreatedAt.Equal(t0) || !a.NotBefore.Equal(t0) {
		t.Errorf("message a = %+v, b = %+v: payloads or times not kept", a, b)
	}

	if err := db.MarkSent(ctx, a.ID, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.RetryLater(ctx, b.ID, later.Add(time.Minute), "rate limited"); err != nil {
		t.Fatal(err)
	}
	if got := kinds(mustDue(t, db, t0)); got != "" {
		t.Errorf("due at t0 after sent and retry = %q, want none", got)
	}
	due = mustDue(t, db, later.Add(time.Minute))
	if kinds(due) != "bc" || due[0].Attempts != 1 {
		t.Fatalf("due after the retry time = %+v, want b (1 attempt) then c", due)
	}
	if err := db.MarkDead(ctx, due[0].ID, "channel_not_found"); err != nil {
		t.Fatal(err)
	}
	if got := kinds(mustDue(t, db, later.Add(time.Hour))); got != "c" {
		t.Errorf("due after b died = %q, want \"c\"", got)
	}
	if n, err := db.PendingCount(ctx); err != nil || n != 1 {
		t.Errorf("PendingCount = %d, %v; want 1", n, err)
	}
	var attempts int
	var lastErr string
	db.ro.QueryRow(`SELECT attempts, last_error FROM outbox WHERE id = ?`, b.ID).Scan(&attempts, &lastErr)
	if attempts != 2 || lastErr != "channel_not_found" {
		t.Errorf("dead message: attempts %d, last error %q; want 2, channel_not_found", attempts, lastErr)
	}
}

func TestDueMessagesLimit(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for _, k := range []string{"a", "b", "c"} {
		if err := db.EnqueueMessages(ctx, experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: k}); err != nil {
			t.Fatal(err)
		}
	}
	due, err := db.DueMessages(ctx, t0, 2)
	if err != nil || kinds(due) != "ab" {
		t.Errorf("DueMessages(limit 2) = %q, %v; want \"ab\"", kinds(due), err)
	}
}

func TestMarkSentTwiceKeepsFirstTime(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	if err := db.EnqueueMessages(ctx, experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: "a"}); err != nil {
		t.Fatal(err)
	}
	id := mustDue(t, db, t0)[0].ID
	for _, at := range []time.Time{t0, t0.Add(time.Hour)} {
		if err := db.MarkSent(ctx, id, at); err != nil {
			t.Fatal(err)
		}
	}
	if got := count(t, db, `SELECT sent_at FROM outbox WHERE id = ?`, id); int64(got) != t0.UnixMilli() {
		t.Errorf("sent_at = %d, want the first time %d", got, t0.UnixMilli())
	}
}

func TestPruneMessages(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	for _, k := range []string{"sent", "dead", "pending"} {
		if err := db.EnqueueMessages(ctx, experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: k}); err != nil {
			t.Fatal(err)
		}
	}
	due := mustDue(t, db, t0)
	if err := db.MarkSent(ctx, due[0].ID, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkDead(ctx, due[1].ID, "x"); err != nil {
		t.Fatal(err)
	}
	if n, err := db.PruneMessages(ctx, t0); err != nil || n != 0 {
		t.Errorf("PruneMessages(t0) = %d, %v; want 0 (nothing older than t0)", n, err)
	}
	if n, err := db.PruneMessages(ctx, t0.Add(time.Second)); err != nil || n != 2 {
		t.Errorf("PruneMessages(after) = %d, %v; want 2", n, err)
	}
	if got := kinds(mustDue(t, db, t0)); got != "pending" {
		t.Errorf("due after prune = %q, want the pending one", got)
	}
}

func TestDueHeadsGivesEachQueueItsOldest(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	msg := func(team, channel, kind string, notBefore time.Time) experiments.OutboxMessage {
		return experiments.OutboxMessage{Team: team, Channel: channel, Kind: kind, NotBefore: notBefore}
	}
	var backlog []experiments.OutboxMessage
	for i := 0; i < 150; i++ { // a flood in C1 queued first
		backlog = append(backlog, msg("T1", "C1", "x", t0))
	}
	err := db.EnqueueMessages(ctx, append(backlog,
		msg("T1", "C2", "a", t0),
		msg("T2", "C1", "b", t0),                // same channel ID, another workspace: its own queue
		msg("T1", "C3", "c", t0.Add(time.Hour)), // its head is not due: C3 waits, nothing behind it jumps
		msg("T1", "C3", "d", t0),
		msg("T1", "@U1", "e", t0),
	)...)
	if err != nil {
		t.Fatal(err)
	}
	due, err := db.DueHeads(ctx, t0, 100)
	if got, want := kinds(due), "xabe"; err != nil || got != want {
		t.Errorf("DueHeads = %q, %v; want %q: one head a queue, oldest first", got, err, want)
	}
	if err := db.MarkSent(ctx, due[0].ID, t0); err != nil {
		t.Fatal(err)
	}
	if due, _ := db.DueHeads(ctx, t0.Add(time.Hour), 1); kinds(due) != "x" || due[0].ID != 2 {
		t.Errorf("after sending C1's head, DueHeads(limit 1) = %+v, want C1's next message", due)
	}
}

func TestEnqueueTakesActorFromDelivery(t *testing.T) {
	tests := []struct {
		name               string
		delivery           *request.Delivery
		msg                experiments.OutboxMessage
		wantActor, wantURL string
	}{
		{"no delivery", nil, experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: "post"}, "", ""},
		{"from the delivery", &request.Delivery{Actor: "U1", ReplyURL: "https://r/1"},
			experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: "post"}, "U1", "https://r/1"},
		{"the message's own win", &request.Delivery{Actor: "U1", ReplyURL: "https://r/1"},
			experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: "post", Actor: "U2"}, "U2", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpen(t)
			ctx := context.Background()
			if tt.delivery != nil {
				ctx = request.WithDelivery(ctx, tt.delivery)
			}
			if err := db.EnqueueMessages(ctx, tt.msg); err != nil {
				t.Fatal(err)
			}
			due := mustDue(t, db, t0)
			if len(due) != 1 || due[0].Actor != tt.wantActor || due[0].ReplyURL != tt.wantURL {
				t.Errorf("due = %+v, want actor %q, reply URL %q", due, tt.wantActor, tt.wantURL)
			}
		})
	}
}

// TestOnQueuedAfterCommitsThatQueue: the sender is woken after a commit
// that queued messages, and not by writes that queue none (a check-in
// without announcements, the sender's own marks): those made it run a pass
// per command for nothing.
func TestOnQueuedAfterCommitsThatQueue(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	var wakes atomic.Int32
	db.OnQueued(func() { wakes.Add(1) })
	step := func(what string, write func() error, want int32) {
		t.Helper()
		wakes.Store(0)
		if err := write(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if got := wakes.Load(); got != want {
			t.Errorf("%s: %d wake-ups, want %d", what, got, want)
		}
	}
	step("queue two", func() error {
		return db.EnqueueMessages(ctx, experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: "a"},
			experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: "b"})
	}, 1)
	due := mustDue(t, db, t0)
	step("mark sent", func() error { return db.MarkSent(ctx, due[0].ID, t0) }, 0)
	step("save settings", func() error {
		return db.SaveChannelSettings(ctx, experiments.DefaultChannelSettings("T1", "C1"))
	}, 0)
	step("queue none", func() error { return db.EnqueueMessages(ctx) }, 0)
}
