package outbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/internal/testkit"
	"github.com/slack-go/slack"
)

// outboxFake is the MemStore with failpoints: MarkSent fails failSent
// more times, and onDue runs after each DueHeads.
type outboxFake struct {
	*MemStore
	mu       sync.Mutex
	failSent int
	onDue    func()
}

// add queues a message of kind with payload o, due at once, and returns its id.
func (f *outboxFake) add(kind string, o Payload) int64 {
	return f.addRaw(Message(kind, "T1", o))
}

// addRaw queues m as it stands apart from its id.
func (f *outboxFake) addRaw(m experiments.OutboxMessage) int64 {
	return f.Add(m)
}

// row returns a copy of the row of id.
func (f *outboxFake) row(id int64) MemRow {
	r, ok := f.Row(id)
	if !ok {
		panic(fmt.Sprintf("no row %d", id))
	}
	return r
}

func (f *outboxFake) DueHeads(ctx context.Context, now time.Time, limit int) ([]experiments.OutboxMessage, error) {
	due, err := f.MemStore.DueHeads(ctx, now, limit)
	if f.onDue != nil {
		f.onDue()
	}
	return due, err
}

// failing reports whether this mark should fail.
func (f *outboxFake) failing() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failSent > 0 {
		f.failSent--
		return true
	}
	return false
}

func (f *outboxFake) MarkSent(ctx context.Context, id int64, at time.Time) error {
	if f.failing() {
		return errors.New("database is locked")
	}
	return f.MemStore.MarkSent(ctx, id, at)
}

func (f *outboxFake) MarkSentWithReplies(ctx context.Context, id int64, at time.Time, replies []experiments.OutboxMessage) error {
	if f.failing() {
		return errors.New("database is locked")
	}
	return f.MemStore.MarkSentWithReplies(ctx, id, at, replies)
}

// senderAPIFake is a function-field SlackAPI. A call to a method whose
// field is unset fails the test; the methods the sender never calls are
// left to the embedded nil interface, which panics.
type senderAPIFake struct {
	SlackAPI
	t         *testing.T
	post      func(ctx context.Context, channel string, opts ...slack.MsgOption) (string, string, error)
	update    func(ctx context.Context, channel, ts string, opts ...slack.MsgOption) (string, string, string, error)
	ephemeral func(ctx context.Context, channel, user string, opts ...slack.MsgOption) (string, error)
	open      func(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error)
	join      func(ctx context.Context, channel string) (*slack.Channel, string, []string, error)
	history   func(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error)
}

func (f *senderAPIFake) JoinConversationContext(ctx context.Context, channel string) (*slack.Channel, string, []string, error) {
	if f.join == nil {
		f.t.Errorf("unexpected JoinConversationContext(%q)", channel)
		return nil, "", nil, errUnexpectedCall
	}
	return f.join(ctx, channel)
}

func (f *senderAPIFake) GetConversationHistoryContext(ctx context.Context, params *slack.GetConversationHistoryParameters) (*slack.GetConversationHistoryResponse, error) {
	if f.history == nil {
		f.t.Errorf("unexpected GetConversationHistoryContext(%q)", params.ChannelID)
		return nil, errUnexpectedCall
	}
	return f.history(ctx, params)
}

var errUnexpectedCall = errors.New("unexpected call")

func (f *senderAPIFake) PostMessageContext(ctx context.Context, channel string, opts ...slack.MsgOption) (string, string, error) {
	if f.post == nil {
		f.t.Errorf("unexpected PostMessageContext(%q)", channel)
		return "", "", errUnexpectedCall
	}
	return f.post(ctx, channel, opts...)
}

func (f *senderAPIFake) UpdateMessageContext(ctx context.Context, channel, ts string, opts ...slack.MsgOption) (string, string, string, error) {
	if f.update == nil {
		f.t.Errorf("unexpected UpdateMessageContext(%q, %q)", channel, ts)
		return "", "", "", errUnexpectedCall
	}
	return f.update(ctx, channel, ts, opts...)
}

