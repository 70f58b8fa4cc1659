package fakeslack_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// startAPI starts a fake and returns it with a Web API client for it.
func startAPI(t *testing.T) (context.Context, *fakeslack.Server, *slack.Client) {
	t.Helper()
	srv := startServer(t, fakeslack.Options{})
	return testContext(t), srv, newAPI(srv, botToken)
}

var tsPattern = regexp.MustCompile(`^\d{10}\.\d{6}$`)

func section(text string) slack.Block {
	return slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)
}

func TestPostMessageIsRecorded(t *testing.T) {
	ctx, srv, api := startAPI(t)
	channel, ts, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hello", false), slack.MsgOptionBlocks(section("*hi*")))
	if err != nil {
		t.Fatal(err)
	}
	_, ts2, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("again", false))
	if err != nil {
		t.Fatal(err)
	}
	if channel != "C1" || !tsPattern.MatchString(ts) || ts2 <= ts {
		t.Errorf("channel %q, timestamps %q then %q: want C1 and increasing timestamps", channel, ts, ts2)
	}

	calls, err := srv.WaitCalls(ctx, "chat.postMessage", 2)
	if err != nil {
		t.Fatal(err)
	}
	var blocks slack.Blocks
	if err := json.Unmarshal(calls[0].Blocks(), &blocks); err != nil {
		t.Fatal(err)
	}
	if calls[0].Param("channel") != "C1" || calls[0].Text() != "hello" || len(blocks.BlockSet) != 1 {
		t.Errorf("call = %+v", calls[0])
	}
	if calls[1].Blocks() != nil {
		t.Errorf("blocks of a text message = %s, want none", calls[1].Blocks())
	}
}

func TestUpdateAndEphemeral(t *testing.T) {
	ctx, srv, api := startAPI(t)
	_, ts, _, err := api.UpdateMessageContext(ctx, "C1", "1700000000.000100", slack.MsgOptionText("edited", false))
	if err != nil || ts != "1700000000.000100" {
		t.Errorf("chat.update = %q, %v", ts, err)
	}
	ts, err = api.PostEphemeralContext(ctx, "C1", "U1", slack.MsgOptionText("psst", false))
	if err != nil || !tsPattern.MatchString(ts) {
		t.Errorf("chat.postEphemeral = %q, %v", ts, err)
	}
	if call := srv.Calls("chat.postEphemeral")[0]; call.Param("user") != "U1" || call.Text() != "psst" {
		t.Errorf("call = %+v", call)
	}
	if n := len(srv.Calls("")); n != 2 {
		t.Errorf("recorded %d calls, want 2", n)
	}
}

func TestFailNext(t *testing.T) {
	tests := []struct {
		name    string
		failure fakeslack.Failure
		check   func(error) bool
	}{
		{"rate limited", fakeslack.Failure{Status: 429, RetryAfter: time.Second}, func(err error) bool {
			var rl *slack.RateLimitedError
			return errors.As(err, &rl) && rl.RetryAfter == time.Second
		}},
		{"server error", fakeslack.Failure{Status: 500}, func(err error) bool {
			var sc slack.StatusCodeError
			return errors.As(err, &sc) && sc.Code == 500
		}},
		{"api error", fakeslack.Failure{Error: "channel_not_found"}, func(err error) bool {
			var se slack.SlackErrorResponse
			return errors.As(err, &se) && se.Err == "channel_not_found"
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, srv, api := startAPI(t)
			srv.FailNext("chat.postMessage", tc.failure, 1)
			if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false)); !tc.check(err) {
				t.Errorf("first call error = %#v", err)
			}
			if _, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("x", false)); err != nil {
				t.Errorf("second call error = %v", err)
			}
			calls := srv.Calls("chat.postMessage")
			if len(calls) != 2 || !calls[0].Failed || calls[1].Failed {
				t.Errorf("calls = %+v, want a failed one then a good one", calls)
			}
		})
	}
}

func TestConversationsOpen(t *testing.T) {
	ctx, _, api := startAPI(t)
	ch, _, _, err := api.OpenConversationContext(ctx, &slack.OpenConversationParameters{Users: []string{"U1"}})
	if err != nil || ch.ID != "DU1" {
		t.Errorf("conversations.open = %+v, %v", ch, err)
	}
}

