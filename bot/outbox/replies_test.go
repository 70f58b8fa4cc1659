package outbox

import (
	"slices"
	"testing"
	"time"
)

// threadedPost is a post to C1 with two thread replies.
func threadedPost() Payload {
	return Payload{Channel: "C1", Text: "digest", Replies: []Payload{
		{Channel: "C1", Text: "part 2"},
		{Channel: "C1", Text: "part 3"},
	}}
}

// TestSenderThreadsReplies checks that the replies of a post go out after
// it, in its thread, at the channel's pace.
func TestSenderThreadsReplies(t *testing.T) {
	f := newSenderFixture(t)
	var calls []senderCall
	recordAll(t, f.api, &calls)
	root := f.store.add(KindPost, threadedPost())
	if n := f.drain(t); n != 1 || f.store.row(root).SentAt.IsZero() {
		t.Fatalf("first pass sent %d, root sent at %v; want the root alone, marked sent", n, f.store.row(root).SentAt)
	}
	if n := f.drain(t); n != 0 {
		t.Errorf("a pass within the channel's second sent %d, want 0", n)
	}
	for range 2 {
		f.clock.Advance(time.Second)
		f.drain(t)
	}
	want := []senderCall{
		{Method: "post", Channel: "C1", Wire: senderWire{Text: "digest"}},
		{Method: "post", Channel: "C1", Wire: senderWire{Text: "part 2", ThreadTS: "2.0"}},
		{Method: "post", Channel: "C1", Wire: senderWire{Text: "part 3", ThreadTS: "2.0"}},
	}
	if len(calls) != len(want) {
		t.Fatalf("calls = %+v, want %+v", calls, want)
	}
	for i := range want {
		if calls[i] != want[i] {
			t.Errorf("call %d = %+v, want %+v", i, calls[i], want[i])
		}
	}
}

// TestSenderThreadsRepliesOnceAfterAFailedMark checks that when the store
// fails to mark the post sent, the retried mark still queues the replies,
// once, and the post is not sent again.
func TestSenderThreadsRepliesOnceAfterAFailedMark(t *testing.T) {
	f := newSenderFixture(t)
	var calls []senderCall
	recordAll(t, f.api, &calls)
	f.store.failSent = 1
	f.store.add(KindPost, threadedPost())
	if _, err := f.s.DrainOnce(t.Context()); err == nil {
		t.Fatal("DrainOnce with a failing mark returned no error")
	}
	for range 4 {
		f.clock.Advance(time.Second)
		f.drain(t)
	}
	var threads []string
	for _, c := range calls {
		threads = append(threads, c.Wire.Text+"@"+c.Wire.ThreadTS)
	}
	if want := []string{"digest@", "part 2@2.0", "part 3@2.0"}; !slices.Equal(threads, want) {
		t.Errorf("sent %v, want %v", threads, want)
	}
}
