package fakeslack

import (
	"cmp"
	"encoding/json"
	"strings"
	"time"

	_ "time/tzdata" // SetUserTZ must not depend on the host's zoneinfo.
)

// methodFunc answers an authorised Web API call with its JSON body.
type methodFunc func(Call) any

func (s *Server) methodTable() map[string]methodFunc {
	return map[string]methodFunc{
		"apps.connections.open": s.appsConnectionsOpen,
		"auth.test":             authTest,
		"chat.postMessage":      s.chatPostMessage,
		"chat.update":           chatUpdate,
		"chat.postEphemeral":    s.chatPostEphemeral,
		"conversations.open":    conversationsOpen,
		"conversations.join":    s.conversationsJoin,
		"conversations.history": s.conversationsHistory,
		"conversations.replies": s.conversationsReplies,
		"conversations.info":    s.conversationsInfo,
		"users.info":            s.usersInfo,
		"views.open":            s.viewsOpenOnce,
		"views.push":            s.viewsOpen,
		"views.update":          s.viewsUpdate,
	}
}

// RevokeAppToken makes apps.connections.open answer invalid_auth from now
// on, as Slack does once an app token is revoked. Live connections stay
// open; follow with Disconnect or DropConnections to force a reconnect.
func (s *Server) RevokeAppToken() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked = true
}

// SetUserTZ sets the IANA time zone users.info reports for user; users
// default to "UTC".
func (s *Server) SetUserTZ(user, tz string) error {
	if _, err := time.LoadLocation(tz); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.userTZ[user] = tz
	return nil
}

func (s *Server) appsConnectionsOpen(Call) any {
	ticket := randomHex(16)
	s.mu.Lock()
	s.tickets[ticket] = true
	s.mu.Unlock()
	wsURL := "ws" + strings.TrimPrefix(s.baseURL, "http") + "/link/?ticket=" + ticket + "&app_id=" + AppID
	return map[string]any{"ok": true, "url": wsURL}
}

// redeemTicket consumes a ticket issued by apps.connections.open.
func (s *Server) redeemTicket(ticket string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	ok := s.tickets[ticket]
	delete(s.tickets, ticket)
	return ok
}

func authTest(Call) any {
	return map[string]any{
		"ok": true, "url": "https://fake.slack.com/", "team": "Fake", "user": "fakebot",
		"team_id": TeamID, "user_id": BotUserID, "bot_id": BotID,
	}
}

func (s *Server) chatPostMessage(c Call) any {
	if code := s.refusal(c.Param("channel")); code != "" {
		return errorBody(code)
	}
	ts := s.newTS()
	s.store(c, ts)
	return map[string]any{"ok": true, "channel": c.Param("channel"), "ts": ts, "message": message(c, ts)}
}

func chatUpdate(c Call) any {
	ts := c.Param("ts")
	return map[string]any{
		"ok": true, "channel": c.Param("channel"), "ts": ts, "text": c.Text(), "message": message(c, ts),
	}
}

func (s *Server) chatPostEphemeral(c Call) any {
	if code := s.refusal(c.Param("channel")); code != "" {
		return errorBody(code)
	}
	return map[string]any{"ok": true, "message_ts": s.newTS()}
}

// message is the message object chat.postMessage and chat.update echo.
func message(c Call, ts string) map[string]any {
	msg := map[string]any{"type": "message", "user": BotUserID, "bot_id": BotID, "text": c.Text(), "ts": ts}
	if blocks := c.Blocks(); blocks != nil {
		msg["blocks"] = blocks
	}
	if thread := c.Param("thread_ts"); thread != "" {
		msg["thread_ts"] = thread
	}
	return msg
}

// conversationsOpen answers the channel given, or for users=U1 the DM "DU1"
// (several users are concatenated: users=U1,U2 gives "DU1U2").
func conversationsOpen(c Call) any {
	id := c.Param("channel")
	if id == "" && c.Param("users") != "" {
		id = "D" + strings.ReplaceAll(c.Param("users"), ",", "")
	}
	if id == "" {
		return errorBody("users_list_not_supplied")
	}
	return map[string]any{"ok": true, "channel": map[string]any{"id": id}}
}

func (s *Server) usersInfo(c Call) any {
	id := c.Param("user")
	if id == "" {
		return errorBody("user_not_found")
	}
	tz := s.userTimeZone(id)
	loc, _ := time.LoadLocation(tz) // validated by SetUserTZ
	label, offset := time.Now().In(loc).Zone()
	name := strings.ToLower(id)
	return map[string]any{"ok": true, "user": map[string]any{
		"id": id, "team_id": TeamID, "name": name, "real_name": name, "locale": "en-US",
		"tz": tz, "tz_label": label, "tz_offset": offset,
		"profile": map[string]any{"real_name": name, "display_name": name},
	}}
}

func (s *Server) userTimeZone(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cmp.Or(s.userTZ[user], "UTC")
}

func (s *Server) viewsOpen(c Call) any {
	return s.viewResponse(c, s.newID("V"))
}

func (s *Server) viewsUpdate(c Call) any {
	id := c.Param("view_id")
	if id == "" {
		id = s.newID("V")
	}
	return s.viewResponse(c, id)
}

// viewResponse echoes the call's view with the fields Slack adds to it.
func (s *Server) viewResponse(c Call, id string) any {
	var view map[string]json.RawMessage
	if err := json.Unmarshal([]byte(c.Param("view")), &view); err != nil || view == nil {
		return errorBody("invalid_arguments")
	}
	for k, v := range map[string]string{"id": id, "team_id": TeamID, "app_id": AppID, "hash": s.newID("h")} {
		view[k], _ = json.Marshal(v)
	}
	return map[string]any{"ok": true, "view": view}
}
