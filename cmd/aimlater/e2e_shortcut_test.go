package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// useShortcut sends the message shortcut m and returns the form views.open
// received, and the shortcut as sent (with its trigger_id).
func (s *serving) useShortcut(m fakeslack.MessageShortcut) (map[string]any, fakeslack.MessageShortcut) {
	s.t.Helper()
	ctx := ctxT(s.t)
	before := len(s.srv.Calls("views.open"))
	m.CallbackID = "save_idea"
	id, sent, err := s.srv.SendMessageShortcut(ctx, m)
	if err != nil {
		s.t.Fatal(err)
	}
	if ack, err := s.srv.WaitAck(ctx, id); err != nil || len(ack.Payload) > 0 {
		s.t.Fatalf("shortcut: ack %s, err %v; want an empty ack", ack.Payload, err)
	}
	calls, err := s.srv.WaitCalls(ctx, "views.open", before+1)
	if err != nil {
		s.t.Fatalf("the shortcut opened no form: %v\nlog:\n%s", err, s.stderr)
	}
	if calls[before].Param("trigger_id") != sent.TriggerID {
		s.t.Errorf("views.open with trigger %q, want the shortcut's %q", calls[before].Param("trigger_id"), sent.TriggerID)
	}
	var view map[string]any
	if err := json.Unmarshal([]byte(calls[before].Param("view")), &view); err != nil {
		s.t.Fatalf("views.open view: %v", err)
	}
	return view, sent
}

// ideaState is a save-idea form's state: a title, ICE scores (typed into
// number inputs) and, when given, a picked conversation.
func ideaState(title, impact, confidence, ease, channel string) map[string]any {
	state := map[string]any{"title": map[string]any{"title": typedValue(title)}}
	for block, v := range map[string]string{"impact": impact, "confidence": confidence, "ease": ease} {
		state[block] = map[string]any{block: map[string]any{"type": "number_input", "value": v}}
	}
	if channel != "" {
		state["idea_channel"] = map[string]any{"idea_channel": map[string]any{"type": "conversations_select", "selected_conversation": channel}}
	}
	return state
}

// threadReplies are the posts the bot made in channel under thread.
func threadReplies(srv *fakeslack.Server, channel, thread string) []fakeslack.Call {
	var out []fakeslack.Call
	for _, c := range srv.Calls("chat.postMessage") {
		if !c.Failed && c.Param("channel") == channel && c.Param("thread_ts") == thread {
			out = append(out, c)
		}
	}
	return out
}

func TestE2EShortcutSavesAnIdeaAndRepliesInTheThread(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	view, sent := s.useShortcut(fakeslack.MessageShortcut{ChannelID: "C1", ChannelName: "growth", UserID: "U2", TeamDomain: "acme",
		Text: "<@U1> what if we gave *annual plans* a referral bonus? &lt;3 <https://x.io|the thread>"})
	form := replyText(t, mustJSON(t, view))
	if view["callback_id"] != "exp_save_idea" || view["external_id"] != "save_idea:"+sent.TriggerID {
		t.Errorf("form %v: want exp_save_idea with the trigger as external_id", view)
	}
	link := "https://acme.slack.com/archives/C1/p" + strings.Replace(sent.MessageTS, ".", "", 1)
	raw := string(mustJSON(t, view))
	for _, want := range []string{`"initial_value":"@u1 what if we gave annual plans a referral bonus? \u003c3 the thread"`, `"initial_value":"Source: ` + link + `"`} {
		if !strings.Contains(raw, want) {
			t.Errorf("form lacks %s:\n%s", want, raw)
		}
	}
	if strings.Contains(form, "not in") {
		t.Errorf("form asks for a channel though the bot is in C1:\n%s", form)
	}

	title := "Referral bonus for annual plans"
	state := ideaState(title, "8", "6", "9", "")
	state["hypothesis"] = map[string]any{"hypothesis": typedValue("Source: " + link)} // the prefill, as submitted
	if errs := fieldErrors(t, s.submitState("U2", view, state)); len(errs) > 0 {
		t.Fatalf("valid form got errors %v", errs)
	}
	s.posts(1)
	replies := threadReplies(srv, "C1", sent.MessageTS)
	if len(replies) != 1 || !strings.Contains(replies[0].Text(), "Saved as idea #1 *Referral bonus for annual plans* by <@U2>") {
		t.Fatalf("thread replies %v; want one saying saved as idea #1", replies)
	}
	mustContain(t, s.slash("C1", "U1", "show #1"), title, "idea", "<@U2>", "8/6/9", link)
	mustContain(t, s.slash("C1", "U1", "next"), title)
}

