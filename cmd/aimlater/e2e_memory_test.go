package main

import (
	"strings"
	"testing"
)

// TestE2ETriedBeforeAndLearnings: through the fake Slack, a `new` whose
// title resembles a decided experiment's (accents and punctuation aside)
// is told what was tried before, with the verdict and learning; an idea,
// and the new-experiment form, too; another channel is not. `learnings`
// lists and searches what was learned.
func TestE2ETriedBeforeAndLearnings(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "new Podcast sponsorship metric:signups")
	s.slash("C1", "U1", "decide #1 kill Podcast audience did not convert")
	s.slash("C1", "U2", "new Café crème giveaway")
	s.slash("C1", "U2", "decide #2 keep free coffee <3 brings regulars")

	mustContain(t, s.slash("C1", "U3", `new "Podcast" sponsorship (B2B) metric:signups`),
		"Launched #3", "Tried before: #1 Podcast sponsorship — killed: Podcast audience did not convert")
	mustContain(t, s.slash("C1", "U3", "idea cafe creme*"), "Idea #4", "Tried before: #2 Café crème giveaway — kept: free coffee &lt;3 brings regulars")
	if got := s.slash("C2", "U1", "new Podcast sponsorship"); strings.Contains(got, "Tried before") {
		t.Errorf("C2 was told of C1's experiments:\n%s", got)
	}

	view := s.openModal("C1", "U1", "new")
	s.submitView("U1", view, map[string]string{"title": "Podcast guest spots"})
	var confirmation string
	for n := 1; !strings.Contains(confirmation, "Launched #6"); n++ {
		eph, err := srv.WaitCalls(ctxT(t), "chat.postEphemeral", n)
		if err != nil {
			t.Fatalf("no confirmation of the form: %v", err)
		}
		confirmation = eph[n-1].Text()
	}
	mustContain(t, confirmation, "Tried before: #1 Podcast sponsorship — killed")

	mustContain(t, s.slash("C1", "U1", "learnings"), "Learnings (2)",
		"*#2* Café crème giveaway — kept on", ">free coffee &lt;3 brings regulars", "*#1* Podcast sponsorship — killed on")
	got := s.slash("C1", "U1", "learnings podcast")
	mustContain(t, got, "Learnings (1): podcast", "Podcast audience did not convert")
	if strings.Contains(got, "#2") {
		t.Errorf("learnings podcast lists #2:\n%s", got)
	}
	mustContain(t, s.slash("C1", "U1", "learnings pizza"), "No learning in this channel mentions pizza", "/exp learn #4")
	mustContain(t, s.slash("C2", "U1", "learnings"), "No learnings in this channel yet")
}

// TestConsoleTriedBeforeAndLearnings: the console runs the same handlers:
// a `new` like a decided experiment is told so, and `learnings` searches.
func TestConsoleTriedBeforeAndLearnings(t *testing.T) {
	script := `new Podcast sponsorship
decide #1 kill Podcast audience did not convert
idea Podcast guest spots
learnings
learnings audience
`
	replies := consoleReplies(t, script)
	find := func(cmd string) string { t.Helper(); return nthReplyTo(t, replies, cmd, 0) }
	mustContain(t, find("idea Podcast guest spots"), "Idea #2", "Tried before: #1 Podcast sponsorship — killed: Podcast audience did not convert")
	mustContain(t, find("learnings"), "Learnings (1)", "#1 Podcast sponsorship — killed on", "│ Podcast audience did not convert")
	mustContain(t, find("learnings audience"), "Learnings (1): audience")
}
