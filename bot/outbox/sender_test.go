package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// senderCall is one Web API call as a fake saw it.
type senderCall struct {
	Method, Channel, User, TS string
	Wire                      senderWire
}

// recordAll sets every method of api to record its calls into calls;
// conversations.open answers with channel D1.
func recordAll(t *testing.T, api *senderAPIFake, calls *[]senderCall) {
	api.post = func(_ context.Context, channel string, opts ...slack.MsgOption) (string, string, error) {
		*calls = append(*calls, senderCall{Method: "post", Channel: channel, Wire: senderRender(t, opts...)})
		return channel, "2.0", nil
	}
	api.update = func(_ context.Context, channel, ts string, opts ...slack.MsgOption) (string, string, string, error) {
		*calls = append(*calls, senderCall{Method: "update", Channel: channel, TS: ts, Wire: senderRender(t, opts...)})
		return channel, ts, "", nil
	}
	api.ephemeral = func(_ context.Context, channel, user string, opts ...slack.MsgOption) (string, error) {
		*calls = append(*calls, senderCall{Method: "ephemeral", Channel: channel, User: user, Wire: senderRender(t, opts...)})
		return "2.0", nil
	}
	api.open = func(_ context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error) {
		*calls = append(*calls, senderCall{Method: "open", User: strings.Join(params.Users, ",")})
		ch := &slack.Channel{}
		ch.ID = "D1"
		return ch, false, false, nil
	}
}

func TestSenderSendsEachKind(t *testing.T) {
	section := slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "*hi*", false, false), nil, nil)
	blocks, err := json.Marshal([]slack.Block{section})
	if err != nil {
		t.Fatal(err)
	}
	wire := senderWire{Text: "hi", Blocks: string(blocks)}
	textOnly := senderWire{Text: "hi"}
	tests := []struct {
		name string
		kind string
		o    Payload
		want []senderCall
	}{
		{"post", KindPost, Payload{Channel: "C1", Text: "hi", Blocks: blocksOf(section)},
			[]senderCall{{Method: "post", Channel: "C1", Wire: wire}}},
		{"post in thread", KindPost, Payload{Channel: "C1", ThreadTS: "1.5", Text: "hi", Blocks: blocksOf(section)},
			[]senderCall{{Method: "post", Channel: "C1", Wire: senderWire{Text: "hi", Blocks: string(blocks), ThreadTS: "1.5"}}}},
		{"post text only", KindPost, Payload{Channel: "C1", Text: "hi"},
			[]senderCall{{Method: "post", Channel: "C1", Wire: textOnly}}},
		{"update", KindUpdate, Payload{Channel: "C1", TS: "1.5", Text: "hi", Blocks: blocksOf(section)},
			[]senderCall{{Method: "update", Channel: "C1", TS: "1.5", Wire: wire}}},
		{"update to text only clears blocks", KindUpdate, Payload{Channel: "C1", TS: "1.5", Text: "hi"},
			[]senderCall{{Method: "update", Channel: "C1", TS: "1.5", Wire: senderWire{Text: "hi", Blocks: "[]"}}}},
		{"ephemeral", KindEphemeral, Payload{Channel: "C1", User: "U1", Text: "hi", Blocks: blocksOf(section)},
			[]senderCall{{Method: "ephemeral", Channel: "C1", User: "U1", Wire: wire}}},
		{"dm", KindDM, Payload{User: "U1", Text: "hi", Blocks: blocksOf(section)},
			[]senderCall{{Method: "open", User: "U1"}, {Method: "post", Channel: "D1", Wire: wire}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSenderFixture(t)
			var calls []senderCall
			recordAll(t, f.api, &calls)
			id := f.store.add(tt.kind, tt.o)
			if got := f.drain(t); got != 1 {
				t.Errorf("sent = %d, want 1", got)
			}
			if !slices.Equal(calls, tt.want) {
				t.Errorf("calls:\n got %+v\nwant %+v", calls, tt.want)
			}
			if got := f.store.row(id).SentAt; !got.Equal(senderEpoch) {
				t.Errorf("sent at %v, want %v", got, senderEpoch)
			}
		})
	}
}

