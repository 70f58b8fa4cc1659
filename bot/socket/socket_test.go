package socket

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// socketStoreFake is a settings store whose channel settings can be slow
// or panic; the App it drives has no other store.
type socketStoreFake struct {
	settings func() experiments.ChannelSettings
}

var _ bot.SettingsStore = (*socketStoreFake)(nil)

// deliveryLedgerFake is a DeliveryLedger that knows no key; lookUp, when set, runs
// first (a slow or stuck look-up).
type deliveryLedgerFake struct {
	lookUp func()
}

func (f *deliveryLedgerFake) Handled(context.Context, []string) (bool, error) {
	if f.lookUp != nil {
		f.lookUp()
	}
	return false, nil
}

func (f *socketStoreFake) ChannelSettings(context.Context, string, string) (experiments.ChannelSettings, error) {
	return f.settings(), nil
}

func (f *socketStoreFake) SetAway(context.Context, string, string, time.Time) error { return nil }

func (f *socketStoreFake) ChangeSettings(_ context.Context, _, _ string, c experiments.SettingsChange) (experiments.ChannelSettings, error) {
	return f.settings().Apply(c), nil
}

func (f *socketStoreFake) SaveSchedules(context.Context, experiments.ChannelSettings, []string, time.Time) error {
	return nil
}

// ackRecorder is a socketClient that records acks. Like the real client,
// it cannot deliver an ack once its connection is stopped: those are
// counted as lost.
type ackRecorder struct {
	mu      sync.Mutex
	acks    []any
	lost    int
	done    chan struct{}
	stopped chan struct{} // closed when RunContext's ctx ends
}

func (r *ackRecorder) RunContext(ctx context.Context) error {
	<-ctx.Done()
	close(r.stopped)
	return ctx.Err()
}

func (r *ackRecorder) Ack(_ socketmode.Request, payload ...any) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	select {
	case <-r.stopped:
		r.lost++
		return errors.New("connection closed")
	default:
	}
	var p any
	if len(payload) > 0 {
		p = payload[0]
	}
	r.acks = append(r.acks, p)
	close(r.done)
	return nil
}

// slashEvent is a slash command event as the socket-mode client emits it.
func slashEvent(text, responseURL string) socketmode.Event {
	return socketmode.Event{Type: socketmode.EventTypeSlashCommand,
		Data:    slack.SlashCommand{TeamID: "T1", ChannelID: "C1", UserID: "U1", Text: text, ResponseURL: responseURL},
		Request: &socketmode.Request{EnvelopeID: "E1", Type: "slash_commands"}}
}