func TestUsersInfoTimeZone(t *testing.T) {
	ctx, srv, api := startAPI(t)
	if err := srv.SetUserTZ("U1", "Europe/Rome"); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetUserTZ("U1", "Mars/Olympus"); err == nil {
		t.Error("SetUserTZ accepted an unknown time zone")
	}
	rome, _ := time.LoadLocation("Europe/Rome")
	_, romeOffset := time.Now().In(rome).Zone()
	for user, want := range map[string]struct {
		tz     string
		offset int
	}{"U1": {"Europe/Rome", romeOffset}, "U2": {"UTC", 0}} {
		u, err := api.GetUserInfoContext(ctx, user)
		if err != nil || u.ID != user || u.TZ != want.tz || u.TZOffset != want.offset {
			t.Errorf("users.info(%s) = %+v, %v; want tz %s offset %d", user, u, err, want.tz, want.offset)
		}
	}
}

func TestViews(t *testing.T) {
	ctx, srv, api := startAPI(t)
	view := slack.ModalViewRequest{
		Type:       slack.VTModal,
		Title:      slack.NewTextBlockObject(slack.PlainTextType, "New", false, false),
		CallbackID: "new-exp",
		Blocks:     slack.Blocks{BlockSet: []slack.Block{section("form")}},
	}
	opened, err := api.OpenViewContext(ctx, "trig-1", view)
	if err != nil || !strings.HasPrefix(opened.ID, "V") || opened.CallbackID != "new-exp" || len(opened.Blocks.BlockSet) != 1 {
		t.Fatalf("views.open = %+v, %v", opened, err)
	}
	if call := srv.Calls("views.open")[0]; call.Param("trigger_id") != "trig-1" {
		t.Errorf("views.open call = %+v", call)
	}
	updated, err := api.UpdateViewContext(ctx, view, "", "", opened.ID)
	if err != nil || updated.ID != opened.ID {
		t.Errorf("views.update = %+v, %v; want view %s", updated, err, opened.ID)
	}
	pushed, err := api.PushViewContext(ctx, "trig-2", view)
	if err != nil || pushed.ID == "" || pushed.ID == opened.ID {
		t.Errorf("views.push = %+v, %v; want a new view", pushed, err)
	}
}

func TestBotTokenIsChecked(t *testing.T) {
	ctx, srv, api := startAPI(t)
	if auth, err := api.AuthTestContext(ctx); err != nil || auth.UserID != fakeslack.BotUserID {
		t.Errorf("auth.test = %+v, %v", auth, err)
	}
	wrong := newAPI(srv, "xoxb-wrong")
	if _, err := wrong.AuthTestContext(ctx); err == nil || err.Error() != "invalid_auth" {
		t.Errorf("auth.test with a wrong token: %v, want invalid_auth", err)
	}
	_, err := wrong.OpenViewContext(ctx, "trig", slack.ModalViewRequest{Type: slack.VTModal})
	if err == nil || err.Error() != "invalid_auth" {
		t.Errorf("views.open with a wrong token: %v, want invalid_auth", err)
	}
}

func TestUnknownMethod(t *testing.T) {
	ctx, srv, _ := startAPI(t)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.APIURL()+"nope.nope", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+botToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	assertJSON(t, body, `{"ok":false,"error":"unknown_method"}`)
}

