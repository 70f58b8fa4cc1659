package socket

import (
	"fmt"
	"sync"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// link is the socket-mode connection as the bot last heard of it from the
// client's events. slack-go reconnects by itself and says so only through
// those events: connecting, connection_error (an attempt failed, with
// the backoff before the next), connected, hello, incoming_error (a read
// failed, often the connection dying). A disconnect message from Slack is
// not passed on; the connecting event that follows it is.
type link struct {
	mu      sync.Mutex
	up      bool
	reason  string // why it is down; "" before the first attempt
	lastErr string // the last read error, the likely cause of a drop
	team    string // from auth.test, for the log
	botUser string
}

// SetIdentity names the team and the bot user (as auth.test reported them
// at start) in the connection's log lines.
func (s *Socket) SetIdentity(team, botUser string) {
	s.link.mu.Lock()
	defer s.link.mu.Unlock()
	s.link.team, s.link.botUser = team, botUser
}

// Connected reports whether the socket-mode connection is up and, when it
// is not, why, in a sentence for a health check.
func (s *Socket) Connected() (bool, string) {
	s.link.mu.Lock()
	defer s.link.mu.Unlock()
	if s.link.up {
		return true, ""
	}
	if s.link.reason == "" {
		return false, "not connected to Slack yet"
	}
	return false, s.link.reason
}

// observeConnection follows the connection's state from a socket-mode
// event, logging each change at info and telling the bot.Observer.
func (s *Socket) observeConnection(evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnected, socketmode.EventTypeHello:
		s.linkUp(evt)
	case socketmode.EventTypeConnecting:
		if up, _ := s.Connected(); up { // else the failed attempt's reason stands
			s.linkDown("reconnecting", "")
		}
	case socketmode.EventTypeConnectionError:
		s.linkDown("cannot connect", connectionErrorText(evt.Data))
	case socketmode.EventTypeIncomingError:
		s.link.mu.Lock()
		s.link.lastErr = fmt.Sprint(connectionError(evt.Data))
		s.link.mu.Unlock()
	case socketmode.EventTypeInvalidAuth:
		s.linkDown("slack refused the app token", "")
	}
}

// linkUp marks the connection up, once per connection: connected and
// hello both say so.
func (s *Socket) linkUp(evt socketmode.Event) {
	s.link.mu.Lock()
	was := s.link.up
	s.link.up, s.link.reason, s.link.lastErr = true, "", ""
	team, botUser := s.link.team, s.link.botUser
	s.link.mu.Unlock()
	if was {
		return
	}
	attrs := []any{"team", team, "bot_user", botUser}
	if c, ok := evt.Data.(*socketmode.ConnectedEvent); ok {
		attrs = append(attrs, "connection", c.ConnectionCount+1)
	}
	s.log.Info("connected to Slack", attrs...)
	s.observer().Connection(true)
}

// linkDown marks the connection down with what is known of why: the
// attempt's error, else the last read error, else that it closed (a
// disconnect message from Slack, a ping timeout). It logs "disconnected"
// only when the connection was up.
func (s *Socket) linkDown(what, cause string) {
	s.link.mu.Lock()
	was := s.link.up
	if cause == "" {
		cause = s.link.lastErr
	}
	if cause == "" && was {
		cause = "connection closed"
	}
	reason := "slack: " + what
	if cause != "" {
		reason += ": " + cause
	}
	s.link.up, s.link.reason = false, reason
	s.link.mu.Unlock()
	if was {
		s.log.Info("disconnected", "reason", cause)
		s.observer().Connection(false)
	}
}

// connectionErrorText says why a connection attempt failed and when the
// client tries again, without the URL it failed on.
func connectionErrorText(data any) string {
	if e, ok := data.(*slack.ConnectionErrorEvent); ok {
		return fmt.Sprintf("%v (attempt %d; next in %s)", outbox.WithoutURL(e.ErrorObj), e.Attempt, e.Backoff.Round(1e6))
	}
	return fmt.Sprint(connectionError(data))
}

// observer is the socket's bot.Observer, never nil.
func (s *Socket) observer() bot.Observer { return bot.ObserverOr(s.Observe) }

// observeEnvelope reports an envelope acked after ack: with its answer's
// own outcome when it has one, else with dflt (answered, or late).
func (s *Socket) observeEnvelope(typ socketmode.EventType, outcome, dflt string, ack time.Duration) {
	if outcome == "" {
		outcome = dflt
	}
	s.observer().Envelope(string(typ), outcome, ack)
}
