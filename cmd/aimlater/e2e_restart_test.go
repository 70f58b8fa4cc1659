package main

import (
	"context"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/bot/fakeslack"
	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/storage"
)

func TestE2EOutboxPendingAcrossRestart(t *testing.T) {
	srv := startFake(t)
	dbPath := newDB(t)
	s := startServe(t, srv, dbPath)
	s.slash("C1", "U1", "new Survives restarts")
	s.posts(1)
	s.stop()

	// A crash right after a commit leaves its announcement in the outbox,
	// unsent: write one as the bot does.
	db, err := storage.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	msg := experiments.OutboxMessage{Team: fakeslack.TeamID, Channel: "C9", Kind: "post",
		Payload: []byte(`{"channel":"C9","text":"left behind by a crash","blocks":[]}`)}
	if err := db.EnqueueMessages(context.Background(), msg); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s2 := startServe(t, srv, dbPath)
	posts := s2.posts(2)
	if got := posts[1]; got.Param("channel") != "C9" || got.Text() != "left behind by a crash" {
		t.Errorf("after restart posted %q to %s, want the pending message to C9", got.Text(), got.Param("channel"))
	}
	mustContain(t, s2.slash("C1", "U1", "list"), "Survives restarts")
	s2.stop()
	// Had the first announcement not been marked sent, the restarted bot
	// would have posted it again or would still have it pending.
	toC1 := 0
	for _, c := range srv.Calls("chat.postMessage") {
		if c.Param("channel") == "C1" {
			toC1++
		}
	}
	db, err = storage.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if pending, _ := db.PendingCount(context.Background()); toC1 != 1 || pending != 0 {
		t.Errorf("%d posts to C1 and %d pending after the restart, want 1 and 0: nothing repeated", toC1, pending)
	}
}

func TestE2ESlackEscapedTextIsStoredAsTyped(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	// Slack sends &, < and > escaped in a slash command's text.
	got := s.slash("C1", "U1", "new R&amp;D &lt;launch&gt; metric:a&amp;b")
	mustContain(t, got, "R&amp;D &lt;launch&gt;", "a&amp;b")
	if strings.Contains(got, "&amp;amp;") || strings.Contains(got, "&amp;lt;") {
		t.Errorf("reply double-escapes: %s", got)
	}
}
