package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aimlater/aimlater/bot/fakeslack"
	_ "github.com/aimlater/aimlater/storage" // registers the sqlite driver for the ledger checks
)

// startServeWith is startServe with more variables set (or overridden).
func startServeWith(t *testing.T, srv *fakeslack.Server, dbPath string, extra map[string]string) *serving {
	t.Helper()
	env := slackEnv(srv, dbPath)
	for k, v := range extra {
		env[k] = v
	}
	useSkipClock(t)
	return launchServe(t, srv, env)
}

// dmTS is the ts the test says the clicked DM has: the fake's
// chat.postMessage does not record the ts it answers, and the bot only
// needs one to send back in chat.update.
const dmTS = "1700000000.000100"

// waitDM waits for the first check-in DM to user and returns it.
func (s *serving) waitDM(user string) fakeslack.Call { return s.waitDMWith(user, "") }

// waitDMWith waits for the first check-in DM to user whose text, blocks
// included, contains want.
func (s *serving) waitDMWith(user, want string) fakeslack.Call {
	s.t.Helper()
	for n := 1; ; n++ {
		calls, err := s.srv.WaitCalls(ctxT(s.t), "chat.postMessage", n)
		if err != nil {
			s.t.Fatalf("no DM to %s with %q: %v\nlog:\n%s", user, want, err, s.stderr)
		}
		c := calls[n-1]
		if c.Param("channel") == "D"+user && !c.Failed && strings.Contains(replyText(s.t, c.Blocks()), want) {
			return c
		}
	}
}

// click sends a block_actions envelope, shaped like Slack's, for a click on
// the button action of experiment number in the DM, and returns its ack.
func (s *serving) click(user string, dm fakeslack.Call, action, number, responseURL string) fakeslack.Ack {
	s.t.Helper()
	channel := dm.Param("channel")
	payload := map[string]any{
		"type": "block_actions", "api_app_id": fakeslack.AppID, "trigger_id": "13345224609.738474920.8088930838d88f008e0",
		"team": map[string]any{"id": fakeslack.TeamID}, "user": map[string]any{"id": user},
		"channel":      map[string]any{"id": channel},
		"container":    map[string]any{"type": "message", "message_ts": dmTS, "channel_id": channel},
		"message":      map[string]any{"type": "message", "ts": dmTS, "text": dm.Text(), "blocks": dm.Blocks()},
		"response_url": responseURL,
		"actions": []any{map[string]any{"type": "button", "action_id": action, "block_id": "checkin:" + number + ":actions",
			"value": number, "action_ts": "1700000001.000200"}},
	}
	return s.interact(payload)
}

// interact sends an interactive envelope (a click, a submission) and
// returns its ack.
func (s *serving) interact(payload map[string]any) fakeslack.Ack {
	s.t.Helper()
	ctx := ctxT(s.t)
	id, err := s.srv.SendInteractive(ctx, payload)
	if err != nil {
		s.t.Fatal(err)
	}
	ack, err := s.srv.WaitAck(ctx, id)
	if err != nil {
		s.t.Fatalf("%s not acked: %v", payload["type"], err)
	}
	return ack
}

// clickForModal clicks and returns the modal views.open received.
func (s *serving) clickForModal(user string, dm fakeslack.Call, action, number string) map[string]any {
	s.t.Helper()
	before := len(s.srv.Calls("views.open"))
	if ack := s.click(user, dm, action, number, ""); len(ack.Payload) > 0 {
		s.t.Errorf("click acked with %s, want an empty ack", ack.Payload)
	}
	calls, err := s.srv.WaitCalls(ctxT(s.t), "views.open", before+1)
	if err != nil {
		s.t.Fatalf("%s opened no modal: %v\nlog:\n%s", action, err, s.stderr)
	}
	var view map[string]any
	if err := json.Unmarshal([]byte(calls[before].Param("view")), &view); err != nil {
		s.t.Fatal(err)
	}
	return view
}

// submitActions submits a modal whose fields hold the given actions (block
// ID → the action object Slack puts in view.state.values).
func (s *serving) submitActions(user string, view map[string]any, actions map[string]map[string]any) map[string]string {
	s.t.Helper()
	state := map[string]any{}
	for block, a := range actions {
		state[block] = map[string]any{block: a}
	}
	return fieldErrors(s.t, s.submitState(user, view, state))
}

// submitState submits view with state (block ID → action ID → action) as
// Slack's view_submission does and returns the ack.
func (s *serving) submitState(user string, view map[string]any, state map[string]any) fakeslack.Ack {
	s.t.Helper()
	return s.interact(submission(user, view, state, nextViewID()))
}

// viewIDs numbers the views the tests submit: Slack gives every opened
// view its own ID, and a submission's identity is its view's ID and hash.
var viewIDs atomic.Int64

func nextViewID() string { return fmt.Sprintf("V%d", viewIDs.Add(1)) }

