package main

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// TestE2ENextLaunchAndNotNow: `/exp next` names the idea for the goal with
// nothing running, with Launch and Not now. U3's Not now hides it from
// U3's next only; U2 clicks Launch on U1's idea: it runs, launched by U2,
// the channel is told, and U2 alone hears so. A second click says it runs.
func TestE2ENextLaunchAndNotNow(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "goal Double trial signups metric:signups target:+100%")
	mustContain(t, s.slash("C1", "U1", "idea Referral bonus for annual plans ice:9/9/9"), "#1")
	mustContain(t, s.slash("C1", "U1", "idea Pricing webinar goal:G1 ice:8/6/9"), "#2")

	next := s.slash("C1", "U1", "next")
	mustContain(t, next, "Launch next: #2 Pricing webinar", "*G1* Double trial signups — nothing is running for it",
		"ICE 8/6/9 = 7.7", "Launch #2", "Not now", "/exp next skip #2")

	skipped := s.clickIdea("U3", "exp_skip_idea", "2")
	mustContain(t, skipped, "Not now: #2", "Launch next: #1 Referral bonus")
	mustContain(t, s.slash("C1", "U3", "next"), "Launch next: #1")
	mustContain(t, s.slash("C1", "U2", "next"), "Launch next: #2")

	mustContain(t, s.clickIdea("U2", "exp_launch_idea", "2"), "Launched #2", "I told the channel")
	mustContain(t, waitPostWith(t, s, "C1", "launched #2"), "<@U2> launched #2", "(idea by <@U1>)")
	mustContain(t, s.slash("C1", "U1", "show #2"), "running", "Launched by <@U2>")
	mustContain(t, s.clickIdea("U3", "exp_launch_idea", "2"), "already running, launched by <@U2> — nothing changed")
	mustContain(t, s.slash("C1", "U1", "next"), "Launch next: #1")
}

// clickTriggers numbers the trigger_ids of the idea clicks: Slack gives
// every click its own, and a click's identity is its trigger_id.
var clickTriggers atomic.Int64

// clickIdea clicks an idea button (action, idea number) as user in an
// ephemeral reply in C1 and returns what the clicker was told through the
// click's response_url.
func (s *serving) clickIdea(user, action, number string) string {
	s.t.Helper()
	respURL := s.srv.ResponseURL()
	s.interact(map[string]any{
		"type": "block_actions", "api_app_id": fakeslack.AppID,
		"trigger_id": fmt.Sprintf("13345224609.738474920.%d", 9000+clickTriggers.Add(1)),
		"team":       map[string]any{"id": fakeslack.TeamID}, "user": map[string]any{"id": user},
		"channel":      map[string]any{"id": "C1"},
		"container":    map[string]any{"type": "message", "message_ts": "1700000000.000300", "channel_id": "C1", "is_ephemeral": true},
		"response_url": respURL,
		"actions": []any{map[string]any{"type": "button", "action_id": action, "block_id": "next:" + number,
			"value": number, "action_ts": "1700000001.000400"}},
	})
	return replyText(s.t, s.responsePost(ctxT(s.t), respURL))
}

// TestE2EKillNamesTheIdleGoalsTopIdea: U2 kills the one experiment of G1;
// the reply names G1 and its top idea with Launch, and the click launches
// it, credited to U2.
func TestE2EKillNamesTheIdleGoalsTopIdea(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "goal Double trial signups")
	s.slash("C1", "U1", "new Carousel ads goal:G1")
	s.slash("C1", "U1", "idea Pricing webinar goal:G1 ice:8/6/9")
	reply := s.slash("C1", "U2", "decide #1 kill no lift")
	mustContain(t, reply, "Decided *kill* on #1", "*G1* Double trial signups has nothing running now",
		"Its top idea: *#2* Pricing webinar — ICE 8/6/9 = 7.7", "Launch #2")
	mustContain(t, s.clickIdea("U2", "exp_launch_idea", "2"), "Launched #2")
	mustContain(t, s.slash("C1", "U1", "show #2"), "Launched by <@U2>")
}
