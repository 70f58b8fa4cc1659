package fakeslack_test

import (
	"cmp"
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

const (
	appToken = "xapp-1-test"
	botToken = "xoxb-test"
	// testTimeout is a safety net: every test should finish well before it.
	testTimeout = 10 * time.Second
)

// testContext returns a context that ends when the test does or after
// testTimeout.
func testContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// startServer starts a fake with the test tokens and closes it at cleanup.
func startServer(t *testing.T, opts fakeslack.Options) *fakeslack.Server {
	t.Helper()
	opts.AppToken = cmp.Or(opts.AppToken, appToken)
	opts.BotToken = cmp.Or(opts.BotToken, botToken)
	if opts.PingInterval == 0 {
		opts.PingInterval = 200 * time.Millisecond
	}
	srv, err := fakeslack.Start(opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// newAPI returns a slack-go Web API client for srv.
func newAPI(srv *fakeslack.Server, token string) *slack.Client {
	return slack.New(token, slack.OptionAppLevelToken(appToken), slack.OptionAPIURL(srv.APIURL()))
}

// bot is a real slack-go socket-mode client running against a fake.
type bot struct {
	t      *testing.T
	ctx    context.Context
	srv    *fakeslack.Server
	client *socketmode.Client
	runErr chan error
}

// startBot runs a socket-mode client with the given app token against srv
// until the test ends.
func startBot(t *testing.T, srv *fakeslack.Server, token string, opts ...socketmode.Option) *bot {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	api := slack.New(botToken, slack.OptionAppLevelToken(token), slack.OptionAPIURL(srv.APIURL()))
	b := &bot{t: t, ctx: ctx, srv: srv, client: socketmode.New(api, opts...), runErr: make(chan error, 1)}
	go func() { b.runErr <- b.client.RunContext(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-b.runErr
	})
	return b
}

// connectBot starts a fake and a client and waits for the client's hello.
func connectBot(t *testing.T, opts fakeslack.Options) *bot {
	t.Helper()
	b := startBot(t, startServer(t, opts), appToken)
	b.next(socketmode.EventTypeHello)
	return b
}

// next returns the client's next event of type typ, skipping others.
func (b *bot) next(typ socketmode.EventType) socketmode.Event {
	b.t.Helper()
	for {
		select {
		case evt := <-b.client.Events:
			if evt.Type == typ {
				return evt
			}
			b.t.Logf("skipping %s event", evt.Type)
		case <-b.ctx.Done():
			b.t.Fatalf("waiting for %s event: %v", typ, b.ctx.Err())
		}
	}
}

// ack acks evt with payload and returns the ack the fake recorded.
func (b *bot) ack(evt socketmode.Event, payload any) fakeslack.Ack {
	b.t.Helper()
	if err := b.client.Ack(*evt.Request, payload); err != nil {
		b.t.Fatalf("Ack: %v", err)
	}
	ack, err := b.srv.WaitAck(b.ctx, evt.Request.EnvelopeID)
	if err != nil {
		b.t.Fatalf("WaitAck: %v", err)
	}
	return ack
}

// waitRun returns RunContext's error, failing the test if it does not return.
func (b *bot) waitRun() error {
	b.t.Helper()
	select {
	case err := <-b.runErr:
		b.runErr <- err // let cleanup receive it too
		return err
	case <-b.ctx.Done():
		b.t.Fatal("RunContext did not return")
		return nil
	}
}

// sent returns the envelope ID of a send, failing the test on error.
func (b *bot) sent(id string, err error) string {
	b.t.Helper()
	if err != nil {
		b.t.Fatalf("send: %v", err)
	}
	return id
}

// assertJSON fails the test unless got and want are equal JSON values.
func assertJSON(t *testing.T, got []byte, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("invalid JSON %q: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("invalid want JSON %q: %v", want, err)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if string(gb) != string(wb) {
		t.Errorf("JSON = %s, want %s", gb, wb)
	}
}