func TestSenderPacesEachChannel(t *testing.T) {
	t.Run("same channel waits a second", func(t *testing.T) {
		f := newSenderFixture(t)
		rec := &postRecorder{}
		f.api.post = rec.post
		f.store.add(KindPost, Payload{Channel: "C1", Text: "a"})
		second := f.store.add(KindPost, Payload{Channel: "C1", Text: "b"})
		if got := f.drain(t); got != 1 {
			t.Fatalf("first pass sent %d, want 1", got)
		}
		f.clock.Advance(999 * time.Millisecond)
		if got := f.drain(t); got != 0 {
			t.Fatalf("pass after 999ms sent %d, want 0", got)
		}
		if got := f.store.row(second).Msg.Attempts; got != 0 {
			t.Errorf("attempts of the waiting message = %d, want 0", got)
		}
		f.clock.Advance(time.Millisecond)
		if got := f.drain(t); got != 1 {
			t.Fatalf("pass after 1s sent %d, want 1", got)
		}
		if got, want := rec.got(), []string{"C1:a", "C1:b"}; !slices.Equal(got, want) {
			t.Errorf("posts = %q, want %q", got, want)
		}
	})
	t.Run("two channels both sent", func(t *testing.T) {
		f := newSenderFixture(t)
		rec := &postRecorder{}
		f.api.post = rec.post
		f.store.add(KindPost, Payload{Channel: "C1", Text: "a"})
		f.store.add(KindPost, Payload{Channel: "C2", Text: "b"})
		if got := f.drain(t); got != 2 {
			t.Errorf("sent = %d, want 2", got)
		}
	})
	t.Run("direct messages paced per user", func(t *testing.T) {
		f := newSenderFixture(t)
		var calls []senderCall
		recordAll(t, f.api, &calls)
		f.store.add(KindDM, Payload{User: "U1", Text: "a"})
		f.store.add(KindDM, Payload{User: "U1", Text: "b"})
		f.store.add(KindDM, Payload{User: "U2", Text: "c"})
		if got := f.drain(t); got != 2 {
			t.Errorf("sent = %d, want 2 (one per user)", got)
		}
	})
	t.Run("old holds are forgotten", func(t *testing.T) {
		f := newSenderFixture(t)
		f.api.post = (&postRecorder{}).post
		f.store.add(KindPost, Payload{Channel: "C1", Text: "a"})
		f.drain(t)
		f.clock.Advance(2 * time.Second)
		f.drain(t)
		if got := len(f.s.heldUntil); got != 0 {
			t.Errorf("holds kept = %d, want 0", got)
		}
	})
}

func TestSenderKeepsOrderAfterFailure(t *testing.T) {
	f := newSenderFixture(t)
	rec := &postRecorder{errs: []error{slack.StatusCodeError{Code: 500, Status: "500 Internal Server Error"}}}
	f.api.post = rec.post
	f.store.add(KindPost, Payload{Channel: "C1", Text: "a"})
	f.store.add(KindPost, Payload{Channel: "C1", Text: "b"})
	f.store.add(KindPost, Payload{Channel: "C2", Text: "c"})
	f.drain(t) // a fails and is put off 0.5 s; b waits behind it; c goes
	f.clock.Advance(250 * time.Millisecond)
	f.drain(t) // a is not due yet, and b must not overtake it
	f.clock.Advance(250 * time.Millisecond)
	f.drain(t) // a is due again
	f.clock.Advance(time.Second)
	f.drain(t)
	want := []string{"C1:a", "C2:c", "C1:a", "C1:b"}
	if got := rec.got(); !slices.Equal(got, want) {
		t.Errorf("posts = %q, want %q", got, want)
	}
}

func TestSenderRateLimited(t *testing.T) {
	t.Run("waits out Retry-After and holds the channel", func(t *testing.T) {
		f := newSenderFixture(t)
		rec := &postRecorder{errs: []error{&slack.RateLimitedError{RetryAfter: 30 * time.Second}}}
		f.api.post = rec.post
		a := f.store.add(KindPost, Payload{Channel: "C1", Text: "a"})
		f.store.add(KindPost, Payload{Channel: "C1", Text: "b"})
		f.store.add(KindPost, Payload{Channel: "C2", Text: "c"})
		f.drain(t) // a: 429; b waits behind a; c waits out the workspace pause
		if got, want := rec.got(), []string{"C1:a"}; !slices.Equal(got, want) {
			t.Errorf("posts in the pass of the 429 = %q, want %q", got, want)
		}
		row := f.store.row(a)
		if want := senderEpoch.Add(30 * time.Second); !row.Msg.NotBefore.Equal(want) || !row.DeadAt.IsZero() || row.Msg.Attempts != 1 {
			t.Errorf("after 429: not before %v, dead %v, attempts %d; want %v, false, 1",
				row.Msg.NotBefore, !row.DeadAt.IsZero(), row.Msg.Attempts, want)
		}
		f.clock.Advance(time.Second)
		f.drain(t) // c goes; C1 is still held
		f.clock.Advance(29 * time.Second)
		f.drain(t) // a goes
		f.clock.Advance(time.Second)
		f.drain(t) // b goes
		want := []string{"C1:a", "C2:c", "C1:a", "C1:b"}
		if got := rec.got(); !slices.Equal(got, want) {
			t.Errorf("posts = %q, want %q", got, want)
		}
	})
	t.Run("never gives up, whatever the count or age", func(t *testing.T) {
		f := newSenderFixture(t)
		f.api.post = (&postRecorder{errs: []error{&slack.RateLimitedError{RetryAfter: time.Second}}}).post
		m := postMessage("C1", 1000)
		m.CreatedAt = senderEpoch.Add(-30 * 24 * time.Hour)
		id := f.store.addRaw(m)
		f.drain(t)
		if row := f.store.row(id); !row.DeadAt.IsZero() || row.Msg.Attempts != 1001 {
			t.Errorf("dead at %v, attempts %d; want pending, 1001", row.DeadAt, row.Msg.Attempts)
		}
	})
}