func (f *senderAPIFake) PostEphemeralContext(ctx context.Context, channel, user string, opts ...slack.MsgOption) (string, error) {
	if f.ephemeral == nil {
		f.t.Errorf("unexpected PostEphemeralContext(%q, %q)", channel, user)
		return "", errUnexpectedCall
	}
	return f.ephemeral(ctx, channel, user, opts...)
}

func (f *senderAPIFake) OpenConversationContext(ctx context.Context, params *slack.OpenConversationParameters) (*slack.Channel, bool, bool, error) {
	if f.open == nil {
		f.t.Errorf("unexpected OpenConversationContext(%v)", params.Users)
		return nil, false, false, errUnexpectedCall
	}
	return f.open(ctx, params)
}

// postRecorder is a post func that records "channel:text" of each call
// and fails with errs in turn, then succeeds.
type postRecorder struct {
	mu    sync.Mutex
	texts []string
	errs  []error
}

func (p *postRecorder) post(ctx context.Context, channel string, opts ...slack.MsgOption) (string, string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, values, _ := slack.UnsafeApplyMsgOptions("", channel, "", opts...)
	p.texts = append(p.texts, channel+":"+values.Get("text"))
	if len(p.errs) > 0 {
		err := p.errs[0]
		p.errs = p.errs[1:]
		return "", "", err
	}
	return channel, "1.0", nil
}

// got returns the calls recorded so far.
func (p *postRecorder) got() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.texts)
}

// senderWire is what Slack receives for a message's options.
type senderWire struct {
	Text, Blocks, ThreadTS string
}

// senderRender sends opts through a real slack.Client to a local server and
// returns the form it received, so that tests see blocks as Slack would.
func senderRender(t *testing.T, opts ...slack.MsgOption) senderWire {
	t.Helper()
	forms := make(chan url.Values, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		forms <- r.PostForm
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"ok":true,"channel":"C","ts":"1.0"}`)
	}))
	defer srv.Close()
	api := slack.New("xoxb-test", slack.OptionAPIURL(srv.URL+"/"))
	if _, _, err := api.PostMessage("C", opts...); err != nil {
		t.Fatalf("render options: %v", err)
	}
	form := <-forms
	return senderWire{Text: form.Get("text"), Blocks: form.Get("blocks"), ThreadTS: form.Get("thread_ts")}
}

// senderFixture is a Sender over fakes, with its clock and log.
type senderFixture struct {
	s     *Sender
	store *outboxFake
	api   *senderAPIFake
	clock *clock
	log   *bytes.Buffer
}

var senderEpoch = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

// newSenderFixture returns a Sender on a clock pinned at senderEpoch whose
// jitter always draws 0.5, logging at debug into a buffer.
func newSenderFixture(t *testing.T) *senderFixture {
	f := &senderFixture{
		store: &outboxFake{MemStore: &MemStore{}},
		api:   &senderAPIFake{t: t},
		clock: testkit.NewClock(senderEpoch),
		log:   &bytes.Buffer{},
	}
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: f.log}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.s = NewSender(f.store, f.api, logger)
	f.s.Now = f.clock.Now
	f.store.Now = f.clock.Now
	f.s.Jitter = func() float64 { return 0.5 }
	return f
}

// drain runs one pass and fails the test on an error.
func (f *senderFixture) drain(t *testing.T) int {
	t.Helper()
	n, err := f.s.DrainOnce(context.Background())
	if err != nil {
		t.Fatalf("DrainOnce: %v", err)
	}
	return n
}

// lockedWriter serialises writes to a buffer shared with Run's goroutine.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// clock is a clock a test moves by hand.
type clock = testkit.Clock

// blocksOf wraps blocks for a payload.
func blocksOf(blocks ...slack.Block) slack.Blocks { return slack.Blocks{BlockSet: blocks} }
