package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
	"github.com/aimlater/aimlater/internal/testkit"
	"github.com/aimlater/aimlater/storage"
)

// e2eTimeout is a safety net; every end-to-end test finishes well before.
const e2eTimeout = 20 * time.Second

// syncBuffer is a bytes.Buffer safe for the logger and the test at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// slackEnv is a serve configuration pointed at the fake Slack. Both
// schedules are off: with the defaults, a test restarting serve on a Monday
// morning would catch up that week's digest (or on a Tuesday, the
// check-ins) and see posts it did not ask for. Tests of the schedules turn
// them on (startServeWith).
func slackEnv(srv *fakeslack.Server, dbPath string) map[string]string {
	return map[string]string{
		"SLACK_BOT_TOKEN":           "xoxb-e2e",
		"SLACK_APP_TOKEN":           "xapp-e2e",
		"SLACK_API_URL":             srv.APIURL(),
		"AIMLATER_DB":               dbPath,
		"AIMLATER_LOG_LEVEL":        "debug",
		"AIMLATER_CHECKIN_SCHEDULE": "off",
		"AIMLATER_DIGEST_SCHEDULE":  "off",
	}
}

// startFake starts a fake Slack with the e2e tokens.
func startFake(t *testing.T) *fakeslack.Server {
	t.Helper()
	srv, err := fakeslack.Start(fakeslack.Options{AppToken: "xapp-e2e", BotToken: "xoxb-e2e", PingInterval: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// serving is one run of `aimlater serve` in-process.
type serving struct {
	t      *testing.T
	srv    *fakeslack.Server
	stderr *syncBuffer
	cancel context.CancelFunc
	exit   chan int
}

// startServe runs serve against srv with the database at dbPath and waits
// for its socket-mode connection. Its sender skips its short waits (see
// skipClock).
func startServe(t *testing.T, srv *fakeslack.Server, dbPath string) *serving {
	t.Helper()
	return startServeWith(t, srv, dbPath, nil)
}

// startServeRealClock is startServe with the sender on the real clock, for
// a test that measures the sender's waits.
func startServeRealClock(t *testing.T, srv *fakeslack.Server, dbPath string) *serving {
	t.Helper()
	senderClock = nil
	return launchServe(t, srv, slackEnv(srv, dbPath))
}

// launchServe runs serve with env and waits for its socket-mode connection.
func launchServe(t *testing.T, srv *fakeslack.Server, env map[string]string) *serving {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{t: t, srv: srv, stderr: &syncBuffer{}, cancel: cancel, exit: make(chan int, 1)}
	before := srv.Connections()
	go func() {
		s.exit <- run(ctx, []string{"serve"}, envOf(env), strings.NewReader(""), &bytes.Buffer{}, s.stderr)
	}()
	t.Cleanup(func() { s.stop() })
	wctx, wcancel := context.WithTimeout(context.Background(), e2eTimeout)
	defer wcancel()
	if err := srv.WaitConnected(wctx, before+1); err != nil {
		t.Fatalf("serve did not connect: %v\nlog:\n%s", err, s.stderr)
	}
	return s
}

// stop cancels serve (as SIGTERM does) and returns its exit status.
func (s *serving) stop() int {
	s.cancel()
	select {
	case code := <-s.exit:
		s.exit <- code // later calls see the same status
		return code
	case <-time.After(e2eTimeout):
		s.t.Fatalf("serve did not stop\nlog:\n%s", s.stderr)
		return -1
	}
}

// newDB returns the path of a fresh, migrated database in the test's temp
// dir.
func newDB(t *testing.T) string { t.Helper(); return template.Path(t) }

// noDB returns a path in the test's temp dir where no database is yet,
// for a test of what creates one.
func noDB(t *testing.T) string { return filepath.Join(t.TempDir(), "aimlater.db") }

// template is the migrated database newDB copies.
var template = testkit.DBTemplate{Open: func(path string) (io.Closer, error) { return storage.Open(path) }}

// ctxT is a context bounded by the e2e timeout.
func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), e2eTimeout)
	t.Cleanup(cancel)
	return ctx
}