// postMessage returns a post to channel that has failed attempts times.
func postMessage(channel string, attempts int) experiments.OutboxMessage {
	m := Message(KindPost, "T1", Payload{Channel: channel, Text: "a"})
	m.Attempts = attempts
	return m
}

func TestSenderBackoff(t *testing.T) {
	tests := []struct {
		attempt int
		draw    float64
		want    time.Duration
	}{
		{attempt: 1, draw: 0, want: 0},
		{attempt: 1, draw: 0.5, want: 500 * time.Millisecond},
		{attempt: 1, draw: 0.999, want: 999 * time.Millisecond},
		{attempt: 2, draw: 0.5, want: time.Second},
		{attempt: 4, draw: 0.5, want: 4 * time.Second},
		{attempt: 9, draw: 0.5, want: 128 * time.Second},
		{attempt: 10, draw: 0.5, want: 150 * time.Second}, // 512 s capped at 5 min
		{attempt: 1000, draw: 0.999, want: 299700 * time.Millisecond},
	}
	for _, tt := range tests {
		s := NewSender(nil, nil, nil)
		s.Jitter = func() float64 { return tt.draw }
		if got := s.backoff(tt.attempt); got != tt.want {
			t.Errorf("backoff(%d) drawing %v = %v, want %v", tt.attempt, tt.draw, got, tt.want)
		}
	}
}

func TestSenderRetriesTransientErrors(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	tests := []struct {
		name string
		err  error
	}{
		{"500", slack.StatusCodeError{Code: 500, Status: "500 Internal Server Error"}},
		{"503", slack.StatusCodeError{Code: 503, Status: "503 Service Unavailable"}},
		{"429 without Retry-After", slack.StatusCodeError{Code: 429, Status: "429 Too Many Requests"}},
		{"connection refused", refused},
		{"EOF", io.EOF},
		{"call timeout", fmt.Errorf("post: %w", context.DeadlineExceeded)},
		{"slack internal_error", slack.SlackErrorResponse{Err: "internal_error"}},
		{"unrecognised", errors.New("something odd")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSenderFixture(t)
			f.api.post = (&postRecorder{errs: []error{tt.err}}).post
			id := f.store.addRaw(postMessage("C1", 2))
			f.drain(t)
			row := f.store.row(id)
			// Third attempt: the ceiling is 4 s and the jitter draws 0.5.
			if want := senderEpoch.Add(2 * time.Second); !row.DeadAt.IsZero() || row.Msg.Attempts != 3 || !row.Msg.NotBefore.Equal(want) {
				t.Errorf("dead %v, attempts %d, not before %v; want false, 3, %v", !row.DeadAt.IsZero(), row.Msg.Attempts, row.Msg.NotBefore, want)
			}
			if row.LastError != tt.err.Error() {
				t.Errorf("last error = %q, want %q", row.LastError, tt.err.Error())
			}
		})
	}
}

