package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// forgedView is a view as a forged view_submission carries it: a callback
// ID and private_metadata of the forger's choosing.
func forgedView(callbackID, metadata string) map[string]any {
	return map[string]any{"callback_id": callbackID, "private_metadata": metadata}
}

// refusal submits view as user with a title and a learning typed in, and
// returns the field error it was refused with, failing if it was accepted.
func (s *serving) refusal(user string, view map[string]any) string {
	s.t.Helper()
	errs := fieldErrors(s.t, s.submitView(user, view, map[string]string{"title": "Hacked", "learning": "hacked"}))
	if len(errs) == 0 {
		s.t.Errorf("forged %v by %s was accepted", view["callback_id"], user)
	}
	var all []string
	for _, e := range errs {
		all = append(all, e)
	}
	return strings.Join(all, " ")
}

// TestE2EForgedSubmissionsChangeNothing sends view_submissions whose
// private_metadata the bot did not write, or rewrote, as a forger in
// another channel would: none retitles, decides or creates anything.
func TestE2EForgedSubmissionsChangeNothing(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "new Carousel ads metric:signups")
	s.slash("C2", "U2", "new Referral bonus metric:upgrades")
	team := fakeslack.TeamID

	// (a) U2, in C2, retitles C1's #1: with hand-made metadata, and with
	// the metadata of U2's own edit form of #2 rewritten to name #1.
	s.refusal("U2", forgedView("exp_edit", fmt.Sprintf(`{"team":%q,"channel":"C1","number":1}`, team)))
	own := s.openModal("C2", "U2", "edit #2")
	meta := own["private_metadata"].(string)
	own["private_metadata"] = strings.NewReplacer(`"channel":"C2"`, `"channel":"C1"`, `"number":2`, `"number":1`).Replace(meta)
	if got := s.refusal("U2", own); !strings.Contains(got, "expired") {
		t.Errorf("rewritten edit form refused with %q, want it called expired", got)
	}
	mustContain(t, s.slash("C1", "U1", "show #1"), "Carousel ads")

	// (b) U2 decides U1's #1 through the check-in form, and clicks U1's
	// check-in button.
	s.refusal("U2", forgedView("decide_keep", fmt.Sprintf(
		`{"team":%q,"channel":"C1","number":1,"dm_channel":"DU2","dm_ts":%q}`, team, dmTS)))
	opened := len(srv.Calls("views.open"))
	respURL := srv.ResponseURL()
	click := learnClick("U2", "DU2", "1")
	click["actions"] = []any{map[string]any{"type": "button", "action_id": "checkin_keep", "block_id": "checkin:1:actions",
		"value": "1", "action_ts": "1700000001.000300"}}
	click["response_url"] = respURL
	s.interact(click)
	mustContain(t, replyText(t, s.responsePost(ctxT(t), respURL)), "someone else's check-in", "Nothing changed")
	if n := len(srv.Calls("views.open")); n != opened {
		t.Errorf("U2's click on U1's check-in button opened a modal")
	}
	if got := s.slash("C1", "U1", "show #1"); strings.Contains(got, "Decided") || strings.Contains(got, "hacked") {
		t.Errorf("show #1 after forged decisions:\n%s\nwant it still running", got)
	}

	// (c) U2 creates an experiment in C3, where no one opened a form, and
	// in C1 with U2's own new-experiment form of C2 rewritten.
	s.refusal("U2", forgedView("exp_new", fmt.Sprintf(`{"team":%q,"channel":"C3"}`, team)))
	own = s.openModal("C2", "U2", "new")
	own["private_metadata"] = strings.Replace(own["private_metadata"].(string), `"channel":"C2"`, `"channel":"C1"`, 1)
	s.refusal("U2", own)
	for _, ch := range []string{"C1", "C3"} {
		if got := s.slash(ch, "U1", "list"); strings.Contains(got, "Hacked") {
			t.Errorf("list in %s:\n%s\nwant no forged experiment", ch, got)
		}
	}
	if !strings.Contains(s.stderr.String(), "level=WARN") || strings.Contains(s.stderr.String(), "Hacked") {
		t.Errorf("log:\n%s\nwant the refusals at warn, without the forged text", s.stderr)
	}
}

// TestE2EFormOpenedBeforeARestartStillSubmits: the seal's key is the
// database's, so a restart does not expire the forms users have open.
func TestE2EFormOpenedBeforeARestartStillSubmits(t *testing.T) {
	srv := startFake(t)
	dbPath := newDB(t)
	s := startServe(t, srv, dbPath)
	s.slash("C1", "U1", "new Old title")
	view := s.openModal("C1", "U1", "edit #1")
	s.stop()

	s = startServe(t, srv, dbPath)
	if errs := fieldErrors(t, s.submitView("U1", view, map[string]string{"title": "New title"})); len(errs) > 0 {
		t.Fatalf("form opened before the restart got %v", errs)
	}
	mustContain(t, s.slash("C1", "U1", "show #1"), "New title")
}
