package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// submitView submits a modal that views.open received, with values typed
// into its fields (block ID → value; "deadline" is a date, "goal" an option
// value), as Slack's view_submission payload does, and returns the ack.
func (s *serving) submitView(user string, view map[string]any, values map[string]string) fakeslack.Ack {
	s.t.Helper()
	state := map[string]any{}
	for block, v := range values {
		var action map[string]any
		switch block {
		case "deadline":
			action = map[string]any{"type": "datepicker", "selected_date": v}
		case "goal":
			action = map[string]any{"type": "static_select", "selected_option": map[string]any{"value": v}}
		default:
			action = map[string]any{"type": "plain_text_input", "value": v}
		}
		state[block] = map[string]any{block: action}
	}
	return s.submitState(user, view, state)
}

// fieldErrors reads a response_action "errors" ack.
func fieldErrors(t *testing.T, ack fakeslack.Ack) map[string]string {
	t.Helper()
	var resp struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	if len(ack.Payload) > 0 {
		if err := json.Unmarshal(ack.Payload, &resp); err != nil {
			t.Fatalf("ack payload: %v", err)
		}
	}
	if len(resp.Errors) > 0 && resp.Action != "errors" {
		t.Errorf("response_action = %q, want errors", resp.Action)
	}
	return resp.Errors
}

func TestE2ENewExperimentModal(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "goal Double trial signups")

	view := s.openModal("C1", "U1", "new")
	if view["callback_id"] != "exp_new" || !strings.Contains(replyText(t, mustJSON(t, view)), "G1 Double trial signups") {
		t.Fatalf("modal = %v, want the new-experiment form offering goal G1", view)
	}
	call := srv.Calls("views.open")[0]
	if call.Param("trigger_id") == "" {
		t.Error("views.open without the command's trigger_id")
	}

	bad := s.submitView("U1", view, map[string]string{"title": "", "target": "lots", "deadline": "2020-01-01"})
	errs := fieldErrors(t, bad)
	for _, field := range []string{"title", "target", "deadline"} {
		if errs[field] == "" {
			t.Errorf("no error on field %q: %v", field, errs)
		}
	}
	mustContain(t, s.slash("C1", "U1", "list"), "Nothing here yet")

	ok := s.submitView("U1", view, map[string]string{"title": "Carousel <ads>", "hypothesis": "We believe that carousels lift signups",
		"metric": "signups", "target": "+20%", "deadline": "2030-12-24", "goal": goalID(t, view)})
	if errs := fieldErrors(t, ok); len(errs) > 0 {
		t.Fatalf("valid submission got errors %v", errs)
	}
	mustContain(t, s.slash("C1", "U1", "show #1"), "Carousel &lt;ads&gt;", "We believe that carousels lift signups", "+20%", "2030-12-24", "G1 Double trial signups")
	mustContain(t, postText(t, s.posts(2)[1]), "launched #1")
	eph, err := srv.WaitCalls(ctxT(t), "chat.postEphemeral", 1)
	if err != nil || eph[0].Param("user") != "U1" {
		t.Fatalf("no ephemeral confirmation to U1: %v", err)
	}
	mustContain(t, eph[0].Text(), "Launched #1")
}

func TestE2EEditModal(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "new Old title metric:clicks target:100 by:2030-01-01")

	view := s.openModal("C1", "U1", "edit #1")
	mustContain(t, replyText(t, mustJSON(t, view)), "Edit #1")
	if errs := fieldErrors(t, s.submitView("U1", view, map[string]string{"title": "New title", "target": "1,2,3"})); errs["target"] == "" {
		t.Errorf("bad target got no field error: %v", errs)
	}
	mustContain(t, s.slash("C1", "U1", "show #1"), "Old title", "clicks")

	if errs := fieldErrors(t, s.submitView("U1", view, map[string]string{"title": "New title", "metric": "signups", "target": "-10%", "deadline": "2030-01-01"})); len(errs) > 0 {
		t.Fatalf("valid edit got errors %v", errs)
	}
	mustContain(t, s.slash("C1", "U1", "show #1"), "New title", "signups", "-10%", "2030-01-01")
}

// goalID is the value of the first goal option in an experiment modal.
func goalID(t *testing.T, view map[string]any) string {
	t.Helper()
	blocks, _ := view["blocks"].([]any)
	for _, b := range blocks {
		block, _ := b.(map[string]any)
		if block["block_id"] != "goal" {
			continue
		}
		el, _ := block["element"].(map[string]any)
		opts, _ := el["options"].([]any)
		if len(opts) > 0 {
			return opts[0].(map[string]any)["value"].(string)
		}
	}
	t.Fatal("the modal offers no goal")
	return ""
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
