// Package outboxtest checks that an outbox.Store keeps the rules the sender
// relies on, the same for every implementation: run Run from a test of each.
package outboxtest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/experiments"
)

// Store is an outbox.Store that a test can fill.
type Store interface {
	outbox.Store
	EnqueueMessages(ctx context.Context, msgs ...experiments.OutboxMessage) error
}

// epoch is the suite's now; every message is created at or after it.
var epoch = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

// Run runs the conformance suite against stores that open returns, a
// fresh, empty one for each subtest.
func Run(t *testing.T, open func(t *testing.T) Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, s Store)
	}{
		{"heads are oldest first, one per queue, when due", testHeads},
		{"limit", testLimit},
		{"next due is the earliest free head", testNextDue},
		{"actor and reply URL are kept", testDelivery},
		{"claim leases and marks in flight", testClaim},
		{"a lease runs out", testLeaseExpiry},
		{"mark sent ends the message", testMarkSent},
		{"replies are queued once", testReplies},
		{"retry later counts, defers and clears in flight", testRetryLater},
		{"retry in flight keeps the mark", testRetryInFlight},
		{"dead is never due", testMarkDead},
		{"unknown ids are refused", testUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, open(t)) })
	}
}

// msg is a post to channel created at epoch plus offset.
func msg(channel, kind string, offset time.Duration) experiments.OutboxMessage {
	return experiments.OutboxMessage{Team: "T1", Channel: channel, Kind: kind,
		Payload: []byte(`{"text":"` + kind + `"}`), CreatedAt: epoch.Add(offset)}
}

func enqueue(t *testing.T, s Store, msgs ...experiments.OutboxMessage) {
	t.Helper()
	if err := s.EnqueueMessages(context.Background(), msgs...); err != nil {
		t.Fatalf("EnqueueMessages: %v", err)
	}
}

// heads returns the kinds of the due heads at now.
func heads(t *testing.T, s Store, now time.Time) []experiments.OutboxMessage {
	t.Helper()
	due, err := s.DueHeads(context.Background(), now, 0)
	if err != nil {
		t.Fatalf("DueHeads: %v", err)
	}
	return due
}

func kinds(msgs []experiments.OutboxMessage) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.Kind)
	}
	return out
}

