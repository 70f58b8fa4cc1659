package storage

import (
	"context"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

// TestMarkSentWithReplies checks that the replies are queued with the mark,
// once: a mark retried after a lost answer queues nothing more.
func TestMarkSentWithReplies(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	if err := db.EnqueueMessages(ctx, experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: "post"}); err != nil {
		t.Fatal(err)
	}
	root := mustDue(t, db, t0)[0]
	replies := []experiments.OutboxMessage{
		{Team: "T1", Channel: "C1", Kind: "reply1"},
		{Team: "T1", Channel: "C1", Kind: "reply2"},
	}
	for range 2 {
		if err := db.MarkSentWithReplies(ctx, root.ID, t0, replies); err != nil {
			t.Fatalf("MarkSentWithReplies: %v", err)
		}
	}
	if got := kinds(mustDue(t, db, t0)); got != "reply1reply2" {
		t.Errorf("due after marking the root sent twice = %q, want reply1reply2 once", got)
	}
	err := db.MarkSentWithReplies(ctx, 999, t0, replies)
	if experiments.ErrorCode(err) != experiments.ENOTFOUND {
		t.Errorf("MarkSentWithReplies(999) = %v, want ENOTFOUND", err)
	}
}
