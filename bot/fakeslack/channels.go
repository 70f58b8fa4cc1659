package fakeslack

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// ChannelState is what the bot may do in a channel.
type ChannelState int

// Channel states. Every channel is one the bot is a member of
// (ChannelMember) until a test says otherwise with SetChannel.
const (
	// ChannelMember: the bot is in the channel; every call works.
	ChannelMember ChannelState = iota
	// ChannelPublicNotMember: a public channel the bot is not in. Posts
	// and history answer not_in_channel until conversations.join, which
	// succeeds and makes the bot a member.
	ChannelPublicNotMember
	// ChannelPrivateNotMember: a private channel the bot is not in. Posts
	// and history answer not_in_channel; conversations.join answers
	// method_not_supported_for_channel_type (only an invite lets it in).
	ChannelPrivateNotMember
	// ChannelArchived: posts and conversations.join answer is_archived.
	ChannelArchived
)

// storedMessage is a message posted through the fake, as history shows it.
type storedMessage struct {
	channel  string
	ts       string
	threadTS string
	text     string
	blocks   json.RawMessage
	metadata json.RawMessage
	files    []map[string]any // shared by files.completeUploadExternal
}

// SetChannel sets the bot's state in channel.
func (s *Server) SetChannel(channel string, state ChannelState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[channel] = state
}

// ClearFailures drops the failures FailNext queued for method and not yet
// served: an outage ends.
func (s *Server) ClearFailures(method string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.failures, method)
}

// refusal returns the error code a post to channel gets, or "".
func (s *Server) refusal(channel string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.channels[channel] {
	case ChannelPublicNotMember, ChannelPrivateNotMember:
		return "not_in_channel"
	case ChannelArchived:
		return "is_archived"
	}
	return ""
}

// store records a posted message for conversations.history and .replies.
func (s *Server) store(c Call, ts string) {
	m := storedMessage{channel: c.Param("channel"), ts: ts, threadTS: c.Param("thread_ts"),
		text: c.Text(), blocks: c.Blocks()}
	if meta := c.Param("metadata"); meta != "" && json.Valid([]byte(meta)) {
		m.metadata = json.RawMessage(meta)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, m)
}

func (s *Server) conversationsJoin(c Call) any {
	channel := c.Param("channel")
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.channels[channel] {
	case ChannelPrivateNotMember:
		return errorBody("method_not_supported_for_channel_type")
	case ChannelArchived:
		return errorBody("is_archived")
	case ChannelPublicNotMember:
		s.channels[channel] = ChannelMember
		return map[string]any{"ok": true, "channel": map[string]any{"id": channel, "is_member": true}}
	}
	return map[string]any{"ok": true, "channel": map[string]any{"id": channel, "is_member": true},
		"warning": "already_in_channel", "response_metadata": map[string]any{"warnings": []string{"already_in_channel"}}}
}

// conversationsHistory answers the channel's top-level messages, newest
// first, within oldest and latest (exclusive unless inclusive is set), at
// most limit (100 by default) a page; the cursor is an offset. As Slack
// does, a message's metadata is shown only with include_all_metadata.
func (s *Server) conversationsHistory(c Call) any {
	channel := c.Param("channel")
	if code := s.readRefusal(channel); code != "" {
		return errorBody(code)
	}
	msgs := s.messagesWhere(func(m storedMessage) bool {
		return m.channel == channel && (m.threadTS == "" || m.threadTS == m.ts) && inRange(c, m.ts)
	})
	sort.SliceStable(msgs, func(i, j int) bool { return tsMicros(msgs[i].ts) > tsMicros(msgs[j].ts) })
	return pageOf(c, msgs)
}

// conversationsReplies answers the thread of ts (its parent and replies),
// oldest first, within oldest and latest, a page at a time.
func (s *Server) conversationsReplies(c Call) any {
	channel, thread := c.Param("channel"), c.Param("ts")
	if code := s.readRefusal(channel); code != "" {
		return errorBody(code)
	}
	msgs := s.messagesWhere(func(m storedMessage) bool {
		return m.channel == channel && (m.ts == thread || m.threadTS == thread) && inRange(c, m.ts)
	})
	if len(msgs) == 0 && thread == "" {
		return errorBody("thread_not_found")
	}
	return pageOf(c, msgs)
}

// readRefusal returns the error code reading channel gets, or "".
func (s *Server) readRefusal(channel string) string {
	if code := s.refusal(channel); code == "not_in_channel" {
		return code
	}
	return ""
}

func (s *Server) messagesWhere(keep func(storedMessage) bool) []storedMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return filterLocked(s.messages, keep)
}

// pageOf answers one page of msgs for the call's cursor and limit.
func pageOf(c Call, msgs []storedMessage) map[string]any {
	offset, _ := strconv.Atoi(c.Param("cursor"))
	limit, err := strconv.Atoi(c.Param("limit"))
	if err != nil || limit <= 0 {
		limit = 100
	}
	offset = min(max(offset, 0), len(msgs))
	end := min(offset+limit, len(msgs))
	withMeta := truthy(c.Param("include_all_metadata"))
	out := make([]map[string]any, 0, end-offset)
	for _, m := range msgs[offset:end] {
		out = append(out, m.json(withMeta))
	}
	next := ""
	if end < len(msgs) {
		next = strconv.Itoa(end)
	}
	return map[string]any{"ok": true, "messages": out, "has_more": next != "",
		"response_metadata": map[string]any{"next_cursor": next}}
}

// json is the message object history shows.
func (m storedMessage) json(withMetadata bool) map[string]any {
	out := map[string]any{"type": "message", "user": BotUserID, "bot_id": BotID, "text": m.text, "ts": m.ts}
	if m.blocks != nil {
		out["blocks"] = m.blocks
	}
	if m.threadTS != "" {
		out["thread_ts"] = m.threadTS
	}
	if m.files != nil {
		out["files"], out["upload"] = m.files, true
	}
	if withMetadata && m.metadata != nil {
		out["metadata"] = m.metadata
	}
	return out
}

// inRange reports whether ts is within the call's oldest and latest.
func inRange(c Call, ts string) bool {
	t, inclusive := tsMicros(ts), truthy(c.Param("inclusive"))
	if o := c.Param("oldest"); o != "" && (t < tsMicros(o) || (t == tsMicros(o) && !inclusive)) {
		return false
	}
	if l := c.Param("latest"); l != "" && (t > tsMicros(l) || (t == tsMicros(l) && !inclusive)) {
		return false
	}
	return true
}

// tsMicros reads a Slack timestamp "seconds.micros" as microseconds.
func tsMicros(ts string) int64 {
	sec, frac, _ := strings.Cut(ts, ".")
	s, _ := strconv.ParseInt(sec, 10, 64)
	frac = (frac + "000000")[:6]
	us, _ := strconv.ParseInt(frac, 10, 64)
	return s*1_000_000 + us
}

// truthy reads a boolean parameter as Slack does: "1" or "true".
func truthy(v string) bool { return v == "1" || v == "true" }