// slash sends a slash command from user in channel and returns the text of
// the reply (blocks and fallback joined): from the ack, or from the
// response_url when the ack came without it.
func (s *serving) slash(channel, user, text string) string {
	s.t.Helper()
	ctx := ctxT(s.t)
	respURL := s.srv.ResponseURL()
	id, err := s.srv.SendSlashCommand(ctx, fakeslack.SlashCommand{ChannelID: channel, UserID: user,
		Command: "/exp", Text: text, ResponseURL: respURL})
	if err != nil {
		s.t.Fatal(err)
	}
	ack, err := s.srv.WaitAck(ctx, id)
	if err != nil {
		s.t.Fatalf("no ack for %q: %v\nlog:\n%s", text, err, s.stderr)
	}
	if len(ack.Payload) > 0 {
		return replyText(s.t, ack.Payload)
	}
	return replyText(s.t, s.responsePost(ctx, respURL))
}

// openModal sends a command that opens a modal and returns the view that
// views.open received.
func (s *serving) openModal(channel, user, text string) map[string]any {
	s.t.Helper()
	ctx := ctxT(s.t)
	before := len(s.srv.Calls("views.open"))
	id, err := s.srv.SendSlashCommand(ctx, fakeslack.SlashCommand{ChannelID: channel, UserID: user, Command: "/exp", Text: text})
	if err != nil {
		s.t.Fatal(err)
	}
	if ack, err := s.srv.WaitAck(ctx, id); err != nil || len(ack.Payload) > 0 {
		s.t.Fatalf("%q: ack %s, err %v; want an empty ack", text, ack.Payload, err)
	}
	calls, err := s.srv.WaitCalls(ctx, "views.open", before+1)
	if err != nil {
		s.t.Fatalf("%q opened no modal: %v\nlog:\n%s", text, err, s.stderr)
	}
	var view map[string]any
	if err := json.Unmarshal([]byte(calls[before].Param("view")), &view); err != nil {
		s.t.Fatalf("views.open view: %v", err)
	}
	return view
}

// responsePost waits for the post to one response URL.
func (s *serving) responsePost(ctx context.Context, url string) json.RawMessage {
	s.t.Helper()
	for n := 1; ; n++ {
		posts, err := s.srv.WaitResponseURLPosts(ctx, n)
		if err != nil {
			s.t.Fatalf("no reply through %s: %v", url, err)
		}
		for _, p := range posts {
			if strings.HasSuffix(url, p.Path) {
				return p.Body
			}
		}
	}
}

// replyText flattens a message payload: its text and every text in its
// blocks, so assertions see what a user sees.
func replyText(t *testing.T, payload json.RawMessage) string {
	t.Helper()
	if len(payload) == 0 {
		return ""
	}
	var v any
	if err := json.Unmarshal(payload, &v); err != nil {
		t.Fatalf("payload is not JSON: %s", payload)
	}
	var out []string
	collectText(v, &out)
	return strings.Join(out, "\n")
}

func collectText(v any, out *[]string) {
	switch x := v.(type) {
	case map[string]any:
		if s, ok := x["text"].(string); ok {
			*out = append(*out, s)
		}
		// Keys in order, so that a block with text beside an element (a
		// section's button) flattens the same every time.
		for _, k := range slices.Sorted(maps.Keys(x)) {
			if child := x[k]; k != "text" {
				collectText(child, out)
			} else if m, ok := child.(map[string]any); ok {
				collectText(m, out)
			}
		}
	case []any:
		for _, child := range x {
			collectText(child, out)
		}
	}
}

// posts waits for n chat.postMessage calls that succeeded and returns them.
func (s *serving) posts(n int) []fakeslack.Call {
	s.t.Helper()
	ctx := ctxT(s.t)
	for {
		var ok []fakeslack.Call
		for _, c := range s.srv.Calls("chat.postMessage") {
			if !c.Failed {
				ok = append(ok, c)
			}
		}
		if len(ok) >= n {
			return ok
		}
		if _, err := s.srv.WaitCalls(ctx, "chat.postMessage", len(s.srv.Calls("chat.postMessage"))+1); err != nil {
			s.t.Fatalf("waiting for %d posts, have %d: %v\nlog:\n%s", n, len(ok), err, s.stderr)
		}
	}
}

// mustContain fails unless got contains every want.
func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("reply lacks %q:\n%s", w, got)
		}
	}
}

// openStore opens the database at path for a test to seed or inspect; the
// caller closes it.
func openStore(t *testing.T, path string) *storage.DB {
	t.Helper()
	db, err := storage.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	return db
}