// responseSink is a response_url that hands each post's body to a channel.
func responseSink(t *testing.T) (string, <-chan string) {
	bodies := make(chan string, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies <- string(b)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, bodies
}

func newTestSocket(settings func() experiments.ChannelSettings) (*Socket, *ackRecorder) {
	app := bot.NewApp(bot.Stores{Settings: &socketStoreFake{settings: settings}}, nil, nil)
	rec := &ackRecorder{done: make(chan struct{}), stopped: make(chan struct{})}
	return newSocket(app, &deliveryLedgerFake{}, rec, nil, nil, nil), rec
}

func TestSlowSlashCommandIsAckedFirstThenAnsweredThroughResponseURL(t *testing.T) {
	release := make(chan struct{})
	s, rec := newTestSocket(func() experiments.ChannelSettings {
		<-release // the handler is stuck until the ack went out
		return experiments.DefaultChannelSettings("T1", "C1")
	})
	s.AckBudget = 20 * time.Millisecond
	url, bodies := responseSink(t)
	go s.handleEnvelope(context.Background(), slashEvent("away 3", url))

	select {
	case <-rec.done:
	case <-time.After(5 * time.Second):
		t.Fatal("no ack while the handler was busy")
	}
	if rec.acks[0] != nil {
		t.Errorf("late ack carried payload %v, want none", rec.acks[0])
	}
	close(release)
	select {
	case body := <-bodies:
		var m slack.WebhookMessage
		if err := json.Unmarshal([]byte(body), &m); err != nil || m.ResponseType != "ephemeral" || !strings.Contains(m.Text, "No check-in DMs until") {
			t.Errorf("response_url got %s (err %v), want the ephemeral away reply", body, err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the late reply never reached response_url")
	}
}

func TestPanickingHandlerAcksWithAnApology(t *testing.T) {
	s, rec := newTestSocket(func() experiments.ChannelSettings { panic("boom") })
	s.handleEnvelope(context.Background(), slashEvent("away 3", ""))
	if len(rec.acks) != 1 {
		t.Fatalf("%d acks, want 1", len(rec.acks))
	}
	// The payload goes to socket mode encoded already (answerSlash), or as
	// the message itself (a panic outside the App's own recover).
	b, err := json.Marshal(rec.acks[0])
	var m slack.WebhookMessage
	if err == nil {
		err = json.Unmarshal(b, &m)
	}
	if err != nil || !strings.Contains(m.Text, "Sorry, something went wrong") || m.ResponseType != "ephemeral" {
		t.Errorf("ack = %s (err %v), want an ephemeral apology", b, err)
	}
}

func TestShutdownLetsHandlersInFlightAck(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	s, rec := newTestSocket(func() experiments.ChannelSettings {
		close(entered)
		<-release
		return experiments.DefaultChannelSettings("T1", "C1")
	})
	events := make(chan socketmode.Event, 1)
	s.events = events
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan error, 1)
	go func() { ran <- s.Run(ctx) }()
	events <- slashEvent("away 3", "")
	<-entered
	cancel() // SIGTERM while the handler runs
	// Give a wrong shutdown order the chance to stop the connection first.
	select {
	case <-rec.stopped:
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	select {
	case err := <-ran:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after shutdown")
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.lost != 0 || len(rec.acks) != 1 {
		t.Errorf("%d acks delivered, %d lost; want the in-flight command acked before the connection closed", len(rec.acks), rec.lost)
	}
}

func TestASlowLedgerLookUpCountsAgainstTheAckBudget(t *testing.T) {
	release := make(chan struct{})
	s, rec := newTestSocket(func() experiments.ChannelSettings { return experiments.DefaultChannelSettings("T1", "C1") })
	s.ledger.(*deliveryLedgerFake).lookUp = func() { <-release } // the disk is slow
	s.AckBudget = 20 * time.Millisecond
	url, bodies := responseSink(t)
	go s.handleEnvelope(context.Background(), slashEvent("away 3", url))
	select {
	case <-rec.done:
	case <-time.After(5 * time.Second):
		t.Fatal("no ack while the ledger look-up was stuck")
	}
	close(release)
	select {
	case body := <-bodies:
		if !strings.Contains(body, "No check-in DMs until") {
			t.Errorf("response_url got %s, want the away reply", body)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the reply never reached response_url")
	}
}

// TestLateReplyLogsNoResponseURL: a response_url lets whoever holds it post
// to the channel, so a failed late reply logs the failure, not the URL.
func TestLateReplyLogsNoResponseURL(t *testing.T) {
	var log bytes.Buffer
	s := newSocket(bot.NewApp(bot.Stores{Settings: &socketStoreFake{}}, nil, nil), &deliveryLedgerFake{}, nil, nil, nil,
		slog.New(slog.NewTextHandler(&log, nil)))
	sc := slack.SlashCommand{TeamID: "T1", ChannelID: "C1", ResponseURL: "http://127.0.0.1:1/commands/T1/1/secret-hook"}
	s.respondLater(context.Background(), sc, bot.Notice("hi"))
	if strings.Contains(log.String(), "secret-hook") || !strings.Contains(log.String(), "response_url post failed") {
		t.Errorf("log:\n%s\nwant the failure without the URL", log.String())
	}
}
