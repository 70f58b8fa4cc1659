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

// seedHome writes U1's work: #1, overdue in C1 (seedOverdueChannel), #2,
// running in C2 with a later deadline, and #3, an idea in C2.
func seedHome(t *testing.T, path string) {
	t.Helper()
	seedOverdueChannel(t, path)
	db := openStore(t, path)
	defer db.Close()
	ctx := context.Background()
	today := experiments.DateOf(time.Now(), time.UTC)
	later := experiments.Experiment{Team: fakeslack.TeamID, Channel: "C2", Owner: "U1", Title: "Webinar <series>",
		Status: experiments.StatusRunning, Deadline: today.AddDays(10)}
	mustNoErr(t, db.CreateExperiment(ctx, &later, nil))
	idea := experiments.Experiment{Team: fakeslack.TeamID, Channel: "C2", Owner: "U1", Title: "Referral bonus",
		ICE: experiments.ICE{Impact: 8, Confidence: 6, Ease: 9}}
	mustNoErr(t, db.CreateExperiment(ctx, &idea, nil))
}

// openHome sends app_home_opened for user, waits for its ack and then for
// the nth publish of their home, and returns its text.
func (s *serving) openHome(user string, n int) string {
	s.t.Helper()
	ctx := ctxT(s.t)
	id, err := s.srv.SendHomeOpened(ctx, user)
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.srv.WaitAck(ctx, id); err != nil {
		s.t.Fatalf("app_home_opened not acked: %v", err)
	}
	return s.waitHome(user, n)
}

// waitHome waits for the nth publish of user's home and returns its text.
func (s *serving) waitHome(user string, n int) string {
	s.t.Helper()
	views, err := s.srv.WaitPublished(ctxT(s.t), user, n)
	if err != nil {
		s.t.Fatalf("home of %s not published %d times: %v\nlog:\n%s", user, n, err, s.stderr)
	}
	var blocks []any
	if err := json.Unmarshal(views[n-1].Blocks(), &blocks); err != nil {
		s.t.Fatal(err)
	}
	if len(blocks) > 100 {
		s.t.Errorf("home of %d blocks, Slack allows 100", len(blocks))
	}
	return replyText(s.t, views[n-1].Blocks())
}

// homeClick is the block_actions payload of a click by user on their home
// tab: a view container, no channel, no response_url.
func homeClick(user, action, value string) map[string]any {
	return map[string]any{
		"type": "block_actions", "api_app_id": fakeslack.AppID, "trigger_id": "13345224609.738474920." + nextViewID(),
		"team": map[string]any{"id": fakeslack.TeamID}, "user": map[string]any{"id": user},
		"container": map[string]any{"type": "view", "view_id": "VH" + user},
		"view":      map[string]any{"id": "VH" + user, "type": "home", "team_id": fakeslack.TeamID, "hash": "1700000000.home"},
		"actions": []any{map[string]any{"type": "button", "action_id": action, "block_id": "home:" + value,
			"value": value, "action_ts": "1700000002.000100"}},
	}
}

// TestE2EAppHome: opening the Home tab publishes U1's experiments of both
// channels, the overdue one first, with the check-in buttons, the idea with
// Launch and a line per channel. Keep on the home opens the decide form;
// submitted, #1 is decided as U1's, the channel hears, and the home is
// published again without #1, saying what was done. Another person's
// home holds none of U1's work.
func TestE2EAppHome(t *testing.T) {
	srv := startFake(t)
	path := newDB(t)
	seedHome(t, path)
	s := startServe(t, srv, path)

	home := s.openHome("U1", 1)
	mustContain(t, home, "Your experiments", "Running", "1 past the deadline", "#1", "Retargeting &lt;on&gt; Meta", "<#C1>",
		"Keep #1", "Kill #1", "Iterate #1", "Log #1", "#2", "Webinar &lt;series&gt;", "Keep #2",
		"Your ideas", "#3", "Launch #3", "Your channels", "How to", "/exp new", "/exp log #4", "/exp decide #4")
	if i, j := strings.Index(home, "Keep #1"), strings.Index(home, "Keep #2"); i < 0 || j < i {
		t.Errorf("the overdue #1 should come first:\n%s", home)
	}
	if other := s.openHome("U2", 1); strings.Contains(other, "#1") || !strings.Contains(other, "Nothing running") {
		t.Errorf("U2's home shows U1's work:\n%s", other)
	}

	view := s.clickForView(homeClick("U1", "checkin_keep", "1"))
	if view["callback_id"] != "decide_keep" {
		t.Fatalf("Keep on the home opened %v, want the decide_keep form", view["callback_id"])
	}
	if errs := s.submitActions("U1", view, map[string]map[string]any{"learning": typedValue("retargeting pays")}); len(errs) > 0 {
		t.Fatalf("valid decision got errors %v", errs)
	}
	after := s.waitHome("U1", 2)
	mustContain(t, after, "Decided *keep* on #1", "Keep #2")
	if strings.Contains(after, "Keep #1") {
		t.Errorf("the republished home still offers Keep on the decided #1:\n%s", after)
	}
	mustContain(t, waitPostWith(t, s, "C1", "decided *keep* on #1"), "<@U1>")
	mustContain(t, s.slash("C1", "U1", "show #1"), "keep")
}

// TestE2EAppHomeLaunchAndTrust: Launch on the home launches the idea as
// U1's and republishes the home with it running; a home click on someone
// else's experiment opens nothing and changes nothing.
func TestE2EAppHomeLaunchAndTrust(t *testing.T) {
	srv := startFake(t)
	path := newDB(t)
	seedHome(t, path)
	s := startServe(t, srv, path)
	s.openHome("U1", 1)

	s.interact(homeClick("U1", "exp_launch_idea", "3"))
	mustContain(t, s.waitHome("U1", 2), "Launched #3", "Keep #3")
	mustContain(t, waitPostWith(t, s, "C2", "#3"), "Referral bonus")

	s.interact(homeClick("U2", "checkin_kill", "2"))
	mustContain(t, s.waitHome("U2", 1), "someone else's check-in")
	if n := len(srv.Calls("views.open")); n != 0 {
		t.Errorf("U2's click on U1's experiment opened %d forms", n)
	}
	mustContain(t, s.slash("C2", "U1", "show #2"), "running")
}

// TestE2EAppHomeRedeliveredEventPublishesOnce: the same app_home_opened
// event in a new envelope (as after a reconnect) is acked and publishes
// nothing more: its event_id was stored with the first publish.
func TestE2EAppHomeRedeliveredEventPublishesOnce(t *testing.T) {
	srv := startFake(t)
	path := newDB(t)
	seedHome(t, path)
	s := startServe(t, srv, path)
	ctx := ctxT(t)
	env := srv.HomeOpened("U1")
	for i := range 2 {
		id, err := srv.Send(ctx, env)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := srv.WaitAck(ctx, id); err != nil {
			t.Fatalf("delivery %d not acked: %v", i+1, err)
		}
	}
	s.waitHome("U1", 1)
	s.openHome("U1", 2) // a new event publishes, and the outbox is drained in order
	if n := len(srv.PublishedViews("U1")); n != 2 {
		t.Errorf("%d publishes for two events, one of them delivered twice; want 2", n)
	}
	if n := countRows(t, path, `SELECT COUNT(*) FROM outbox WHERE kind = 'home'`); n != 2 {
		t.Errorf("%d home publishes queued, want 2", n)
	}
}
