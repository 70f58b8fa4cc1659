package fakeslack_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

func TestHello(t *testing.T) {
	b := startBot(t, startServer(t, fakeslack.Options{}), appToken)
	connected := b.next(socketmode.EventTypeConnected).Data.(*socketmode.ConnectedEvent)
	if !strings.HasPrefix(connected.Info.URL, "ws://127.0.0.1:") {
		t.Errorf("websocket URL = %q", connected.Info.URL)
	}
	hello := b.next(socketmode.EventTypeHello).Request
	if hello.NumConnections != 1 || hello.ConnectionInfo.AppID != fakeslack.AppID || hello.DebugInfo.Host != "fake" {
		t.Errorf("hello = %+v", hello)
	}
	if n := b.srv.Connections(); n != 1 {
		t.Errorf("Connections() = %d, want 1", n)
	}
}

func TestSlashCommand(t *testing.T) {
	b := connectBot(t, fakeslack.Options{})
	id := b.sent(b.srv.SendSlashCommand(b.ctx, fakeslack.SlashCommand{
		TeamID: "T1", ChannelID: "C1", UserID: "U1", Command: "/exp", Text: "list all",
	}))

	evt := b.next(socketmode.EventTypeSlashCommand)
	cmd := evt.Data.(slack.SlashCommand)
	if evt.Request.EnvelopeID != id || !evt.Request.AcceptsResponsePayload {
		t.Errorf("request = %+v, want envelope %q accepting a response payload", evt.Request, id)
	}
	if cmd.TeamID != "T1" || cmd.ChannelID != "C1" || cmd.UserID != "U1" || cmd.Command != "/exp" ||
		cmd.Text != "list all" || cmd.APIAppID != fakeslack.AppID {
		t.Errorf("slash command = %+v", cmd)
	}
	if cmd.TriggerID == "" || !strings.HasPrefix(cmd.ResponseURL, "http://127.0.0.1:") {
		t.Errorf("trigger ID %q, response URL %q: want generated values", cmd.TriggerID, cmd.ResponseURL)
	}

	ack := b.ack(evt, map[string]string{"text": "ok"})
	assertJSON(t, ack.Payload, `{"text":"ok"}`)
	if ack.Latency <= 0 || ack.At.IsZero() {
		t.Errorf("ack = %+v, want a positive latency and arrival time", ack)
	}
}

func TestInteractive(t *testing.T) {
	b := connectBot(t, fakeslack.Options{})
	b.sent(b.srv.SendInteractive(b.ctx, map[string]any{
		"type": "block_actions", "trigger_id": "trig", "user": map[string]string{"id": "U1"},
		"actions": []map[string]string{{"type": "button", "action_id": "approve", "block_id": "b1", "value": "42"}},
	}))
	evt := b.next(socketmode.EventTypeInteractive)
	cb := evt.Data.(slack.InteractionCallback)
	actions := cb.ActionCallback.BlockActions
	if cb.Type != slack.InteractionTypeBlockActions || len(actions) != 1 || actions[0].Value != "42" || cb.User.ID != "U1" {
		t.Errorf("callback = %+v", cb)
	}
	if evt.Request.AcceptsResponsePayload {
		t.Error("block_actions envelope accepts a response payload")
	}
	if ack := b.ack(evt, nil); ack.Payload != nil {
		t.Errorf("ack payload = %s, want none", ack.Payload)
	}
}

func TestViewSubmission(t *testing.T) {
	b := connectBot(t, fakeslack.Options{})
	b.sent(b.srv.SendInteractive(b.ctx, map[string]any{
		"type": "view_submission", "view": map[string]string{"id": "V1", "callback_id": "new-exp"},
	}))
	evt := b.next(socketmode.EventTypeInteractive)
	cb := evt.Data.(slack.InteractionCallback)
	if cb.Type != slack.InteractionTypeViewSubmission || cb.View.CallbackID != "new-exp" {
		t.Errorf("callback = %+v", cb)
	}
	if !evt.Request.AcceptsResponsePayload {
		t.Error("view_submission envelope does not accept a response payload")
	}
	ack := b.ack(evt, slack.NewClearViewSubmissionResponse())
	assertJSON(t, ack.Payload, `{"response_action":"clear"}`)
}

func TestEventsAPI(t *testing.T) {
	b := connectBot(t, fakeslack.Options{})
	b.sent(b.srv.SendEvent(b.ctx, map[string]string{
		"type": "app_mention", "user": "U1", "text": "<@U0BOT> hi", "channel": "C1", "ts": "1700000000.000001",
	}))
	evt := b.next(socketmode.EventTypeEventsAPI)
	outer := evt.Data.(slackevents.EventsAPIEvent)
	mention, ok := outer.InnerEvent.Data.(*slackevents.AppMentionEvent)
	if outer.Type != slackevents.CallbackEvent || !ok || mention.Text != "<@U0BOT> hi" || mention.Channel != "C1" {
		t.Fatalf("event = %+v", outer)
	}
	b.ack(evt, nil)
}

func TestRedeliverySameEnvelope(t *testing.T) {
	b := connectBot(t, fakeslack.Options{})
	id := b.sent(b.srv.SendEvent(b.ctx, map[string]string{"type": "app_mention", "text": "hi"}))
	first := b.next(socketmode.EventTypeEventsAPI)
	b.ack(first, nil)

	b.sent(b.srv.Send(b.ctx, fakeslack.Envelope{
		ID: id, Type: fakeslack.TypeEventsAPI, Payload: first.Request.Payload,
		RetryAttempt: 1, RetryReason: "timeout",
	}))
	again := b.next(socketmode.EventTypeEventsAPI)
	if again.Request.EnvelopeID != id || again.Request.RetryAttempt != 1 || again.Request.RetryReason != "timeout" {
		t.Errorf("redelivery = %+v", again.Request)
	}
	b.ack(again, nil)
	if n := len(b.srv.Acks()); n != 2 {
		t.Errorf("got %d acks, want 2", n)
	}
}

