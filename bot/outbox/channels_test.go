package outbox_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/slack-go/slack"
)

// TestSenderJoinsAPublicChannel: the bot was not in the channel of an
// announcement; it joins and posts.
func TestSenderJoinsAPublicChannel(t *testing.T) {
	r := newRig(t)
	r.srv.SetChannel("C9", fakeslack.ChannelPublicNotMember)
	id := r.add(outbox.KindPost, outbox.Payload{Channel: "C9", Text: "launched #1"}, "U1", r.srv.ResponseURL())
	r.drain(r.sender(r.store, 0.5), 250*time.Millisecond, time.Minute, nil)
	if row, _ := r.store.Row(id); row.SentAt.IsZero() {
		t.Errorf("row not sent: %+v", row)
	}
	res, err := r.api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: "C9"})
	if err != nil || len(res.Messages) != 1 || res.Messages[0].Text != "launched #1" {
		t.Errorf("history of C9 = %+v, %v; want the announcement once", res, err)
	}
	if joins := r.srv.Calls("conversations.join"); len(joins) != 1 || joins[0].Param("channel") != "C9" {
		t.Errorf("joins = %+v, want one of C9", joins)
	}
	if posts := r.srv.ResponseURLPosts(); len(posts) != 0 {
		t.Errorf("the actor was told %s, want nothing: it went out", posts[0].Body)
	}
}

// TestSenderTellsTheActorWhenItCannotPost: in a channel the bot cannot
// join, the message ends at once and the person whose command caused it
// hears why and what to do: through the command's response URL while it
// is valid, else in a direct message.
func TestSenderTellsTheActorWhenItCannotPost(t *testing.T) {
	tests := []struct {
		name     string
		state    fakeslack.ChannelState
		age      time.Duration // of the message when it is sent
		wantVia  string        // "response_url" or "dm"
		wantText []string
	}{
		{"private, reply URL valid", fakeslack.ChannelPrivateNotMember, 0, "response_url",
			[]string{"<#C9>", "/invite @aimlater"}},
		{"private, reply URL expired", fakeslack.ChannelPrivateNotMember, 31 * time.Minute, "dm",
			[]string{"<#C9>", "/invite @aimlater"}},
		{"archived", fakeslack.ChannelArchived, 0, "response_url", []string{"<#C9>", "archived"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRig(t)
			r.srv.SetChannel("C9", tt.state)
			id := r.add(outbox.KindPost, outbox.Payload{Channel: "C9", Text: "launched #1"}, "U1", r.srv.ResponseURL())
			r.clock.Advance(tt.age)
			r.drain(r.sender(r.store, 0.5), 250*time.Millisecond, time.Minute, nil)
			row, _ := r.store.Row(id)
			if row.DeadAt.IsZero() || row.Msg.Attempts != 1 || row.LastError == "" {
				t.Errorf("row = dead at %v, attempts %d, last error %q; want dead at once with the error",
					row.DeadAt, row.Msg.Attempts, row.LastError)
			}
			got := told(t, r, tt.wantVia)
			for _, w := range tt.wantText {
				if !strings.Contains(got, w) {
					t.Errorf("the actor was told %q, which lacks %q", got, w)
				}
			}
		})
	}
}

// told returns what the actor U1 was told, through via alone.
func told(t *testing.T, r *rig, via string) string {
	t.Helper()
	posts := r.srv.ResponseURLPosts()
	var dms []string
	for _, c := range r.srv.Calls("chat.postMessage") {
		if c.Param("channel") == "DU1" {
			dms = append(dms, c.Text())
		}
	}
	switch {
	case via == "response_url" && len(posts) == 1 && len(dms) == 0:
		var msg struct {
			Text         string `json:"text"`
			ResponseType string `json:"response_type"`
		}
		if err := json.Unmarshal(posts[0].Body, &msg); err != nil || msg.ResponseType != "ephemeral" {
			t.Errorf("response_url post %s: want an ephemeral message", posts[0].Body)
		}
		return msg.Text
	case via == "dm" && len(posts) == 0 && len(dms) == 1:
		return dms[0]
	}
	t.Fatalf("the actor got %d response_url posts and DMs %q; want one through %s", len(posts), dms, via)
	return ""
}

// TestSenderRefusedWithoutActor: a scheduled digest has nobody to tell;
// it ends and nothing else is sent.
func TestSenderRefusedWithoutActor(t *testing.T) {
	r := newRig(t)
	r.srv.SetChannel("C9", fakeslack.ChannelPrivateNotMember)
	id := r.add(outbox.KindPost, outbox.Payload{Channel: "C9", Text: "digest"}, "", "")
	r.drain(r.sender(r.store, 0.5), 250*time.Millisecond, time.Minute, nil)
	if row, _ := r.store.Row(id); row.DeadAt.IsZero() {
		t.Errorf("row not dead: %+v", row)
	}
	if n := len(r.srv.ResponseURLPosts()) + len(r.srv.Calls("conversations.open")); n != 0 {
		t.Errorf("%d notices sent, want none", n)
	}
}
