package main

import (
	"database/sql"
	"encoding/json"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// resend pushes a slash command as a slash_commands envelope with the given
// envelope ID ("" for a new one) and retry attempt, the payload byte for
// byte what Slack would send again, and returns the reply: the ack's, or
// for a first delivery acked bare, the one through response_url.
func (s *serving) resend(envelopeID string, retry int, cmd fakeslack.SlashCommand) string {
	s.t.Helper()
	ctx := ctxT(s.t)
	cmd.TeamID, cmd.Command = fakeslack.TeamID, "/exp"
	payload, err := json.Marshal(slashWire{Token: "e2e-verification-token", APIAppID: fakeslack.AppID, SlashCommand: cmd})
	if err != nil {
		s.t.Fatal(err)
	}
	env := fakeslack.Envelope{ID: envelopeID, Type: fakeslack.TypeSlashCommands, Payload: payload,
		AcceptsResponsePayload: true, RetryAttempt: retry}
	if retry > 0 {
		env.RetryReason = "timeout"
	}
	id, err := s.srv.Send(ctx, env)
	if err != nil {
		s.t.Fatal(err)
	}
	ack, err := s.srv.WaitAck(ctx, id)
	switch {
	case err != nil:
		s.t.Fatalf("no ack for %q: %v\nlog:\n%s", cmd.Text, err, s.stderr)
	case len(ack.Payload) == 0 && retry == 0:
		return replyText(s.t, s.responsePost(ctx, cmd.ResponseURL))
	}
	return replyText(s.t, ack.Payload)
}

// TestE2EAFailureBetweenKeyAndEffectLosesNothing is issue 9's "a crash can
// lose a command": the effect fails after the request was seen (a trigger
// stands in for the kill), and Slack's redelivery of the same envelope must
// then run the command, not be taken for a duplicate.
func TestE2EAFailureBetweenKeyAndEffectLosesNothing(t *testing.T) {
	srv := startFake(t)
	dbPath := newDB(t)
	s := startServe(t, srv, dbPath)
	raw, err := sql.Open("sqlite", dbPath+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TRIGGER failpoint BEFORE INSERT ON experiments
		BEGIN SELECT RAISE(ABORT, 'killed mid-write'); END`); err != nil {
		t.Fatal(err)
	}
	cmd := fakeslack.SlashCommand{ChannelID: "C1", UserID: "U1", Text: "new Survives a crash",
		TriggerID: "13345224609.738474920.8088930838d88f008e0", ResponseURL: srv.ResponseURL()}
	mustContain(t, s.resend("E-crash", 0, cmd), "Sorry")

	if _, err := raw.Exec(`DROP TRIGGER failpoint`); err != nil {
		t.Fatal(err)
	}
	mustContain(t, s.resend("E-crash", 1, cmd), "Launched #1")
	if got := s.slash("C1", "U1", "list"); strings.Count(got, "Survives a crash") != 1 {
		t.Errorf("list after the redelivery:\n%s\nwant the experiment once", got)
	}
}

// TestE2ERedeliveriesAreAnsweredWithNothing checks the other side: once the
// effect is stored, neither the same envelope nor the same payload in a new
// envelope runs again, and both are acked bare.
func TestE2ERedeliveriesAreAnsweredWithNothing(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	cmd := fakeslack.SlashCommand{ChannelID: "C1", UserID: "U1", Text: "new Dedupe beta",
		TriggerID: "13345224609.738474920.8088930838d88f008e1", ResponseURL: srv.ResponseURL()}
	mustContain(t, s.resend("E-1", 0, cmd), "Launched #1")
	for _, envelope := range []string{"E-1", "E-2"} {
		if got := s.resend(envelope, 1, cmd); got != "" {
			t.Errorf("redelivery in %s answered %q, want a bare ack", envelope, got)
		}
	}
	if got := s.slash("C1", "U1", "list"); strings.Count(got, "Dedupe beta") != 1 {
		t.Errorf("list:\n%s\nwant one Dedupe beta", got)
	}
	if n := len(s.posts(1)); n != 1 {
		t.Errorf("%d announcements, want 1", n)
	}
}

// TestE2EAFormSubmittedTwiceIsStoredOnce redelivers a view_submission (the
// same view ID and hash) in a new envelope: the new-experiment form and
// the check-in "Log result" form each store once.
func TestE2EAFormSubmittedTwiceIsStoredOnce(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	view := s.openModal("C1", "U1", "new")
	form := submission("U1", view, map[string]any{"title": map[string]any{"title": typedValue("Form once")}}, nextViewID())
	for range 2 {
		if errs := fieldErrors(t, s.interact(form)); len(errs) > 0 {
			t.Fatalf("form errors %v", errs)
		}
	}
	if got := s.slash("C1", "U1", "list"); strings.Count(got, "Form once") != 1 {
		t.Fatalf("list after a redelivered form:\n%s\nwant Form once once", got)
	}

	dm := fakeslack.Call{Params: map[string]string{"channel": "DU1"}}
	logView := s.clickForModal("U1", dm, "checkin_log", "1")
	logForm := submission("U1", logView, map[string]any{"value": map[string]any{"value": typedValue("412")},
		"on_track": map[string]any{"on_track": pickedOption("yes")}}, nextViewID())
	for range 2 {
		if errs := fieldErrors(t, s.interact(logForm)); len(errs) > 0 {
			t.Fatalf("log form errors %v", errs)
		}
	}
	if got := s.slash("C1", "U1", "show #1"); strings.Count(got, "*412*") != 1 {
		t.Errorf("show #1 after a redelivered check-in:\n%s\nwant one check-in of 412", got)
	}
}

func TestE2EAWrongBotTokenExitsOneAtStart(t *testing.T) {
	srv := startFake(t)
	env := slackEnv(srv, newDB(t))
	env["SLACK_BOT_TOKEN"] = "xoxb-revoked"
	stderr := &syncBuffer{}
	code := run(ctxT(t), []string{"serve"}, envOf(env), strings.NewReader(""), &syncBuffer{}, stderr)
	if code != exitFailed {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	mustContain(t, lastLine(stderr.String()), "aimlater: SLACK_BOT_TOKEN", "invalid_auth")
	if strings.Contains(stderr.String(), "xoxb-revoked") {
		t.Error("the token reached the log")
	}
}

// TestE2EOneProcessPerDatabase starts a second serve, and a console, on
// the database a running serve holds: each exits 2 at once with one line,
// and the first goes on serving.
func TestE2EOneProcessPerDatabase(t *testing.T) {
	srv := startFake(t)
	dbPath := newDB(t)
	s := startServe(t, srv, dbPath)
	for _, args := range [][]string{{"serve"}, {"console"}} {
		stderr := &syncBuffer{}
		code := run(ctxT(t), args, envOf(slackEnv(srv, dbPath)), strings.NewReader(""), &syncBuffer{}, stderr)
		if code != exitUsage {
			t.Fatalf("second %s: exit %d, want 2; stderr:\n%s", args[0], code, stderr)
		}
		mustContain(t, stderr.String(), "AIMLATER_DB", "in use by another aimlater")
	}
	mustContain(t, s.slash("C1", "U1", "new Still serving"), "Launched #1")
	s.stop()
	// Stopped, it lets the next one in.
	s2 := startServe(t, srv, dbPath)
	mustContain(t, s2.slash("C1", "U1", "list"), "Still serving")
}

// TestE2EANewChannelIsScheduledByItsFirstExperiment: the channel's
// check-ins are in the scheduler once `new` is answered, not at the next
// one-minute rescan.
func TestE2EANewChannelIsScheduledByItsFirstExperiment(t *testing.T) {
	srv := startFake(t)
	s := startServeWith(t, srv, newDB(t), map[string]string{"AIMLATER_CHECKIN_SCHEDULE": "0 10 * * 2,4"})
	s.slash("C5", "U1", "new First in C5")
	if log := s.stderr.String(); !strings.Contains(log, "msg=scheduled team=T0FAKE channel=C5 kind=checkins") {
		t.Errorf("C5 not scheduled by its first experiment; log:\n%s", log)
	}
}

// TestE2ENotInTheChannel is issue 9's silent loss: a launch announced to a
// channel the bot is not in. A public one is joined and gets the post; in
// a private one the person who launched hears, through their command's
// response_url, where to /invite the bot.
func TestE2ENotInTheChannel(t *testing.T) {
	srv := startFake(t)
	srv.SetChannel("C8", fakeslack.ChannelPublicNotMember)
	srv.SetChannel("C9", fakeslack.ChannelPrivateNotMember)
	s := startServe(t, srv, newDB(t))

	s.slash("C8", "U1", "new Public launch")
	if _, err := srv.WaitCalls(ctxT(t), "conversations.join", 1); err != nil {
		t.Fatalf("the bot did not join C8: %v\nlog:\n%s", err, s.stderr)
	}
	// The first post was refused (not_in_channel); the one after the join lands.
	post := s.posts(2)[1]
	if post.Param("channel") != "C8" || !strings.Contains(postText(t, post), "Public launch") {
		t.Errorf("posted %q to %s, want the launch in C8", postText(t, post), post.Param("channel"))
	}

	respURL := srv.ResponseURL()
	cmd := fakeslack.SlashCommand{ChannelID: "C9", UserID: "U2", Text: "new Private launch",
		TriggerID: "13345224609.738474920.8088930838d88f008e9", ResponseURL: respURL}
	mustContain(t, s.resend("E-private", 0, cmd), "Launched #2")
	notice := replyText(t, s.responsePost(ctxT(t), respURL))
	mustContain(t, notice, "<#C9>", "/invite @aimlater")
}