// submission is the view_submission payload of view with state, submitted
// by user, as the view with ID viewID.
func submission(user string, view map[string]any, state map[string]any, viewID string) map[string]any {
	return map[string]any{
		"type": "view_submission", "team": map[string]any{"id": fakeslack.TeamID}, "user": map[string]any{"id": user},
		"api_app_id": fakeslack.AppID, "trigger_id": "9.9.9",
		"view": map[string]any{"id": viewID, "hash": "1700000000.abcdef", "type": "modal", "callback_id": view["callback_id"],
			"private_metadata": view["private_metadata"], "state": map[string]any{"values": state}},
	}
}

func typedValue(v string) map[string]any {
	return map[string]any{"type": "plain_text_input", "value": v}
}

func pickedOption(v string) map[string]any {
	return map[string]any{"type": "radio_buttons", "selected_option": map[string]any{"value": v}}
}

// waitUpdate waits for the nth chat.update and returns it.
func (s *serving) waitUpdate(n int) fakeslack.Call {
	s.t.Helper()
	calls, err := s.srv.WaitCalls(ctxT(s.t), "chat.update", n)
	if err != nil {
		s.t.Fatalf("no chat.update #%d: %v\nlog:\n%s", n, err, s.stderr)
	}
	return calls[n-1]
}

func TestE2ECheckInDMsAndButtons(t *testing.T) {
	srv := startFake(t)
	dbPath := newDB(t)
	// The digest stays off: this test counts check-in DMs.
	seed := startServeWith(t, srv, dbPath, map[string]string{"AIMLATER_CHECKIN_SCHEDULE": "off", "AIMLATER_DIGEST_SCHEDULE": "off"})
	seed.slash("C1", "U1", "new Carousel <ads> metric:signups target:+20% by:2030-12-31")
	seed.slash("C1", "U2", "new Referral bonus metric:upgrades target:50 by:2030-12-31")
	seed.slash("C1", "U1", "new Podcast ads")
	seed.slash("C1", "U3", "new Webinar metric:leads target:100")
	seed.slash("C1", "U3", "away 3")
	seed.stop()
	if err := srv.SetUserTZ("U1", "Pacific/Auckland"); err != nil {
		t.Fatal(err)
	}

	s := startServeWith(t, srv, dbPath, map[string]string{"AIMLATER_CHECKIN_SCHEDULE": "@every 1s", "AIMLATER_DIGEST_SCHEDULE": "off"})
	// A round leaves out what launched after its tick: the first tick may
	// fall between the seeding's launches, so wait for one that has #3.
	dm := s.waitDMWith("U1", "Podcast ads")
	mustContain(t, replyText(t, dm.Blocks()), "#1* Carousel &lt;ads&gt;", "metric *signups*", "target *+20%*",
		"days left", "No check-in yet.", "#3* Podcast ads", "Aim later is now")
	dm2 := s.waitDM("U2")
	mustContain(t, replyText(t, dm2.Blocks()), "#2* Referral bonus")
	for _, c := range srv.Calls("conversations.open") {
		if c.Param("users") == "U3" {
			t.Error("conversations.open with U3, who is away")
		}
	}
	if _, err := srv.WaitCalls(ctxT(t), "users.info", 1); err != nil {
		t.Errorf("no users.info for the owners' zones: %v", err)
	}

	view := s.clickForModal("U1", dm, "checkin_log", "1")
	if view["callback_id"] != "checkin_log" {
		t.Fatalf("Log result opened %v, want the checkin_log modal", view["callback_id"])
	}
	errs := s.submitActions("U1", view, map[string]map[string]any{
		"value": typedValue("412"), "note": typedValue("first <week>"), "on_track": pickedOption("yes")})
	if len(errs) > 0 {
		t.Fatalf("valid check-in got errors %v", errs)
	}
	mustContain(t, s.slash("C1", "U1", "show #1"), "*412* — first &lt;week&gt;")
	update := s.waitUpdate(1)
	if update.Param("channel") != "DU1" || update.Param("ts") != dmTS {
		t.Errorf("chat.update of %s at %s, want the DM DU1 at %s", update.Param("channel"), update.Param("ts"), dmTS)
	}
	mustContain(t, replyText(t, update.Blocks()), "Logged: *412* — first &lt;week&gt; — _on track_", "#3* Podcast ads")

	view = s.clickForModal("U1", dm, "checkin_keep", "1")
	if errs := s.submitActions("U1", view, map[string]map[string]any{"learning": typedValue("Carousels doubled signups")}); len(errs) > 0 {
		t.Fatalf("valid decision got errors %v", errs)
	}
	mustContain(t, s.slash("C1", "U1", "show #1"), "Decided keep", "Carousels doubled signups")
	mustContain(t, replyText(t, s.waitUpdate(2).Blocks()), "Decided *keep*")

	// The same DM's Keep again: no second decision, no modal, an ephemeral word.
	opened := len(srv.Calls("views.open"))
	respURL := srv.ResponseURL()
	s.click("U1", dm, "checkin_keep", "1", respURL)
	mustContain(t, replyText(t, s.responsePost(ctxT(t), respURL)), "already decided (keep) — nothing changed")
	if n := len(srv.Calls("views.open")); n != opened {
		t.Errorf("a click on a decided experiment opened a modal")
	}

	view = s.clickForModal("U2", dm2, "checkin_iterate", "2")
	if errs := s.submitActions("U2", view, map[string]map[string]any{
		"learning": typedValue("Referrals convert, the bonus is too small"), "change": typedValue("Double the bonus")}); len(errs) > 0 {
		t.Fatalf("valid iteration got errors %v", errs)
	}
	mustContain(t, s.slash("C1", "U2", "show #2"), "Decided iterate", "Follow-up: #5")
	mustContain(t, s.slash("C1", "U2", "show #5"), "Double the bonus")
	mustContain(t, replyText(t, s.waitUpdate(3).Blocks()), "Follow-up #5 is running")
	s.stop()
	checkOneDMPerOwnerPerTick(t, dbPath, map[string]bool{"U1": true, "U2": true, "U3": false})
	checkWireLimits(t, srv)
}