func TestSendWaitsForConnection(t *testing.T) {
	srv := startServer(t, fakeslack.Options{})
	ctx := testContext(t)
	sent := make(chan error, 1)
	go func() {
		_, err := srv.SendSlashCommand(ctx, fakeslack.SlashCommand{Command: "/exp"})
		sent <- err
	}()
	b := startBot(t, srv, appToken)
	b.next(socketmode.EventTypeSlashCommand)
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
}

func TestReconnect(t *testing.T) {
	tests := map[string]func(*fakeslack.Server){
		"disconnect": func(srv *fakeslack.Server) { srv.Disconnect("refresh_requested") },
		"drop":       (*fakeslack.Server).DropConnections,
	}
	for name, breakConn := range tests {
		t.Run(name, func(t *testing.T) {
			b := connectBot(t, fakeslack.Options{})
			breakConn(b.srv)
			if err := b.srv.WaitConnected(b.ctx, 2); err != nil {
				t.Fatal(err)
			}
			b.sent(b.srv.SendSlashCommand(b.ctx, fakeslack.SlashCommand{Command: "/exp"}))
			b.ack(b.next(socketmode.EventTypeSlashCommand), nil)
			if n := b.srv.Connections(); n != 2 {
				t.Errorf("Connections() = %d, want 2", n)
			}
		})
	}
}

func TestPingTimeoutReconnects(t *testing.T) {
	srv := startServer(t, fakeslack.Options{PingInterval: -1})
	b := startBot(t, srv, appToken, socketmode.OptionPingInterval(300*time.Millisecond))
	if err := srv.WaitConnected(b.ctx, 2); err != nil {
		t.Fatal(err)
	}
}

// TestRawProtocol checks the wire format with a bare websocket client:
// hello comes first, then pings keep coming.
func TestRawProtocol(t *testing.T) {
	ctx := testContext(t)
	srv := startServer(t, fakeslack.Options{PingInterval: 10 * time.Millisecond})
	_, wsURL, err := newAPI(srv, botToken).StartSocketModeContext(ctx)
	if err != nil {
		t.Fatal(err)
	}
	conn, _, err := websocket.DefaultDialer.DialContext(ctx, wsURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	pings := make(chan string, 1)
	conn.SetPingHandler(func(data string) error {
		select {
		case pings <- data:
		default:
		}
		return nil
	})

	_, hello, err := conn.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	assertJSON(t, hello, `{"type":"hello","num_connections":1,"debug_info":{"host":"fake","build_number":1,"approximate_connection_time":18060},"connection_info":{"app_id":"A0FAKE"}}`)
	go func() {
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				return
			}
		}
	}()
	for range 3 {
		select {
		case <-pings:
		case <-ctx.Done():
			t.Fatal("no websocket ping")
		}
	}
}

func TestInvalidAppToken(t *testing.T) {
	srv := startServer(t, fakeslack.Options{})
	b := startBot(t, srv, "xapp-1-wrong")
	assertInvalidAuth(t, b.waitRun())
	if n := srv.Connections(); n != 0 {
		t.Errorf("Connections() = %d, want 0", n)
	}
}

func TestRevokedAppToken(t *testing.T) {
	b := connectBot(t, fakeslack.Options{})
	b.srv.RevokeAppToken()
	b.srv.DropConnections()
	assertInvalidAuth(t, b.waitRun())
}

func assertInvalidAuth(t *testing.T, err error) {
	t.Helper()
	var slackErr slack.SlackErrorResponse
	if !errors.As(err, &slackErr) || slackErr.Err != "invalid_auth" {
		t.Errorf("RunContext error = %v, want invalid_auth", err)
	}
}

func TestConnectionsOpenServerErrorIsRetried(t *testing.T) {
	srv := startServer(t, fakeslack.Options{})
	srv.FailNext("apps.connections.open", fakeslack.Failure{Status: 500}, 1)
	b := startBot(t, srv, appToken)
	b.next(socketmode.EventTypeHello)
	calls := srv.Calls("apps.connections.open")
	if len(calls) != 2 || !calls[0].Failed || calls[1].Failed {
		t.Errorf("apps.connections.open calls = %+v, want a failed one then a good one", calls)
	}
}

func TestCloseEndsWaitsAndConnections(t *testing.T) {
	b := connectBot(t, fakeslack.Options{})
	waitErr := make(chan error, 1)
	go func() { waitErr <- b.srv.WaitConnected(b.ctx, 100) }()
	b.srv.Close()
	if err := <-waitErr; !errors.Is(err, fakeslack.ErrClosed) {
		t.Errorf("WaitConnected after Close = %v, want ErrClosed", err)
	}
	if _, err := b.srv.Send(b.ctx, fakeslack.Envelope{Type: fakeslack.TypeEventsAPI}); !errors.Is(err, fakeslack.ErrClosed) {
		t.Errorf("Send after Close = %v, want ErrClosed", err)
	}
	b.srv.Close() // idempotent
}

func TestEnvelopeWireFormat(t *testing.T) {
	raw, err := json.Marshal(fakeslack.Envelope{ID: "E1", Type: fakeslack.TypeSlashCommands, Payload: json.RawMessage(`{}`), AcceptsResponsePayload: true})
	if err != nil {
		t.Fatal(err)
	}
	assertJSON(t, raw, `{"envelope_id":"E1","payload":{},"type":"slash_commands","accepts_response_payload":true,"retry_attempt":0,"retry_reason":""}`)
}
