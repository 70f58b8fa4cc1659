package socket

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/internal/testkit"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// TestConnectionStateFromEvents feeds the socket the client's connection
// events in the orders slack-go sends them and checks what health reads,
// what the log says and what the Observer hears.
func TestConnectionStateFromEvents(t *testing.T) {
	var logs bytes.Buffer
	obs := &testkit.Observer{}
	s := newSocket(nil, nil, nil, nil, nil, slog.New(slog.NewTextHandler(&logs, nil)))
	s.Observe = obs
	s.SetIdentity("Acme", "UBOT")
	state := func(evt socketmode.Event) (bool, string) {
		s.observeConnection(evt)
		return s.Connected()
	}
	steps := []struct {
		evt    socketmode.Event
		up     bool
		reason string
	}{
		{socketmode.Event{Type: socketmode.EventTypeConnecting}, false, "not connected to Slack yet"},
		{socketmode.Event{Type: socketmode.EventTypeConnected, Data: &socketmode.ConnectedEvent{}}, true, ""},
		{socketmode.Event{Type: socketmode.EventTypeHello}, true, ""},
		{socketmode.Event{Type: socketmode.EventTypeIncomingError, Data: &slack.IncomingEventError{ErrorObj: errors.New("read tcp: connection reset")}}, true, ""},
		{socketmode.Event{Type: socketmode.EventTypeConnecting}, false, "slack: reconnecting: read tcp: connection reset"},
		{socketmode.Event{Type: socketmode.EventTypeConnectionError, Data: &slack.ConnectionErrorEvent{Attempt: 1, Backoff: time.Second, ErrorObj: errors.New("dial: refused")}}, false, "slack: cannot connect: dial: refused (attempt 1; next in 1s)"},
		{socketmode.Event{Type: socketmode.EventTypeConnecting}, false, "slack: cannot connect: dial: refused (attempt 1; next in 1s)"},
		{socketmode.Event{Type: socketmode.EventTypeConnected, Data: &socketmode.ConnectedEvent{ConnectionCount: 1}}, true, ""},
		{socketmode.Event{Type: socketmode.EventTypeConnecting}, false, "slack: reconnecting: connection closed"},
	}
	for i, st := range steps {
		up, reason := state(st.evt)
		if up != st.up || reason != st.reason {
			t.Errorf("step %d (%s): %v %q, want %v %q", i, st.evt.Type, up, reason, st.up, st.reason)
		}
	}
	if got, want := strings.Join(obs.Heard(), ","), "up,down,up,down"; got != want {
		t.Errorf("observer heard %s, want %s", got, want)
	}
	log := logs.String()
	for _, want := range []string{
		`level=INFO msg="connected to Slack" team=Acme bot_user=UBOT connection=1`,
		`level=INFO msg=disconnected reason="read tcp: connection reset"`,
		`level=INFO msg="connected to Slack" team=Acme bot_user=UBOT connection=2`,
		`level=INFO msg=disconnected reason="connection closed"`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
	if n := strings.Count(log, "connected to Slack"); n != 2 {
		t.Errorf("%d connected lines, want 2 (hello after connected is the same connection):\n%s", n, log)
	}
}
