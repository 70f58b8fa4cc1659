package fakeslack

import (
	"context"
	"encoding/json"
	"time"
)

// Envelope types Slack pushes over socket mode.
const (
	TypeSlashCommands = "slash_commands"
	TypeInteractive   = "interactive"
	TypeEventsAPI     = "events_api"
)

// Envelope is a socket-mode message as Slack sends it. Its JSON encoding is
// the wire format.
type Envelope struct {
	// ID is the envelope_id the client must ack. Send generates one when it
	// is empty; reuse an ID to simulate a redelivery.
	ID string `json:"envelope_id"`
	// Payload is the JSON payload; nil sends an empty object.
	Payload json.RawMessage `json:"payload"`
	// Type is TypeSlashCommands, TypeInteractive or TypeEventsAPI.
	Type                   string `json:"type"`
	AcceptsResponsePayload bool   `json:"accepts_response_payload"`
	RetryAttempt           int    `json:"retry_attempt"`
	RetryReason            string `json:"retry_reason"`
}

// SlashCommand describes a slash command invocation for SendSlashCommand.
// Empty TeamID, TriggerID and ResponseURL are filled in: the response URL
// then points at the fake's own sink (see ResponseURLPosts).
type SlashCommand struct {
	TeamID      string `json:"team_id"`
	TeamDomain  string `json:"team_domain"`
	ChannelID   string `json:"channel_id"`
	ChannelName string `json:"channel_name"`
	UserID      string `json:"user_id"`
	UserName    string `json:"user_name"`
	Command     string `json:"command"`
	Text        string `json:"text"`
	ResponseURL string `json:"response_url"`
	TriggerID   string `json:"trigger_id"`
}

// slashPayload is the payload of a slash_commands envelope.
type slashPayload struct {
	Token string `json:"token"`
	SlashCommand
	APIAppID string `json:"api_app_id"`
}

// eventCallback is the payload of an events_api envelope.
type eventCallback struct {
	Token     string          `json:"token"`
	TeamID    string          `json:"team_id"`
	APIAppID  string          `json:"api_app_id"`
	Event     json.RawMessage `json:"event"`
	Type      string          `json:"type"`
	EventID   string          `json:"event_id"`
	EventTime int64           `json:"event_time"`
}

// verificationToken is the legacy token Slack puts in payloads.
const verificationToken = "fake-verification-token"

// Ack is an acknowledgement the client sent for an envelope.
type Ack struct {
	EnvelopeID string
	// Payload is the ack's payload, or nil if it had none.
	Payload json.RawMessage
	// At is when the fake received the ack.
	At time.Time
	// Latency is the time since the envelope was last sent, or zero if the
	// fake never sent that envelope.
	Latency time.Duration
}

// delivery tracks the latest send of an envelope ID.
type delivery struct {
	sentAt time.Time
	ack    *Ack // first ack received after sentAt
}

// Send pushes env to the newest live connection, waiting for one if none is
// live, and returns its envelope ID.
func (s *Server) Send(ctx context.Context, env Envelope) (string, error) {
	if env.ID == "" {
		env.ID = newUUID()
	}
	if env.Payload == nil {
		env.Payload = json.RawMessage("{}")
	}
	err := s.writeToLive(ctx, env, func() { s.recordDelivery(env.ID) })
	if err != nil {
		return "", err
	}
	return env.ID, nil
}

// SendSlashCommand pushes a slash_commands envelope and returns its ID.
func (s *Server) SendSlashCommand(ctx context.Context, cmd SlashCommand) (string, error) {
	if cmd.TeamID == "" {
		cmd.TeamID = TeamID
	}
	if cmd.TriggerID == "" {
		cmd.TriggerID = s.newTriggerID()
	}
	if cmd.ResponseURL == "" {
		cmd.ResponseURL = s.ResponseURL()
	}
	return s.sendPayload(ctx, TypeSlashCommands, true, slashPayload{
		Token:        verificationToken,
		SlashCommand: cmd,
		APIAppID:     AppID,
	})
}

// SendInteractive pushes an interactive envelope whose payload is the JSON
// encoding of payload (block_actions, view_submission, …) and returns its
// ID. Like Slack, it sets accepts_response_payload for view_submission and
// block_suggestion payloads.
func (s *Server) SendInteractive(ctx context.Context, payload any) (string, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return "", err
	}
	var head struct {
		Type string `json:"type"`
	}
	_ = json.Unmarshal(raw, &head)
	accepts := head.Type == "view_submission" || head.Type == "block_suggestion"
	return s.Send(ctx, Envelope{Type: TypeInteractive, Payload: raw, AcceptsResponsePayload: accepts})
}

// SendEvent pushes an events_api envelope and returns its ID. event is the
// inner event (for example {"type":"app_mention",…}); SendEvent wraps it in
// an event_callback payload as Slack does. Use Send for other outer types.
func (s *Server) SendEvent(ctx context.Context, event any) (string, error) {
	raw, err := json.Marshal(event)
	if err != nil {
		return "", err
	}
	return s.sendPayload(ctx, TypeEventsAPI, false, eventCallback{
		Token:     verificationToken,
		TeamID:    TeamID,
		APIAppID:  AppID,
		Event:     raw,
		Type:      "event_callback",
		EventID:   s.newID("Ev"),
		EventTime: time.Now().Unix(),
	})
}

func (s *Server) sendPayload(ctx context.Context, typ string, accepts bool, payload any) (string, error) {
	raw, err := json.Marshal(payload)
	if err != nil {
		return "", err
	}
	return s.Send(ctx, Envelope{Type: typ, Payload: raw, AcceptsResponsePayload: accepts})
}

func (s *Server) recordDelivery(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.deliveries[id] = &delivery{sentAt: time.Now()}
}

// recordAck records a message from the client if it is an ack.
func (s *Server) recordAck(data []byte) {
	var msg struct {
		EnvelopeID string          `json:"envelope_id"`
		Payload    json.RawMessage `json:"payload"`
	}
	if json.Unmarshal(data, &msg) != nil || msg.EnvelopeID == "" {
		return
	}
	ack := Ack{EnvelopeID: msg.EnvelopeID, Payload: msg.Payload, At: time.Now()}

	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.deliveries[ack.EnvelopeID]; d != nil {
		ack.Latency = ack.At.Sub(d.sentAt)
		if d.ack == nil {
			d.ack = &ack
		}
	}
	s.acks = append(s.acks, ack)
	s.notifyLocked()
}

// WaitAck waits for the client to ack the latest send of envelopeID and
// returns that ack. After a redelivery with the same ID, it waits for a new
// ack.
func (s *Server) WaitAck(ctx context.Context, envelopeID string) (Ack, error) {
	return waitUntil(ctx, s, func() (Ack, bool) {
		d := s.deliveries[envelopeID]
		if d == nil || d.ack == nil {
			return Ack{}, false
		}
		return *d.ack, true
	})
}

// Acks returns every ack received so far, in arrival order.
func (s *Server) Acks() []Ack {
	return snapshot(s, &s.acks, nil)
}