func TestSenderGivesUpByAge(t *testing.T) {
	tests := []struct {
		name     string
		age      time.Duration
		attempts int
		wantDead bool
	}{
		{"young after many failures", time.Hour, 500, false},
		{"just under the age", DefaultMaxAge - time.Millisecond, 3, false},
		{"at the age", DefaultMaxAge, 3, true},
		{"past the age on its first failure", DefaultMaxAge + time.Hour, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSenderFixture(t)
			f.api.post = (&postRecorder{errs: []error{slack.StatusCodeError{Code: 502, Status: "502 Bad Gateway"}}}).post
			m := postMessage("C1", tt.attempts)
			m.CreatedAt = senderEpoch.Add(-tt.age)
			id := f.store.addRaw(m)
			f.drain(t)
			if got := !f.store.row(id).DeadAt.IsZero(); got != tt.wantDead {
				t.Errorf("dead = %v, want %v", got, tt.wantDead)
			}
			if tt.wantDead {
				assertDeadLog(t, f.log.String(), fmt.Sprintf(`id=1 kind=post channel=C1 user="" attempts=%d err="older than 24h0m0s: slack server error: 502 Bad Gateway"`, tt.attempts+1))
			}
		})
	}
}

// assertDeadLog checks that log has an error line for a dead message with attrs.
func assertDeadLog(t *testing.T, log, attrs string) {
	t.Helper()
	want := `level=ERROR msg="outbox message dead" ` + attrs
	if !strings.Contains(log, want) {
		t.Errorf("log lacks %s\nlog:\n%s", want, log)
	}
}

func TestSenderDeadAtOnceOnPermanentErrors(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{"channel_not_found", slack.SlackErrorResponse{Err: "channel_not_found"}},
		{"is_archived", slack.SlackErrorResponse{Err: "is_archived"}},
		{"invalid_blocks", slack.SlackErrorResponse{Err: "invalid_blocks"}},
		{"msg_too_long", slack.SlackErrorResponse{Err: "msg_too_long"}},
		{"invalid_auth", slack.SlackErrorResponse{Err: "invalid_auth"}},
		{"bare user_not_found", fmt.Errorf("wrapped: %w", errors.New("user_not_found"))},
		{"404", slack.StatusCodeError{Code: 404, Status: "404 Not Found"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSenderFixture(t)
			f.api.post = (&postRecorder{errs: []error{tt.err}}).post
			id := f.store.addRaw(postMessage("C1", 0))
			f.drain(t)
			if row := f.store.row(id); row.DeadAt.IsZero() || row.Msg.Attempts != 1 || row.LastError != tt.err.Error() {
				t.Errorf("dead %v, attempts %d, last error %q; want true, 1, %q", !row.DeadAt.IsZero(), row.Msg.Attempts, row.LastError, tt.err.Error())
			}
			assertDeadLog(t, f.log.String(), "id=1 kind=post channel=C1")
		})
	}
}

func TestSenderDeadOnBadMessage(t *testing.T) {
	tests := []struct {
		name string
		m    experiments.OutboxMessage
	}{
		{"payload not JSON", experiments.OutboxMessage{Channel: "C1", Kind: KindPost, Payload: []byte("{not json")}},
		{"empty payload", experiments.OutboxMessage{Channel: "C1", Kind: KindPost}},
		{"unknown kind", Message("carrier-pigeon", "T1", Payload{Channel: "C1", Text: "a"})},
		{"update without ts", Message(KindUpdate, "T1", Payload{Channel: "C1", Text: "a"})},
		{"dm without user", Message(KindDM, "T1", Payload{Text: "a"})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSenderFixture(t) // no API method set: any call fails the test
			id := f.store.addRaw(tt.m)
			f.drain(t)
			if row := f.store.row(id); row.DeadAt.IsZero() || row.Msg.Attempts != 1 {
				t.Errorf("dead %v, attempts %d; want true, 1", !row.DeadAt.IsZero(), row.Msg.Attempts)
			}
			assertDeadLog(t, f.log.String(), "id=1 kind="+tt.m.Kind)
		})
	}
}

func TestSenderShutdownLetsTheCallInFlightFinish(t *testing.T) {
	f := newSenderFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	rec := &postRecorder{}
	f.api.post = func(callCtx context.Context, channel string, opts ...slack.MsgOption) (string, string, error) {
		cancel() // shutdown arrives while the call is in flight
		if callCtx.Err() != nil {
			return "", "", fmt.Errorf("post: %w", callCtx.Err())
		}
		return rec.post(callCtx, channel, opts...)
	}
	first := f.store.add(KindPost, Payload{Channel: "C1", Text: "a"})
	second := f.store.add(KindPost, Payload{Channel: "C2", Text: "b"})
	if _, err := f.s.DrainOnce(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("DrainOnce error = %v, want context.Canceled", err)
	}
	if row := f.store.row(first); row.SentAt.IsZero() || row.Msg.Attempts != 0 {
		t.Errorf("in-flight message row = %+v, want sent: Slack has it, a resend would double it", row)
	}
	if row := f.store.row(second); row.Msg.Attempts != 0 || !row.SentAt.IsZero() || !row.DeadAt.IsZero() {
		t.Errorf("next message row = %+v, want untouched after shutdown", row)
	}
	if got, want := rec.got(), []string{"C1:a"}; !slices.Equal(got, want) {
		t.Errorf("posts = %q, want %q", got, want)
	}
}

