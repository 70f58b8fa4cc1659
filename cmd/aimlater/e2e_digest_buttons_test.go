package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
	"github.com/aimlater/aimlater/experiments"
)

// digestTS is the ts the tests say the clicked digest has.
const digestTS = "1700000000.000900"

// seedOverdueChannel writes, straight to the database, a channel C1 with
// an open goal G1 that nothing serves and #1, U1's experiment, overdue as
// of the week a digest now reviews.
func seedOverdueChannel(t *testing.T, path string) {
	t.Helper()
	db := openStore(t, path)
	defer db.Close()
	week := experiments.ReviewedWeek(time.Now(), time.UTC)
	at := week.AsOf.Add(-10 * 24 * time.Hour)
	db.Now = func() time.Time { return at }
	ctx := context.Background()
	g := experiments.Goal{Team: fakeslack.TeamID, Channel: "C1", Title: "Grow the newsletter", Author: "U1", CreatedAt: at}
	mustNoErr(t, db.CreateGoal(ctx, &g, nil))
	e := experiments.Experiment{Team: fakeslack.TeamID, Channel: "C1", Owner: "U1", Title: "Retargeting <on> Meta",
		Metric: "signups", Target: experiments.Target{Value: 300}, Status: experiments.StatusRunning, CreatedAt: at,
		Deadline: experiments.DateOf(week.AsOf, time.UTC).AddDays(-3)}
	mustNoErr(t, db.CreateExperiment(ctx, &e, nil))
}

// channelClick is the block_actions payload of a click by user on a button
// of the message digestTS in channel.
func channelClick(user, channel, action, value string) map[string]any {
	return map[string]any{
		"type": "block_actions", "api_app_id": fakeslack.AppID, "trigger_id": "13345224609.738474920.feedfacecafe",
		"team": map[string]any{"id": fakeslack.TeamID}, "user": map[string]any{"id": user},
		"channel":   map[string]any{"id": channel},
		"container": map[string]any{"type": "message", "message_ts": digestTS, "channel_id": channel},
		"message":   map[string]any{"type": "message", "ts": digestTS, "text": "Week digest"},
		"actions": []any{map[string]any{"type": "button", "action_id": action, "block_id": "b",
			"value": value, "action_ts": "1700000001.000900"}},
	}
}

// clickForView clicks and returns the modal views.open received.
func (s *serving) clickForView(payload map[string]any) map[string]any {
	s.t.Helper()
	before := len(s.srv.Calls("views.open"))
	s.interact(payload)
	calls, err := s.srv.WaitCalls(ctxT(s.t), "views.open", before+1)
	if err != nil {
		s.t.Fatalf("the click opened no form: %v\nlog:\n%s", err, s.stderr)
	}
	var view map[string]any
	if err := json.Unmarshal([]byte(calls[before].Param("view")), &view); err != nil {
		s.t.Fatal(err)
	}
	return view
}

// waitEphemeralTo waits for an ephemeral message to user holding want.
func (s *serving) waitEphemeralTo(user, want string) fakeslack.Call {
	s.t.Helper()
	for n := 1; ; n++ {
		calls, err := s.srv.WaitCalls(ctxT(s.t), "chat.postEphemeral", n)
		if err != nil {
			s.t.Fatalf("no ephemeral to %s with %q: %v\nlog:\n%s", user, want, err, s.stderr)
		}
		if c := calls[n-1]; c.Param("user") == user && strings.Contains(c.Text(), want) {
			return c
		}
	}
}

// TestE2EDigestDecideButtonsCreditTheClicker: a member who is not the owner
// clicks Kill on an overdue experiment in the digest; the decide form
// opens, and its submission decides #1 as theirs, tells them alone and
// leaves the digest as it was. From another channel the button opens
// nothing.
func TestE2EDigestDecideButtonsCreditTheClicker(t *testing.T) {
	srv := startFake(t)
	path := newDB(t)
	seedOverdueChannel(t, path)
	s := startServeWith(t, srv, path, map[string]string{"AIMLATER_CHECKIN_SCHEDULE": "off", "AIMLATER_DIGEST_SCHEDULE": "off"})
	mustContain(t, s.slash("C1", "U2", "digest"), "Digest posted")
	mustContain(t, postText(t, s.waitDigestPost(1)), "Decide now", "Keep #1", "Kill #1", "Iterate #1", "New test for G1")

	s.interact(channelClick("U2", "C2", "exp_decide_kill", "1"))
	s.waitEphemeralTo("U2", "There is no experiment #1 here")
	if n := len(srv.Calls("views.open")); n != 0 {
		t.Fatalf("a decide button clicked in another channel opened %d forms", n)
	}

	view := s.clickForView(channelClick("U2", "C1", "exp_decide_kill", "1"))
	if view["callback_id"] != "exp_decide_kill" {
		t.Fatalf("Kill opened %v, want the exp_decide_kill form", view["callback_id"])
	}
	mustContain(t, replyText(t, mustJSON(t, view)), "Kill #1", "What did you learn?")
	if errs := s.submitActions("U2", view, map[string]map[string]any{"learning": typedValue("retargeting &lt; nothing")}); len(errs) > 0 {
		t.Fatalf("valid decision got errors %v", errs)
	}
	s.waitEphemeralTo("U2", "Decided *kill* on #1")
	mustContain(t, waitPostWith(t, s, "C1", "decided *kill* on #1"), "<@U2>")
	mustContain(t, s.slash("C1", "U1", "show #1"), "kill", "by <@U2>")
	if n := len(srv.Calls("chat.update")); n != 0 {
		t.Errorf("%d chat.update calls: the digest must stay as posted", n)
	}
	checkWireLimits(t, srv)
}

// TestE2EDigestNewTestForGoal: New test for G1 in the digest opens the
// new-experiment form with G1 picked; its submission launches an
// experiment toward G1, owned by the clicker.
func TestE2EDigestNewTestForGoal(t *testing.T) {
	srv := startFake(t)
	path := newDB(t)
	seedOverdueChannel(t, path)
	s := startServeWith(t, srv, path, map[string]string{"AIMLATER_CHECKIN_SCHEDULE": "off", "AIMLATER_DIGEST_SCHEDULE": "off"})

	view := s.clickForView(channelClick("U3", "C1", "exp_new_for_goal", "1"))
	if view["callback_id"] != "exp_new" {
		t.Fatalf("New test opened %v, want the exp_new form", view["callback_id"])
	}
	goal := goalID(t, view)
	if got := pickedGoal(view); got != goal {
		t.Fatalf("the form has goal %q picked, want G1 (%s)", got, goal)
	}
	ack := s.submitView("U3", view, map[string]string{"title": "Newsletter referral contest", "metric": "subscribers", "goal": goal})
	if errs := fieldErrors(t, ack); len(errs) > 0 {
		t.Fatalf("valid submission got errors %v", errs)
	}
	s.waitEphemeralTo("U3", "Launched #2")
	mustContain(t, s.slash("C1", "U3", "show #2"), "Newsletter referral contest", "G1 Grow the newsletter", "*Owner*\n<@U3>")
	checkWireLimits(t, srv)
}

// pickedGoal is the value of the goal picker's initial option, "" when
// none is picked.
func pickedGoal(view map[string]any) string {
	blocks, _ := view["blocks"].([]any)
	for _, b := range blocks {
		block, _ := b.(map[string]any)
		if block["block_id"] != "goal" {
			continue
		}
		el, _ := block["element"].(map[string]any)
		if o, ok := el["initial_option"].(map[string]any); ok {
			v, _ := o["value"].(string)
			return v
		}
	}
	return ""
}
