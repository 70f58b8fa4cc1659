package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
)

// PostUnlessRecent is storage's check-and-post, on the fake's ledger.
func (f *digestStoreFake) PostUnlessRecent(_ context.Context, _, _, kind string, at, since time.Time,
	msgs []experiments.OutboxMessage, alsoCounted ...string) (bool, time.Time, error) {
	var last time.Time
	for _, k := range append([]string{kind}, alsoCounted...) {
		if f.posts[k].After(last) {
			last = f.posts[k]
		}
	}
	if last.After(since) {
		return false, last, nil
	}
	if f.posts == nil {
		f.posts = map[string]time.Time{}
	}
	f.posts[kind] = at
	f.queued = append(f.queued, msgs...)
	return true, last, nil
}

// TestCmdDigestPostsAtMostEveryTenMinutes: any member could post the full
// digest to the channel as often as they liked.
func TestCmdDigestPostsAtMostEveryTenMinutes(t *testing.T) {
	facts, whole := quietFacts(2)
	store := &digestStoreFake{facts: facts, whole: whole}
	app := NewApp(Stores{Digest: store}, nil, time.UTC)
	now := digestNow
	app.Now = func() time.Time { return now }
	digest := func(user string) Reply {
		return app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: user, Text: "digest"})
	}
	if r := digest("U1"); !strings.Contains(r.Text, "Digest posted") || len(store.queued) != 1 {
		t.Fatalf("first digest: %q, %d queued; want it posted", r.Text, len(store.queued))
	}
	now = now.Add(9*time.Minute + 59*time.Second)
	r := digest("U2")
	if len(store.queued) != 1 {
		t.Errorf("a second digest within 10 minutes was posted (%d queued)", len(store.queued))
	}
	if want := "This channel got its digest 9 minutes ago, and gets one at most every 10 minutes: here it is, just for you."; !strings.Contains(r.Text, want) {
		t.Errorf("reply %q, want %q", r.Text, want)
	}
	if got := RenderReply(r); !strings.Contains(got, "Week 2026-W48 digest") || len(r.Blocks) > blockkit.MaxMessageBlocks {
		t.Errorf("the caller does not see the digest in %d blocks:\n%s", len(r.Blocks), got)
	}
	now = now.Add(time.Second)
	if r := digest("U2"); !strings.Contains(r.Text, "Digest posted") || len(store.queued) != 2 {
		t.Errorf("10 minutes later: %q, %d queued; want it posted again", r.Text, len(store.queued))
	}
}

func TestCmdDigestCountsTheScheduledDigest(t *testing.T) {
	facts, whole := quietFacts(2)
	store := &digestStoreFake{facts: facts, whole: whole, posts: map[string]time.Time{schedule.KindDigest: digestNow.Add(-time.Minute)}}
	app := NewApp(Stores{Digest: store}, nil, time.UTC)
	app.Now = func() time.Time { return digestNow }
	r := app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "digest"})
	if len(store.queued) != 0 || !strings.Contains(r.Text, "1 minute ago") {
		t.Errorf("reply %q, %d queued; want the scheduled digest of 1 minute ago to count", r.Text, len(store.queued))
	}
}