func TestE2EShortcutWhereTheBotIsNotSavesInAPickedChannel(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	srv.SetChannel("G7", fakeslack.ChannelPrivateNotMember)
	view, sent := s.useShortcut(fakeslack.MessageShortcut{ChannelID: "G7", ChannelName: "secret-plans", UserID: "U2", Text: "Podcast ads"})
	mustContain(t, replyText(t, mustJSON(t, view)), "I'm not in #secret-plans, so I can't save the idea there or reply in its thread", "Pick a channel")
	if !strings.Contains(string(mustJSON(t, view)), `"conversations_select"`) {
		t.Fatalf("form offers no channel to pick:\n%s", mustJSON(t, view))
	}

	errs := fieldErrors(t, s.submitState("U2", view, ideaState("Podcast ads", "", "", "", "")))
	if !strings.Contains(errs["idea_channel"], "Pick a channel") {
		t.Fatalf("form without a channel: errors %v, want one on idea_channel", errs)
	}
	if errs := fieldErrors(t, s.submitState("U2", view, ideaState("Podcast ads", "", "", "", "C1"))); len(errs) > 0 {
		t.Fatalf("valid form got errors %v", errs)
	}
	dm := s.posts(1)[0]
	if dm.Param("channel") != "DU2" || !strings.Contains(dm.Text(), "Saved as idea #1 *Podcast ads* in <#C1>") ||
		!strings.Contains(dm.Text(), "did not reply in its thread") {
		t.Errorf("post %s %q; want U2 told by DM that the thread got no reply", dm.Param("channel"), dm.Text())
	}
	if n := len(threadReplies(srv, "G7", sent.MessageTS)); n != 0 {
		t.Errorf("%d replies in G7's thread; want none", n)
	}
	mustContain(t, s.slash("C1", "U2", "show #1"), "Podcast ads", "idea", "<@U2>")
}

func TestE2ERedeliveredShortcutOpensOneFormAndStoresOnce(t *testing.T) {
	srv := startFake(t)
	dbPath := newDB(t)
	s := startServe(t, srv, dbPath)
	view, sent := s.useShortcut(fakeslack.MessageShortcut{ChannelID: "C1", UserID: "U2", Text: "Webinar series"})

	// Slack sends the same shortcut again in a new envelope.
	sent.RetryAttempt = 1
	ctx := ctxT(t)
	id, _, err := srv.SendMessageShortcut(ctx, sent)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.WaitAck(ctx, id); err != nil {
		t.Fatal(err)
	}
	calls, err := srv.WaitCalls(ctx, "views.open", 2)
	if err != nil {
		t.Fatal(err)
	}
	if calls[0].Param("view") != calls[1].Param("view") {
		t.Errorf("the redelivery asked for another form:\n%s\n%s", calls[0].Param("view"), calls[1].Param("view"))
	}
	// The second views.open was refused (duplicate_external_id) and the
	// user is not told the form failed to open.
	if posts := srv.ResponseURLPosts(); len(posts) > 0 {
		t.Errorf("response_url posts %s; want none", posts[0].Body)
	}

	// The form submitted twice (a redelivered view_submission) stores once.
	sub := submission("U2", view, ideaState("Webinar series", "5", "5", "5", ""), nextViewID())
	s.interact(sub)
	s.interact(sub)
	s.posts(1)
	mustContain(t, s.slash("C1", "U2", "list ideas"), "Webinar series")
	s.stop()
	if n := countRows(t, dbPath, `SELECT COUNT(*) FROM experiments WHERE title = 'Webinar series'`); n != 1 {
		t.Errorf("stored %d ideas, want 1", n)
	}
	if n := len(threadReplies(srv, "C1", sent.MessageTS)); n != 1 {
		t.Errorf("%d thread replies, want 1", n)
	}
	if !strings.Contains(s.stderr.String(), "redelivered shortcut") {
		t.Errorf("log does not show the redelivered shortcut:\n%s", s.stderr)
	}
}
