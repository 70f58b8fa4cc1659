package fakeslack

import (
	"context"
	"encoding/json"
	"strings"
)

// MessageShortcut describes a use of a message shortcut for
// SendMessageShortcut. Empty TeamDomain, MessageTS, TriggerID and
// ResponseURL are filled in; the response URL then points at the fake's
// own sink (see ResponseURLPosts).
type MessageShortcut struct {
	CallbackID  string
	TeamDomain  string // the workspace's slack.com subdomain; "fake" by default
	ChannelID   string
	ChannelName string
	UserID      string // who used the shortcut
	Author      string // who wrote the message; "U0AUTHOR" by default
	Text        string // the message's text, mrkdwn as Slack sends it
	MessageTS   string
	ThreadTS    string // the thread's parent when the message is a reply
	TriggerID   string
	ResponseURL string
	// RetryAttempt is the envelope's retry_attempt: send the returned
	// shortcut again with 1 to redeliver it as Slack does after a
	// reconnect (same trigger_id, new envelope).
	RetryAttempt int
}

// SendMessageShortcut pushes an interactive envelope with a message_action
// payload, as Slack sends when a user picks an app's shortcut from a
// message's menu. It returns the envelope ID and the shortcut with its
// generated fields, which sent again is a redelivery.
func (s *Server) SendMessageShortcut(ctx context.Context, m MessageShortcut) (string, MessageShortcut, error) {
	m = s.withShortcutDefaults(m)
	raw, err := json.Marshal(m.payload())
	if err != nil {
		return "", m, err
	}
	id, err := s.Send(ctx, Envelope{Type: TypeInteractive, Payload: raw, RetryAttempt: m.RetryAttempt,
		RetryReason: map[bool]string{true: "timeout"}[m.RetryAttempt > 0]})
	return id, m, err
}

func (s *Server) withShortcutDefaults(m MessageShortcut) MessageShortcut {
	if m.TeamDomain == "" {
		m.TeamDomain = "fake"
	}
	if m.Author == "" {
		m.Author = "U0AUTHOR"
	}
	if m.MessageTS == "" {
		m.MessageTS = s.newTS()
	}
	if m.TriggerID == "" {
		m.TriggerID = s.newTriggerID()
	}
	if m.ResponseURL == "" {
		m.ResponseURL = s.ResponseURL()
	}
	return m
}

// payload is the message_action payload, in the shape Slack documents
// (api.slack.com/reference/interaction-payloads/shortcuts).
func (m MessageShortcut) payload() map[string]any {
	msg := map[string]any{"type": "message", "user": m.Author, "ts": m.MessageTS, "text": m.Text}
	if m.ThreadTS != "" {
		msg["thread_ts"] = m.ThreadTS
	}
	return map[string]any{
		"type": "message_action", "token": verificationToken, "action_ts": m.MessageTS,
		"team":                  map[string]any{"id": TeamID, "domain": m.TeamDomain},
		"user":                  map[string]any{"id": m.UserID, "name": strings.ToLower(m.UserID), "username": strings.ToLower(m.UserID), "team_id": TeamID},
		"channel":               map[string]any{"id": m.ChannelID, "name": m.ChannelName},
		"is_enterprise_install": false, "enterprise": nil,
		"callback_id": m.CallbackID, "trigger_id": m.TriggerID, "response_url": m.ResponseURL,
		"message_ts": m.MessageTS, "message": msg,
	}
}

// conversationsInfo answers a conversation as the bot sees it: a "D…" ID
// is a direct message; a private channel the bot is not in does not exist
// for it (channel_not_found); otherwise is_member and is_archived follow
// SetChannel. Channel names are the lower-cased IDs.
func (s *Server) conversationsInfo(c Call) any {
	id := c.Param("channel")
	s.mu.Lock()
	state := s.channels[id]
	s.mu.Unlock()
	switch {
	case id == "" || state == ChannelPrivateNotMember:
		return errorBody("channel_not_found")
	case strings.HasPrefix(id, "D"):
		return map[string]any{"ok": true, "channel": map[string]any{"id": id, "is_im": true, "user": strings.TrimPrefix(id, "D")}}
	}
	return map[string]any{"ok": true, "channel": map[string]any{
		"id": id, "name": strings.ToLower(id), "is_channel": true, "is_private": false,
		"is_member": state == ChannelMember || state == ChannelArchived, "is_archived": state == ChannelArchived,
	}}
}

// viewsOpenOnce is views.open refusing a view whose external_id an earlier
// view had (duplicate_external_id), as Slack does: external IDs are unique
// among a team's views.
func (s *Server) viewsOpenOnce(c Call) any {
	if ext := externalID(c); ext != "" && s.openedBefore(c, ext) {
		return errorBody("duplicate_external_id")
	}
	return s.viewsOpen(c)
}

// openedBefore reports whether a views.open call received before c (c is
// recorded already, at its own time) and not failed opened a view with
// external ID ext.
func (s *Server) openedBefore(c Call, ext string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, prev := range s.calls {
		if prev.Method == "views.open" && !prev.Failed && prev.At.Before(c.At) && externalID(prev) == ext {
			return true
		}
	}
	return false
}

// externalID is the external_id of a views call's view, "" for none.
func externalID(c Call) string {
	var view struct {
		ExternalID string `json:"external_id"`
	}
	_ = json.Unmarshal([]byte(c.Param("view")), &view)
	return view.ExternalID
}
