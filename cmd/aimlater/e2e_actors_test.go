package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// TestE2EDecisionByAnotherNamesTheDecider: U2 decides U1's experiment. The
// channel hears that U2 decided, with U1 as the owner, and U1 gets a DM
// line, so nothing happens behind their back.
func TestE2EDecisionByAnotherNamesTheDecider(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "new Try LinkedIn carousel ads metric:signups target:+20% by:2030-01-31")

	reply := s.slash("C1", "U2", "decide #1 kill no lift after two weeks")
	mustContain(t, reply, "Decided *kill* on #1", "<@U1>, its owner")
	post := waitPostWith(t, s, "C1", "decided *kill* on #1")
	mustContain(t, post, "<@U2> decided *kill* on #1", "(owner <@U1>)", "no lift after two weeks")
	if strings.Contains(post, "<@U1> decided") {
		t.Errorf("the channel was told the owner decided:\n%s", post)
	}
	dm := s.waitDMWith("U1", "decided *kill* on your experiment #1")
	mustContain(t, replyText(t, dm.Blocks()), "<@U2>", "<#C1>")
	mustContain(t, s.slash("C1", "U1", "show #1"), "Decided kill", "by <@U2>", "Launched by <@U1>")
}

// TestE2EOwnDecisionSendsNoDM: deciding your own experiment tells the
// channel as before, without "(owner …)" and without a DM.
func TestE2EOwnDecisionSendsNoDM(t *testing.T) {
	srv := startFake(t)
	path := newDB(t)
	s := startServe(t, srv, path)
	s.slash("C1", "U1", "new Try ads")
	s.slash("C1", "U1", "decide #1 keep works")
	post := waitPostWith(t, s, "C1", "decided *keep* on #1")
	mustContain(t, post, "<@U1> decided *keep* on #1")
	if strings.Contains(post, "owner") {
		t.Errorf("own decision names the owner apart:\n%s", post)
	}
	// The DM would be queued in the decision's transaction: none is there.
	if n := countRows(t, path, `SELECT COUNT(*) FROM outbox WHERE kind = 'dm'`); n != 0 {
		t.Errorf("%d DMs queued for an own decision, want none", n)
	}
}

// TestE2ELaunchOfAnothersIdeaNamesTheLauncher: U2 launches U1's idea with a
// deadline; the channel hears U2 launched it, the idea being U1's.
func TestE2ELaunchOfAnothersIdeaNamesTheLauncher(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	mustContain(t, s.slash("C1", "U1", "idea Referral bonus ice:8/6/9"), "Idea #1")

	mustContain(t, s.slash("C1", "U2", "launch #1 metric:x"), "takes only a deadline", "edit #1 metric:x")
	mustContain(t, s.slash("C1", "U2", "launch #1 by:2030-02-01"), "Launched #1", "2030-02-01")
	post := postText(t, s.posts(1)[0])
	mustContain(t, post, "<@U2> launched #1", "(idea by <@U1>)")
	mustContain(t, s.slash("C1", "U1", "show #1"), "Launched by <@U2>", "Owner")
}

// TestE2EDecideWithoutLearningOffersTheForm: the reply to a decision
// without a learning says the learning is the point and has a button; the
// button opens the learning form, whose submission records it and tells
// the channel.
func TestE2EDecideWithoutLearningOffersTheForm(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "new Try ads")
	reply := s.slash("C1", "U1", "decide #1 kill")
	mustContain(t, reply, "The learning is the point", "Add the learning", "learn #1")

	before := len(srv.Calls("views.open"))
	s.interact(learnClick("U1", "C1", "1"))
	calls, err := srv.WaitCalls(ctxT(t), "views.open", before+1)
	if err != nil {
		t.Fatalf("the button opened no form: %v\nlog:\n%s", err, s.stderr)
	}
	var view map[string]any
	if err := json.Unmarshal([]byte(calls[before].Param("view")), &view); err != nil {
		t.Fatal(err)
	}
	if errs := s.submitActions("U1", view, map[string]map[string]any{"learning": typedValue("")}); errs["learning"] == "" {
		t.Errorf("an empty learning got no field error: %v", errs)
	}
	if errs := s.submitActions("U1", view, map[string]map[string]any{"learning": typedValue("stills <lose> to carousels")}); len(errs) > 0 {
		t.Fatalf("valid learning got errors %v", errs)
	}
	mustContain(t, waitPostWith(t, s, "C1", "wrote what #1"), "<@U1> wrote what #1", "stills &lt;lose&gt; to carousels")
	mustContain(t, s.slash("C1", "U1", "show #1"), "stills &lt;lose&gt; to carousels")
}

// TestE2ELearnAndUndo: learn replaces a decided experiment's learning and
// is refused on a running one; undo takes back an iterate with its
// follow-up, by the decider only.
func TestE2ELearnAndUndo(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "new Try ads")
	mustContain(t, s.slash("C1", "U1", "learn #1 too soon"), "running", "decide #1")
	mustContain(t, s.slash("C1", "U2", "decide #1 iterate half right"), "Follow-up #2")
	mustContain(t, s.slash("C1", "U2", "learn #1 stills lose, video next"), "Recorded what #1", "stills lose, video next")

	mustContain(t, s.slash("C1", "U1", "undo #1"), "Only the person who decided #1")
	mustContain(t, s.slash("C1", "U2", "undo #1"), "Undid *iterate* on #1", "Follow-up #2 is removed")
	mustContain(t, s.slash("C1", "U2", "show #2"), "There is no experiment #2 here")
	mustContain(t, s.slash("C1", "U2", "list"), "#1")
	undo := waitPostWith(t, s, "C1", "undid the *iterate* decision on #1")
	mustContain(t, undo, "<@U2>", "(owner <@U1>)", "Follow-up #2 is removed")
	s.waitDMWith("U1", "undid the *iterate* decision on your experiment #1")
}

// waitPostWith waits for a post to channel holding want and returns its
// text. Posts to a channel and DMs go out in queues of their own, so their
// order across queues is not fixed.
func waitPostWith(t *testing.T, s *serving, channel, want string) string {
	t.Helper()
	for n := 1; ; n++ {
		c := s.posts(n)[n-1]
		if p := postText(t, c); c.Param("channel") == channel && strings.Contains(p, want) {
			return p
		}
	}
}

// learnClick is the block_actions payload of a click on the learning
// button of experiment number, in the reply shown in channel.
func learnClick(user, channel, number string) map[string]any {
	return map[string]any{
		"type": "block_actions", "api_app_id": fakeslack.AppID, "trigger_id": "13345224609.738474920.1234567890abcdef",
		"team": map[string]any{"id": fakeslack.TeamID}, "user": map[string]any{"id": user},
		"channel":   map[string]any{"id": channel},
		"container": map[string]any{"type": "message", "message_ts": "1700000000.000200", "channel_id": channel, "is_ephemeral": true},
		"actions": []any{map[string]any{"type": "button", "action_id": "exp_learn", "block_id": "learn:" + number,
			"value": number, "action_ts": "1700000001.000300"}},
	}
}
