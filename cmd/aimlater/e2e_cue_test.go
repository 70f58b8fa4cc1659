package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// buttonsIn lists the buttons of a message's blocks as action=value, in
// order, a section's accessory included.
func buttonsIn(t *testing.T, c fakeslack.Call) []string {
	t.Helper()
	var raw []map[string]any
	if err := json.Unmarshal(c.Blocks(), &raw); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range raw {
		els, _ := b["elements"].([]any)
		if acc, ok := b["accessory"].(map[string]any); ok {
			els = append(els, acc)
		}
		for _, el := range els {
			if m, ok := el.(map[string]any); ok && m["type"] == "button" {
				got = append(got, m["action_id"].(string)+"="+m["value"].(string))
			}
		}
	}
	return got
}

// TestE2EDecideNowAndTheLearning: 19 logged against a target of 15 by a
// teammate prompts the owner at once in a DM with the decide buttons
// first; Keep opens the form and decides. The next check-in DM flags the
// experiment marked off track, its decide buttons first, and lists the
// one decided with no learning with Write the learning, which opens the
// learning form.
func TestE2EDecideNowAndTheLearning(t *testing.T) {
	srv := startFake(t)
	dbPath := newDB(t)
	s := startServe(t, srv, dbPath)
	s.slash("C1", "U1", "new Carousel ads metric:signups target:15 by:2030-12-31")
	s.slash("C1", "U1", "new Podcast ads metric:leads target:100 by:2030-12-31")
	s.slash("C1", "U1", "new Webinar metric:leads target:100 by:2030-12-31")

	s.slash("C1", "U2", "log #1 9 signups") // below the target first: a first value past it asks instead
	mustContain(t, s.slash("C1", "U2", "log #1 19 signups"), "Logged on #1", "19 logged, past the target of 15 — decide now?",
		"I sent <@U1>, its owner, the decide buttons", "decide #1 keep|kill|iterate")
	dm := s.waitDMWith("U1", "Decide now?")
	mustContain(t, replyText(t, dm.Blocks()), "<@U2> logged on #1", "19 logged, past the target of 15 — decide now?")
	if got, want := buttonsIn(t, dm), []string{"checkin_keep=1", "checkin_kill=1", "checkin_iterate=1", "checkin_log=1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("prompt buttons %v, want %v", got, want)
	}
	view := s.clickForModal("U1", dm, "checkin_keep", "1")
	if view["callback_id"] != "decide_keep" {
		t.Fatalf("Keep opened %v, want the keep form", view["callback_id"])
	}
	if errs := s.submitActions("U1", view, map[string]map[string]any{"learning": typedValue("Carousels beat the target")}); len(errs) > 0 {
		t.Fatalf("valid decision got errors %v", errs)
	}
	mustContain(t, s.slash("C1", "U1", "show #1"), "Decided keep", "Carousels beat the target")

	s.slash("C1", "U1", "decide #2 kill")
	mustContain(t, s.slash("C1", "U1", "log #3 nobody came off-track"), "marked off track — decide now?", "I sent you the decide buttons in a DM")
	s.stop()

	s = startServeWith(t, srv, dbPath, map[string]string{"AIMLATER_CHECKIN_SCHEDULE": "@every 1s"})
	round := s.waitDMWith("U1", "Write the learning")
	mustContain(t, replyText(t, round.Blocks()), "Check-in time", "#3* Webinar", "marked off track — decide now?",
		"#2* Podcast ads", "Decided *kill* on", "with no learning yet")
	want := []string{"checkin_keep=3", "checkin_kill=3", "checkin_iterate=3", "checkin_log=3", "exp_learn=2"}
	if got := buttonsIn(t, round); !reflect.DeepEqual(got, want) {
		t.Errorf("check-in DM buttons %v, want %v (#1 has its learning)", got, want)
	}
	learn := s.clickForModal("U1", round, "exp_learn", "2")
	if learn["callback_id"] != "exp_learn" {
		t.Errorf("Write the learning opened %v, want the learning form", learn["callback_id"])
	}
	checkWireLimits(t, srv)
}

// TestE2ETargetDirection: a cost target typed without its direction asks
// once whether lower is better; `target:<50` shows as typed and cues when
// the cost comes down to it, not when it is above it.
func TestE2ETargetDirection(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "new CPA test metric:cpa target:50 by:2030-12-31")
	r := s.slash("C1", "U1", "log #1 80")
	mustContain(t, r, "Is lower better for *cpa*? `/exp edit #1 target:&lt;50`")
	if strings.Contains(r, "decide now") {
		t.Errorf("the first 80 against at least 50 cued:\n%s", r)
	}
	mustContain(t, s.slash("C1", "U1", "edit #1 target:<50"), "Saved #1", "target *&lt;50*")
	mustContain(t, s.slash("C1", "U1", "show #1"), "target *&lt;50*")
	if r := s.slash("C1", "U1", "log #1 70"); strings.Contains(r, "decide now") || strings.Contains(r, "lower better") {
		t.Errorf("70 against at most 50: %s", r)
	}
	mustContain(t, s.slash("C1", "U1", "log #1 45"), "45 logged, down to the target of at most 50 — decide now?")
	s.waitDMWith("U1", "Decide now?")
	checkWireLimits(t, srv)
}