func TestResponseURL(t *testing.T) {
	ctx, srv, api := startAPI(t)
	url := srv.ResponseURL()
	if url == srv.ResponseURL() {
		t.Error("ResponseURL returned the same URL twice")
	}
	_, _, err := api.PostMessageContext(ctx, "", slack.MsgOptionResponseURL(url, slack.ResponseTypeEphemeral), slack.MsgOptionText("done", false))
	if err != nil {
		t.Fatal(err)
	}
	if err := slack.PostWebhookContext(ctx, url, &slack.WebhookMessage{Text: "hook"}); err != nil {
		t.Fatal(err)
	}
	posts, err := srv.WaitResponseURLPosts(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	var msg slack.Msg
	if err := json.Unmarshal(posts[0].Body, &msg); err != nil || msg.Text != "done" || msg.ResponseType != slack.ResponseTypeEphemeral {
		t.Errorf("post = %s, %v", posts[0].Body, err)
	}
	if !strings.HasSuffix(url, posts[1].Path) || !strings.Contains(string(posts[1].Body), "hook") {
		t.Errorf("webhook post = %+v", posts[1])
	}
}

func TestHistoryShowsPostsWithMetadata(t *testing.T) {
	ctx, _, api := startAPI(t)
	meta := slack.SlackMetadata{EventType: "aimlater_outbox", EventPayload: map[string]any{"outbox_id": 7}}
	_, parent, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("parent", false), slack.MsgOptionMetadata(meta))
	if err != nil {
		t.Fatal(err)
	}
	_, reply, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("reply", false), slack.MsgOptionTS(parent), slack.MsgOptionMetadata(meta))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("history with metadata", func(t *testing.T) {
		res, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "C1", IncludeAllMetadata: true})
		if err != nil || len(res.Messages) != 1 {
			t.Fatalf("history = %+v, %v; want the parent alone", res, err)
		}
		m := res.Messages[0]
		if m.Timestamp != parent || m.Metadata.EventType != "aimlater_outbox" || m.Metadata.EventPayload["outbox_id"] != float64(7) {
			t.Errorf("message = ts %s, metadata %+v; want ts %s with the outbox id", m.Timestamp, m.Metadata, parent)
		}
	})
	t.Run("history without metadata", func(t *testing.T) {
		res, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "C1"})
		if err != nil || len(res.Messages) != 1 || res.Messages[0].Metadata.EventType != "" {
			t.Errorf("history = %+v, %v; want the parent without metadata", res, err)
		}
	})
	t.Run("history after oldest", func(t *testing.T) {
		res, err := api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{ChannelID: "C1", Oldest: parent})
		if err != nil || len(res.Messages) != 0 {
			t.Errorf("history after the parent = %+v, %v; want none", res, err)
		}
	})
	t.Run("replies", func(t *testing.T) {
		msgs, _, _, err := api.GetConversationRepliesContext(ctx, &slack.GetConversationRepliesParameters{
			ChannelID: "C1", Timestamp: parent, IncludeAllMetadata: true})
		if err != nil || len(msgs) != 2 || msgs[1].Timestamp != reply || msgs[1].Metadata.EventType != "aimlater_outbox" {
			t.Errorf("replies = %+v, %v; want parent then reply %s with metadata", msgs, err, reply)
		}
	})
}

func TestChannelMembership(t *testing.T) {
	tests := []struct {
		state              fakeslack.ChannelState
		firstPost, join    string
		postAfterJoinFails bool
	}{
		{fakeslack.ChannelMember, "", "", false},
		{fakeslack.ChannelPublicNotMember, "not_in_channel", "", false},
		{fakeslack.ChannelPrivateNotMember, "not_in_channel", "method_not_supported_for_channel_type", true},
		{fakeslack.ChannelArchived, "is_archived", "is_archived", true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.state), func(t *testing.T) {
			ctx, srv, api := startAPI(t)
			srv.SetChannel("C9", tt.state)
			_, _, err := api.PostMessageContext(ctx, "C9", slack.MsgOptionText("hi", false))
			if got := errCode(err); got != tt.firstPost {
				t.Errorf("first post error %q, want %q", got, tt.firstPost)
			}
			_, _, _, err = api.JoinConversationContext(ctx, "C9")
			if got := errCode(err); got != tt.join {
				t.Errorf("join error %q, want %q", got, tt.join)
			}
			_, _, err = api.PostMessageContext(ctx, "C9", slack.MsgOptionText("hi", false))
			if (err != nil) != tt.postAfterJoinFails {
				t.Errorf("post after join error %v, want failure %v", err, tt.postAfterJoinFails)
			}
		})
	}
}

// errCode returns the Slack error code of err, or "".
func errCode(err error) string {
	var e slack.SlackErrorResponse
	if errors.As(err, &e) {
		return e.Err
	}
	if err != nil {
		return err.Error()
	}
	return ""
}
