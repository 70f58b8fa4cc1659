package main

import (
	"database/sql"
	"path"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// TestRedeliveryInNewEnvelopeRunsOnce is issue 9 §1: Slack redelivers a
// slash command it thinks unacked (after a reconnect, say) with the
// identical payload — same trigger_id, same response_url — in an envelope
// with another envelope_id and retry_attempt 1. The bot must recognise it
// by what Slack keeps across redeliveries and run it once.
func TestRedeliveryInNewEnvelopeRunsOnce(t *testing.T) {
	srv := startFake(t)
	dbPath := newDB(t)
	s := startServe(t, srv, dbPath)

	mustContain(t, s.deliverTwice("C1", "U1", "new Dedupe alpha"), "Launched #1", "Dedupe alpha")
	list := s.slash("C1", "U1", "list")
	if n := strings.Count(list, "Dedupe alpha"); n != 1 || !strings.Contains(list, "Experiments (1)") {
		t.Errorf("list shows %q %d times, want one experiment:\n%s", "Dedupe alpha", n, list)
	}

	mustContain(t, s.deliverTwice("C1", "U1", "log #1 5 redelivered note"), "Logged on #1")
	show := s.slash("C1", "U1", "show #1")
	if n := strings.Count(show, "redelivered note"); n != 1 {
		t.Errorf("show #1 lists the check-in %d times, want 1:\n%s", n, show)
	}
	s.stop()

	experimentsStored := countRows(t, dbPath, `SELECT COUNT(*) FROM experiments WHERE title = 'Dedupe alpha'`)
	checkIns := countRows(t, dbPath, `SELECT COUNT(*) FROM check_ins WHERE note = 'redelivered note'`)
	announced := outboxCount(t, dbPath, "C1")
	if experimentsStored != 1 || checkIns != 1 || announced != 1 {
		t.Errorf("stored %d experiments, %d check-ins and queued %d announcements to C1; want 1, 1 and 1",
			experimentsStored, checkIns, announced)
	}
}

// deliverTwice sends a slash command, waits for its ack, then delivers the
// identical payload again in a new envelope with retry_attempt 1, as Slack
// does after a reconnect, and waits for that ack too. It returns the reply
// to the first delivery.
func (s *serving) deliverTwice(channel, user, text string) string {
	s.t.Helper()
	respURL := s.srv.ResponseURL() // unique, so the trigger_id built from it is too
	cmd := fakeslack.SlashCommand{ChannelID: channel, UserID: user, Text: text, ResponseURL: respURL,
		TriggerID: strings.TrimPrefix(path.Base(respURL), "R") + ".1700000000.5e1ec7ed"}
	first := s.resend("", 0, cmd)
	s.resend("", 1, cmd)
	return first
}

// countRows runs a COUNT query on a stopped bot's database.
func countRows(t *testing.T, path, query string, args ...any) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
