package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// Slack's Block Kit limits, checked on what actually goes over the wire.
const (
	limitMessageBlocks = 50
	limitModalBlocks   = 100
	limitSectionText   = 3000
	limitHeaderText    = 150
	limitButtonText    = 75
	limitActionID      = 255
	limitAckBytes      = 20 * 1024
)

// blockLimitErrors returns every way blocks break Slack's limits; max is the
// block count allowed (a message or a modal).
func blockLimitErrors(blocks []map[string]any, max int) []string {
	var errs []string
	if len(blocks) > max {
		errs = append(errs, fmt.Sprintf("%d blocks, limit %d", len(blocks), max))
	}
	for i, b := range blocks {
		switch b["type"] {
		case "section":
			errs = append(errs, textLimit(b["text"], limitSectionText, fmt.Sprintf("block %d section text", i))...)
			if fields, _ := b["fields"].([]any); len(fields) > 10 {
				errs = append(errs, fmt.Sprintf("block %d has %d fields, limit 10", i, len(fields)))
			}
		case "header":
			errs = append(errs, textLimit(b["text"], limitHeaderText, fmt.Sprintf("block %d header", i))...)
		case "actions":
			els, _ := b["elements"].([]any)
			for _, e := range els {
				el, _ := e.(map[string]any)
				errs = append(errs, textLimit(el["text"], limitButtonText, fmt.Sprintf("block %d button", i))...)
				if id, _ := el["action_id"].(string); len(id) > limitActionID {
					errs = append(errs, fmt.Sprintf("block %d action_id of %d chars", i, len(id)))
				}
			}
		}
	}
	return errs
}

// textLimit checks a text object's length.
func textLimit(obj any, max int, where string) []string {
	m, _ := obj.(map[string]any)
	s, _ := m["text"].(string)
	if n := utf8.RuneCountInString(s); n > max {
		return []string{fmt.Sprintf("%s is %d chars, limit %d", where, n, max)}
	}
	return nil
}

// checkWireLimits checks every ack payload, post and modal the fake Slack
// received against Slack's limits, and that it saw at least one of each
// kind listed in wantKinds.
func checkWireLimits(t *testing.T, srv *fakeslack.Server) {
	t.Helper()
	for _, a := range srv.Acks() {
		if len(a.Payload) > limitAckBytes {
			t.Errorf("ack %s payload is %d bytes, limit %d", a.EnvelopeID, len(a.Payload), limitAckBytes)
		}
		var msg struct {
			Blocks []map[string]any `json:"blocks"`
		}
		_ = json.Unmarshal(a.Payload, &msg)
		reportLimits(t, "ack "+a.EnvelopeID, blockLimitErrors(msg.Blocks, limitMessageBlocks))
	}
	for _, method := range []string{"chat.postMessage", "chat.postEphemeral", "chat.update"} {
		for _, c := range srv.Calls(method) {
			var blocks []map[string]any
			if raw := c.Blocks(); raw != nil {
				if err := json.Unmarshal(raw, &blocks); err != nil {
					t.Errorf("%s blocks are not JSON: %v", method, err)
				}
			}
			reportLimits(t, method, blockLimitErrors(blocks, limitMessageBlocks))
		}
	}
	for _, c := range srv.Calls("views.open") {
		var view struct {
			Blocks []map[string]any `json:"blocks"`
		}
		if err := json.Unmarshal([]byte(c.Param("view")), &view); err != nil {
			t.Errorf("views.open view is not JSON: %v", err)
		}
		reportLimits(t, "views.open", blockLimitErrors(view.Blocks, limitModalBlocks))
	}
}

func reportLimits(t *testing.T, where string, errs []string) {
	t.Helper()
	if len(errs) > 0 {
		t.Errorf("%s breaks Slack's limits:\n%s", where, strings.Join(errs, "\n"))
	}
}

func TestBlockLimitCheckerCatchesViolations(t *testing.T) {
	long := strings.Repeat("x", 3001)
	blocks := []map[string]any{{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": long}}}
	if errs := blockLimitErrors(blocks, 50); len(errs) != 1 {
		t.Errorf("a 3001-char section: %v, want one error", errs)
	}
	if errs := blockLimitErrors(make([]map[string]any, 51), 50); len(errs) != 1 {
		t.Errorf("51 blocks: %v, want one error", errs)
	}
}

func TestE2EEveryRenderedMessageWithinLimits(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	long := strings.Repeat("&<>ü", 50) // 200 runes that triple when escaped
	s.slash("C1", "U1", "goal "+long+" metric:"+strings.Repeat("m", 80)+" target:1,000,000")
	for i := 0; i < 45; i++ {
		s.slash("C1", "U1", fmt.Sprintf("new %s metric:%s target:+20%% goal:G1", long, strings.Repeat("&", 80)))
	}
	for i := 0; i < 15; i++ {
		s.slash("C1", "U1", "idea "+long+" ice:9/9/9")
	}
	for i := 0; i < 12; i++ {
		s.slash("C1", "U1", "log #1 42 "+strings.Repeat("<note> ", 400))
	}
	// Channel C2 gets its own announcements, so they need not queue behind
	// C1's 46 at Slack's pace of one a second.
	s.slash("C2", "U2", "new "+long)
	s.slash("C2", "U2", "decide #61 iterate "+strings.Repeat("& learned ", 199)) // learnings are capped at 2,000
	for _, text := range []string{"list", "list all", "list ideas", "show #1", "show #61", "show #62", "goals", "help", "bogus " + long} {
		s.slash("C1", "U1", text)
	}
	s.openModal("C1", "U1", "new")
	s.openModal("C1", "U1", "edit #1")
	waitPostsIn(t, s, "C2", 3) // launch, decision, follow-up
	checkWireLimits(t, srv)
	mustContain(t, s.slash("C1", "U1", "list"), "… and 20 more")
}

// waitPostsIn waits until n messages were posted to channel.
func waitPostsIn(t *testing.T, s *serving, channel string, n int) {
	t.Helper()
	for total := 1; ; total++ {
		got := 0
		for _, c := range s.posts(total) {
			if c.Param("channel") == channel {
				got++
			}
		}
		if got >= n {
			return
		}
	}
}