// only returns the single due head at now, failing otherwise.
func only(t *testing.T, s Store, now time.Time) experiments.OutboxMessage {
	t.Helper()
	due := heads(t, s, now)
	if len(due) != 1 {
		t.Fatalf("due heads = %v, want one", kinds(due))
	}
	return due[0]
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func testHeads(t *testing.T, s Store) {
	later := msg("C3", "c", 0)
	later.NotBefore = epoch.Add(time.Hour)
	enqueue(t, s, msg("C1", "a1", 0), msg("C1", "a2", 0), msg("C2", "b", 0), later, msg("@U1", "d", 0))
	if got, want := kinds(heads(t, s, epoch)), []string{"a1", "b", "d"}; !slices.Equal(got, want) {
		t.Errorf("heads at epoch = %v, want %v", got, want)
	}
	if got, want := kinds(heads(t, s, epoch.Add(time.Hour))), []string{"a1", "b", "c", "d"}; !slices.Equal(got, want) {
		t.Errorf("heads an hour later = %v, want %v", got, want)
	}
	m := heads(t, s, epoch)[0]
	if !m.CreatedAt.Equal(epoch) || !m.NotBefore.Equal(epoch) || string(m.Payload) != `{"text":"a1"}` || !m.InFlightSince.IsZero() {
		t.Errorf("head = %+v, want created and due at %v, payload kept, not in flight", m, epoch)
	}
}

func testLimit(t *testing.T, s Store) {
	enqueue(t, s, msg("C1", "a", 0), msg("C2", "b", 0), msg("C3", "c", 0))
	due, err := s.DueHeads(context.Background(), epoch, 2)
	if err != nil || !slices.Equal(kinds(due), []string{"a", "b"}) {
		t.Errorf("DueHeads limit 2 = %v, %v; want a, b", kinds(due), err)
	}
}

func testDelivery(t *testing.T, s Store) {
	m := msg("C1", "a", 0)
	m.Actor, m.ReplyURL = "U7", "https://hooks.slack.com/commands/1"
	enqueue(t, s, m)
	if got := only(t, s, epoch); got.Actor != m.Actor || got.ReplyURL != m.ReplyURL {
		t.Errorf("actor %q, reply URL %q; want %q, %q", got.Actor, got.ReplyURL, m.Actor, m.ReplyURL)
	}
}

func testClaim(t *testing.T, s Store) {
	ctx := context.Background()
	enqueue(t, s, msg("C1", "a", 0), msg("C1", "b", 0))
	id := only(t, s, epoch).ID
	ok, err := s.Claim(ctx, id, epoch, epoch.Add(time.Minute))
	if err != nil || !ok {
		t.Fatalf("first Claim = %v, %v; want true", ok, err)
	}
	if ok, err := s.Claim(ctx, id, epoch.Add(time.Second), epoch.Add(2*time.Minute)); err != nil || ok {
		t.Errorf("Claim under a lease = %v, %v; want false", ok, err)
	}
	if due := heads(t, s, epoch.Add(time.Second)); len(due) != 0 {
		t.Errorf("heads under a lease = %v, want none (the queue waits)", kinds(due))
	}
}

func testLeaseExpiry(t *testing.T, s Store) {
	ctx := context.Background()
	enqueue(t, s, msg("C1", "a", 0))
	id := only(t, s, epoch).ID
	if ok, err := s.Claim(ctx, id, epoch, epoch.Add(time.Minute)); !ok || err != nil {
		t.Fatalf("Claim = %v, %v", ok, err)
	}
	after := epoch.Add(time.Minute)
	m := only(t, s, after)
	if !m.InFlightSince.Equal(epoch) {
		t.Errorf("in flight since %v after the lease ran out, want %v", m.InFlightSince, epoch)
	}
	if ok, err := s.Claim(ctx, id, after, after.Add(time.Minute)); !ok || err != nil {
		t.Fatalf("Claim after the lease = %v, %v; want true", ok, err)
	}
	if got := only(t, s, after.Add(time.Minute)).InFlightSince; !got.Equal(epoch) {
		t.Errorf("in flight since %v after a second claim, want the first attempt's %v", got, epoch)
	}
}

// claimed enqueues one message of kind, claims it at epoch and returns its id.
func claimed(t *testing.T, s Store, kind string) int64 {
	t.Helper()
	enqueue(t, s, msg("C1", kind, 0))
	id := only(t, s, epoch).ID
	if ok, err := s.Claim(context.Background(), id, epoch, epoch.Add(time.Minute)); !ok || err != nil {
		t.Fatalf("Claim = %v, %v", ok, err)
	}
	return id
}

func testMarkSent(t *testing.T, s Store) {
	ctx := context.Background()
	id := claimed(t, s, "a")
	must(t, s.MarkSent(ctx, id, epoch))
	must(t, s.MarkSent(ctx, id, epoch.Add(time.Second))) // marking again is fine
	if due := heads(t, s, epoch.Add(time.Hour)); len(due) != 0 {
		t.Errorf("heads after sent = %v, want none", kinds(due))
	}
	if ok, err := s.Claim(ctx, id, epoch.Add(time.Hour), epoch.Add(2*time.Hour)); ok || err != nil {
		t.Errorf("Claim of a sent message = %v, %v; want false", ok, err)
	}
}

func testReplies(t *testing.T, s Store) {
	ctx := context.Background()
	id := claimed(t, s, "root")
	replies := []experiments.OutboxMessage{msg("C1", "r1", 0), msg("C1", "r2", 0)}
	must(t, s.MarkSentWithReplies(ctx, id, epoch, replies))
	must(t, s.MarkSentWithReplies(ctx, id, epoch, replies)) // a retried mark queues nothing more
	now := epoch.Add(time.Hour)
	for _, want := range []string{"r1", "r2"} {
		m := only(t, s, now)
		if m.Kind != want {
			t.Fatalf("head = %s, want %s", m.Kind, want)
		}
		must(t, s.MarkSent(ctx, m.ID, now))
	}
	if due := heads(t, s, now); len(due) != 0 {
		t.Errorf("heads after the replies = %v, want none: replies queued twice", kinds(due))
	}
}

func testRetryLater(t *testing.T, s Store) {
	ctx := context.Background()
	id := claimed(t, s, "a")
	at := epoch.Add(time.Minute)
	must(t, s.RetryLater(ctx, id, at, "ratelimited"))
	if due := heads(t, s, at.Add(-time.Millisecond)); len(due) != 0 {
		t.Errorf("heads before the retry time = %v, want none", kinds(due))
	}
	m := only(t, s, at)
	if m.Attempts != 1 || !m.InFlightSince.IsZero() {
		t.Errorf("after RetryLater: attempts %d, in flight since %v; want 1, not in flight", m.Attempts, m.InFlightSince)
	}
	if ok, err := s.Claim(ctx, id, at, at.Add(time.Minute)); !ok || err != nil {
		t.Errorf("Claim after RetryLater = %v, %v; want true: the lease ended", ok, err)
	}
}

func testRetryInFlight(t *testing.T, s Store) {
	ctx := context.Background()
	id := claimed(t, s, "a")
	at := epoch.Add(time.Second)
	must(t, s.RetryInFlight(ctx, id, at, "i/o timeout"))
	if m := only(t, s, at); m.Attempts != 1 || !m.InFlightSince.Equal(epoch) {
		t.Errorf("after RetryInFlight: attempts %d, in flight since %v; want 1, %v", m.Attempts, m.InFlightSince, epoch)
	}
}

func testMarkDead(t *testing.T, s Store) {
	ctx := context.Background()
	id := claimed(t, s, "a")
	enqueue(t, s, msg("C1", "b", 0))
	must(t, s.MarkDead(ctx, id, "channel_not_found"))
	if got := kinds(heads(t, s, epoch.Add(48*time.Hour))); !slices.Equal(got, []string{"b"}) {
		t.Errorf("heads after the head died = %v, want the next message b", got)
	}
}

func testUnknown(t *testing.T, s Store) {
	ctx := context.Background()
	const id = 4242
	if _, err := s.Claim(ctx, id, epoch, epoch.Add(time.Minute)); err == nil {
		t.Error("Claim of an unknown id: no error")
	}
	if err := s.MarkSent(ctx, id, epoch); err == nil {
		t.Error("MarkSent of an unknown id: no error")
	}
	if err := s.RetryLater(ctx, id, epoch, "x"); err == nil {
		t.Error("RetryLater of an unknown id: no error")
	}
	if err := s.MarkDead(ctx, id, "x"); err == nil {
		t.Error("MarkDead of an unknown id: no error")
	}
}

// nextDue returns the store's NextDue, failing the test on an error.
func nextDue(t *testing.T, s Store) time.Time {
	t.Helper()
	at, err := s.NextDue(context.Background())
	if err != nil {
		t.Fatalf("NextDue: %v", err)
	}
	return at
}

func testNextDue(t *testing.T, s Store) {
	ctx := context.Background()
	if at := nextDue(t, s); !at.IsZero() {
		t.Errorf("NextDue of an empty outbox = %v, want the zero time", at)
	}
	// Only heads count: C1's second message, due at epoch, waits behind
	// its head, due in an hour, and C2's head is due in two.
	head, behind, other := msg("C1", "a", 0), msg("C1", "b", 0), msg("C2", "c", 0)
	head.NotBefore, behind.NotBefore, other.NotBefore = epoch.Add(time.Hour), epoch, epoch.Add(2*time.Hour)
	enqueue(t, s, head, behind, other)
	if at, want := nextDue(t, s), epoch.Add(time.Hour); !at.Equal(want) {
		t.Errorf("NextDue = %v, want C1's head at %v", at, want)
	}
	// A lease past NotBefore puts the head off until the lease ends.
	id := only(t, s, epoch.Add(time.Hour)).ID
	if ok, err := s.Claim(ctx, id, epoch.Add(time.Hour), epoch.Add(3*time.Hour)); !ok || err != nil {
		t.Fatalf("Claim = %v, %v", ok, err)
	}
	if at, want := nextDue(t, s), epoch.Add(2*time.Hour); !at.Equal(want) {
		t.Errorf("NextDue with C1's head leased = %v, want C2's head at %v", at, want)
	}
	// Once the head is sent, the message behind it is the head, due at once.
	must(t, s.MarkSent(ctx, id, epoch.Add(time.Hour)))
	if at := nextDue(t, s); !at.Equal(epoch) {
		t.Errorf("NextDue after the head was sent = %v, want the next one's %v", at, epoch)
	}
}