// checkOneDMPerOwnerPerTick reads the ledger and the outbox of a stopped
// bot: every recorded check-in tick queued exactly one DM to each owner who
// should get one, and none to the others. A tick's messages are written
// with it, so their created_at is its recorded_at.
func checkOneDMPerOwnerPerTick(t *testing.T, dbPath string, owners map[string]bool) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// A tick before the last seeded launch (the first, right after the
	// seeding run) rightly leaves the later experiments out: check the
	// ticks after.
	rows, err := db.Query(`SELECT t.recorded_at, o.payload FROM ticks t
		LEFT JOIN outbox o ON o.created_at = t.recorded_at AND o.kind = 'dm'
		WHERE t.kind = 'checkins' AND t.scheduled_at >= (SELECT MAX(launched_at) FROM experiments WHERE parent_id IS NULL)`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	perTick := map[int64]map[string]int{}
	for rows.Next() {
		var at int64
		var payload []byte
		var o struct{ User string }
		if err := rows.Scan(&at, &payload); err != nil {
			t.Fatal(err)
		}
		if perTick[at] == nil {
			perTick[at] = map[string]int{}
		}
		if payload != nil && json.Unmarshal(payload, &o) == nil {
			perTick[at][o.User]++
		}
	}
	if len(perTick) == 0 {
		t.Fatal("no check-in tick recorded")
	}
	for at, dms := range perTick {
		for owner, gets := range owners {
			if want := map[bool]int{true: 1, false: 0}[gets]; dms[owner] != want {
				t.Errorf("tick recorded at %d: %d DMs to %s, want %d", at, dms[owner], owner, want)
			}
		}
	}
	t.Logf("%d ticks checked", len(perTick))
}

func TestE2EScheduleChangesTakeEffectAtOnce(t *testing.T) {
	srv := startFake(t)
	s := startServeWith(t, srv, newDB(t), map[string]string{"AIMLATER_CHECKIN_SCHEDULE": "off", "AIMLATER_DIGEST_SCHEDULE": "off"})
	s.slash("C1", "U1", "new Carousel ads metric:signups target:+20%")
	mustContain(t, s.slash("C1", "U1", "schedule"), "*Check-ins* off _(bot default)_", "*Zone* UTC _(bot default)_")

	got := s.slash("C1", "U1", "schedule checkins every tuesday")
	mustContain(t, got, ":warning:", "`every tuesday` is not a schedule")
	mustContain(t, s.slash("C1", "U1", "schedule"), "*Check-ins* off")

	mustContain(t, s.slash("C1", "U1", "schedule tz Europe/Rome"), "*Zone* Europe/Rome")
	got = s.slash("C1", "U1", "schedule checkins 0 10 * * 2,4")
	mustContain(t, got, "*Check-ins* `0 10 * * 2,4` — next: ", "10:00 CE") // CET or CEST, depending on the day
	// No restart: the running scheduler has the channel already.
	if log := s.stderr.String(); !strings.Contains(log, `msg=scheduled team=T0FAKE channel=C1 kind=checkins spec="0 10 * * 2,4" zone=Europe/Rome`) {
		t.Errorf("the scheduler did not take the new schedule at once; log:\n%s", log)
	}
	s.slash("C1", "U1", "schedule checkins off")
	if log := s.stderr.String(); !strings.Contains(log, "msg=unscheduled team=T0FAKE channel=C1 kind=checkins") {
		t.Errorf("turning check-ins off did not unschedule them; log:\n%s", log)
	}
}