func TestSenderRetriesMarkSentWithoutResending(t *testing.T) {
	f := newSenderFixture(t)
	rec := &postRecorder{}
	f.api.post = rec.post
	f.store.failSent = 1
	id := f.store.add(KindPost, Payload{Channel: "C1", Text: "a"})
	if _, err := f.s.DrainOnce(context.Background()); err == nil {
		t.Fatal("DrainOnce error = nil, want the MarkSent failure")
	}
	f.clock.Advance(time.Second)
	f.drain(t)
	if got := f.store.row(id).SentAt; !got.Equal(senderEpoch) {
		t.Errorf("sent at %v, want %v", got, senderEpoch)
	}
	if got, want := rec.got(), []string{"C1:a"}; !slices.Equal(got, want) {
		t.Errorf("posts = %q, want %q", got, want)
	}
}

// runSender starts Run with waits too long to matter, so only
// the first pass and Wake can send, and returns a stop func that cancels
// it and waits for Run to return.
func runSender(t *testing.T, f *senderFixture) (stop func()) {
	f.s.PollInterval, f.s.IdleWait = time.Hour, time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.s.Run(ctx) }()
	return func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run = %v, want nil", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
	}
}

// awaitPost waits, bounded, for one post on posted.
func awaitPost(t *testing.T, posted <-chan string, want string) {
	t.Helper()
	select {
	case got := <-posted:
		if got != want {
			t.Errorf("posted %q, want %q", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("nothing posted, want %q", want)
	}
}

func TestSenderRun(t *testing.T) {
	newFixture := func(t *testing.T) (*senderFixture, chan string) {
		f := newSenderFixture(t)
		posted := make(chan string, 10)
		f.api.post = func(_ context.Context, channel string, opts ...slack.MsgOption) (string, string, error) {
			_, values, _ := slack.UnsafeApplyMsgOptions("", channel, "", opts...)
			posted <- channel + ":" + values.Get("text")
			return channel, "1.0", nil
		}
		return f, posted
	}
	t.Run("sends what is pending at start", func(t *testing.T) {
		f, posted := newFixture(t)
		f.store.add(KindPost, Payload{Channel: "C1", Text: "left over"})
		stop := runSender(t, f)
		defer stop()
		awaitPost(t, posted, "C1:left over")
	})
	t.Run("Wake sends at once", func(t *testing.T) {
		f, posted := newFixture(t)
		firstPass := make(chan struct{}, 1)
		f.store.onDue = func() {
			select {
			case firstPass <- struct{}{}:
			default:
			}
		}
		stop := runSender(t, f)
		defer stop()
		select { // once the first pass has read the outbox, only Wake finds this
		case <-firstPass:
		case <-time.After(5 * time.Second):
			t.Fatal("Run made no first pass")
		}
		f.store.add(KindPost, Payload{Channel: "C1", Text: "fresh"})
		f.s.Wake()
		f.s.Wake() // a second nudge must not block
		awaitPost(t, posted, "C1:fresh")
	})
}

// TestSenderLeavesAHeldHeadUndecoded: a head whose channel is held waits
// without its payload being read (a pass after a burst met a hundred such
// heads and decoded each); a bad payload is found once the channel frees.
func TestSenderLeavesAHeldHeadUndecoded(t *testing.T) {
	f := newSenderFixture(t)
	rec := &postRecorder{}
	f.api.post = rec.post
	f.store.add(KindPost, Payload{Channel: "C1", Text: "a"})
	bad := f.store.addRaw(experiments.OutboxMessage{Team: "T1", Channel: "C1", Kind: KindPost, Payload: []byte("{not json")})
	if got := f.drain(t); got != 1 {
		t.Fatalf("first pass sent %d, want 1", got)
	}
	f.drain(t) // the bad message is its queue's head now, its channel held
	if row := f.store.row(bad); !row.DeadAt.IsZero() || row.Msg.Attempts != 0 {
		t.Fatalf("held head: dead %v, attempts %d; want it left as it was", !row.DeadAt.IsZero(), row.Msg.Attempts)
	}
	f.clock.Advance(channelGap)
	f.drain(t)
	if row := f.store.row(bad); row.DeadAt.IsZero() {
		t.Errorf("bad payload not marked dead once its channel was free")
	}
}
