package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/bot/outbox/outboxtest"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// rig is a sender against the in-repo fake Slack, on a clock the test
// moves: no test here waits in real time.
type rig struct {
	t     *testing.T
	srv   *fakeslack.Server
	api   *slack.Client
	clock *outboxtest.Clock
	store *outbox.MemStore
}

func newRig(t *testing.T) *rig {
	srv, err := fakeslack.Start(fakeslack.Options{PingInterval: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	clock := outboxtest.NewClock(time.Now().Truncate(time.Second))
	return &rig{t: t, srv: srv, clock: clock,
		api:   slack.New("xoxb-fake", slack.OptionAPIURL(srv.APIURL())),
		store: &outbox.MemStore{Now: clock.Now}}
}

// sender returns a new sender on store (a process of the bot), on the
// rig's clock, drawing jitter from draw.
func (r *rig) sender(store outbox.Store, draw float64) *outbox.Sender {
	s := outbox.NewSender(store, r.api, slog.New(slog.NewTextHandler(io.Discard, nil)))
	s.Now, s.After = r.clock.Now, r.clock.After
	s.Jitter = func() float64 { return draw }
	return s
}

// add queues a message of kind with payload p for actor and returns its id.
func (r *rig) add(kind string, p outbox.Payload, actor, replyURL string) int64 {
	m := outbox.Message(kind, fakeslack.TeamID, p)
	m.Actor, m.ReplyURL = actor, replyURL
	return r.store.Add(m)
}

// drain makes passes every step of the clock until nothing is pending or
// limit has passed; before each pass it calls tick, if any.
func (r *rig) drain(s *outbox.Sender, step, limit time.Duration, tick func(elapsed time.Duration)) {
	r.t.Helper()
	start := r.clock.Now()
	for r.store.Pending() > 0 && r.clock.Now().Sub(start) <= limit {
		if tick != nil {
			tick(r.clock.Now().Sub(start))
		}
		if _, err := s.DrainOnce(context.Background()); err != nil {
			r.t.Fatalf("DrainOnce: %v", err)
		}
		r.clock.Advance(step)
	}
}

// posted returns the texts of the posts Slack accepted, in order.
func (r *rig) posted() []string {
	var out []string
	for _, c := range r.srv.Calls("chat.postMessage") {
		if !c.Failed {
			out = append(out, c.Param("channel")+":"+c.Text())
		}
	}
	return out
}

// TestSenderDeliversAfterRateLimitsAndA500 fails on the old count limits:
// seven 429s and one 500 made eight failed attempts, and the message died.
func TestSenderDeliversAfterRateLimitsAndA500(t *testing.T) {
	r := newRig(t)
	r.srv.FailNext("chat.postMessage", fakeslack.Failure{Status: 429, RetryAfter: time.Second}, 7)
	r.srv.FailNext("chat.postMessage", fakeslack.Failure{Status: 500}, 1)
	id := r.add(outbox.KindPost, outbox.Payload{Channel: "C1", Text: "launched #1"}, "", "")
	r.drain(r.sender(r.store, 0.5), 250*time.Millisecond, 10*time.Minute, nil)
	if row, _ := r.store.Row(id); row.SentAt.IsZero() || row.Msg.Attempts != 8 {
		t.Errorf("row = sent at %v, dead at %v, attempts %d (%s); want sent after 8 failed attempts",
			row.SentAt, row.DeadAt, row.Msg.Attempts, row.LastError)
	}
	if got := r.posted(); len(got) != 1 {
		t.Errorf("posts accepted = %q, want one", got)
	}
}

// TestSenderLosesNothingInAMinuteOutage fails on the old code: with the
// jitter drawing low, eight attempts fit in well under a minute of 500s,
// and every queued announcement died.
func TestSenderLosesNothingInAMinuteOutage(t *testing.T) {
	r := newRig(t)
	r.srv.FailNext("chat.postMessage", fakeslack.Failure{Status: 500}, 1_000_000)
	var want []string
	for i := range 5 {
		p := outbox.Payload{Channel: fmt.Sprintf("C%d", i%3), Text: fmt.Sprintf("announcement %d", i)}
		r.add(outbox.KindPost, p, "U1", "")
		want = append(want, p.Channel+":"+p.Text)
	}
	outageOver := false
	r.drain(r.sender(r.store, 0.1), 250*time.Millisecond, time.Hour, func(elapsed time.Duration) {
		if elapsed >= time.Minute && !outageOver {
			r.srv.ClearFailures("chat.postMessage")
			outageOver = true
		}
	})
	if dead := r.store.FirstDeadError(); dead != "" || r.store.Pending() != 0 {
		t.Fatalf("after the outage: %d pending, first dead error %q; want all sent", r.store.Pending(), dead)
	}
	got := r.posted()
	if len(got) != len(want) {
		t.Fatalf("posts accepted = %q, want each of %q once", got, want)
	}
	for _, w := range want {
		if !strings.Contains(strings.Join(got, "\n"), w) {
			t.Errorf("posts %q lack %q", got, w)
		}
	}
}

// crashingStore is a store whose next MarkSent (and MarkSentWithReplies)
// fails: the failpoint of a process killed after Slack took a post and
// before the row was marked sent.
type crashingStore struct {
	*outbox.MemStore
	mu    sync.Mutex
	armed bool
}

var errKilled = errors.New("killed before the mark")

func (c *crashingStore) fire() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	fired := c.armed
	c.armed = false
	return fired
}

func (c *crashingStore) MarkSent(ctx context.Context, id int64, at time.Time) error {
	if c.fire() {
		return errKilled
	}
	return c.MemStore.MarkSent(ctx, id, at)
}

func (c *crashingStore) MarkSentWithReplies(ctx context.Context, id int64, at time.Time, replies []experiments.OutboxMessage) error {
	if c.fire() {
		return errKilled
	}
	return c.MemStore.MarkSentWithReplies(ctx, id, at, replies)
}

// TestSenderAfterACrashLooksUpInsteadOfPostingAgain fails on the old code,
// which posted every message again after such a crash.
func TestSenderAfterACrashLooksUpInsteadOfPostingAgain(t *testing.T) {
	tests := []struct {
		name   string
		kind   string
		p      outbox.Payload
		lookup string // the method that finds the post
	}{
		{"post", outbox.KindPost, outbox.Payload{Channel: "C1", Text: "launched #1"}, "conversations.history"},
		{"thread reply", outbox.KindPost, outbox.Payload{Channel: "C1", ThreadTS: "THREAD", Text: "part 2"}, "conversations.replies"},
		{"direct message", outbox.KindDM, outbox.Payload{User: "U1", Text: "how is #1 going?"}, "conversations.history"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			if tt.p.ThreadTS != "" {
				_, ts, err := r.api.PostMessage("C1", slack.MsgOptionText("digest", false))
				if err != nil {
					t.Fatal(err)
				}
				tt.p.ThreadTS = ts
			}
			store := &crashingStore{MemStore: r.store, armed: true}
			id := r.add(tt.kind, tt.p, "", "")
			before := len(r.posted())
			if _, err := r.sender(store, 0.5).DrainOnce(context.Background()); !errors.Is(err, errKilled) {
				t.Fatalf("first process: DrainOnce = %v, want the kill", err)
			}
			// The first process is gone, and with it what it remembered.
			// Its lease runs out before the restart.
			r.clock.Advance(outbox.DefaultLease)
			r.drain(r.sender(store, 0.5), 250*time.Millisecond, time.Minute, nil)
			if got := len(r.posted()) - before; got != 1 {
				t.Errorf("posts accepted = %d (%q), want 1: posted again after the restart", got, r.posted())
			}
			if row, _ := r.store.Row(id); row.SentAt.IsZero() {
				t.Errorf("row not marked sent after the restart: %+v", row)
			}
			if calls := r.srv.Calls(tt.lookup); len(calls) != 1 || calls[0].Param("include_all_metadata") != "1" {
				t.Errorf("%s calls = %d, want one with include_all_metadata", tt.lookup, len(calls))
			}
		})
	}
}

// TestSenderPostsAfterAnUnsureFailureWhenSlackLacksIt: after an
// internal_error (which may come after Slack took the post), the next
// attempt looks first, finds nothing, and posts.
func TestSenderPostsAfterAnUnsureFailureWhenSlackLacksIt(t *testing.T) {
	r := newRig(t)
	r.srv.FailNext("chat.postMessage", fakeslack.Failure{Error: "internal_error"}, 1)
	id := r.add(outbox.KindPost, outbox.Payload{Channel: "C1", Text: "launched #1"}, "", "")
	r.drain(r.sender(r.store, 0.5), 250*time.Millisecond, time.Minute, nil)
	if row, _ := r.store.Row(id); row.SentAt.IsZero() {
		t.Errorf("row not sent: %+v", row)
	}
	if got := r.posted(); len(got) != 1 {
		t.Errorf("posts accepted = %q, want one", got)
	}
	if n := len(r.srv.Calls("conversations.history")); n != 1 {
		t.Errorf("history lookups = %d, want 1", n)
	}
}
