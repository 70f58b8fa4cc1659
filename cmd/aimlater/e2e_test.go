package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// postText is what a user sees of a posted message.
func postText(t *testing.T, c fakeslack.Call) string {
	t.Helper()
	return c.Text() + "\n" + replyText(t, c.Blocks())
}

func TestE2EExperimentLifecycle(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))

	got := s.slash("C1", "U1", "new Try LinkedIn carousel ads metric:signups target:+20% by:2030-01-31")
	mustContain(t, got, "Launched #1", "Try LinkedIn carousel ads", "signups", "+20%", "2030-01-31")
	announce := s.posts(1)[0]
	if announce.Param("channel") != "C1" {
		t.Errorf("launch announced in %q, want C1", announce.Param("channel"))
	}
	mustContain(t, postText(t, announce), "<@U1> launched #1", "Try LinkedIn carousel ads")

	mustContain(t, s.slash("C1", "U2", "idea Referral bonus ice:8/6/9"), "Idea #2", "launch #2")
	mustContain(t, s.slash("C1", "U2", "list"), "#1", "#2", "running", "idea", "ICE 8/6/9")
	mustContain(t, s.slash("C1", "U2", "list ideas"), "#2")
	if got := s.slash("C1", "U2", "list ideas"); strings.Contains(got, "#1 ") {
		t.Errorf("list ideas shows the running #1:\n%s", got)
	}
	mustContain(t, s.slash("C1", "U2", "launch #2"), "Launched #2", "by *")
	mustContain(t, postText(t, s.posts(2)[1]), "launched #2")

	mustContain(t, s.slash("C1", "U1", "log #1 1,200 great first week"), "Logged on #1", "1200", "great first week")
	mustContain(t, s.slash("C1", "U1", "log #1 on-track"), "Logged on #1 *Try LinkedIn carousel ads*: on track")
	mustContain(t, s.slash("C1", "U1", "decide #1 keep carousels doubled signups"), "Decided *keep* on #1")
	mustContain(t, postText(t, s.posts(3)[2]), "decided *keep* on #1", "carousels doubled signups")
	mustContain(t, s.slash("C1", "U1", "show 1"), "#1 Try LinkedIn carousel ads", "decided: keep", "carousels doubled signups", "1200", "great first week")

	got = s.slash("C1", "U2", "decide 2 iterate referral works only for annual")
	mustContain(t, got, "Decided *iterate* on #2", "Follow-up #3")
	mustContain(t, s.slash("C1", "U2", "show #3"), "Follows up #2", "running")
	mustContain(t, s.slash("C1", "U2", "show #2"), "Follow-up: #3")
	mustContain(t, s.slash("C1", "U2", "list decided"), "#1", "#2")
}

func TestE2EGoalsAwayAndHelp(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))

	mustContain(t, s.slash("C1", "U1", "goal Double trial signups metric:signups target:+100% by:2030-03-31"), "Goal G1", "+100%")
	mustContain(t, postText(t, s.posts(1)[0]), "set goal G1")
	mustContain(t, s.slash("C1", "U1", "goals"), "G1", "no running experiment")
	mustContain(t, s.slash("C1", "U1", "new Webinar: pricing page goal:G1"), "Launched #1", "Webinar: pricing page")
	mustContain(t, s.slash("C1", "U1", "goals"), "1 running experiment")
	mustContain(t, s.slash("C1", "U1", "away 5"), "No check-in DMs until")
	mustContain(t, s.slash("C1", "U1", "away off"), "Welcome back")
	for _, text := range []string{"", "help", "HELP"} {
		got := s.slash("C1", "U1", text)
		mustContain(t, got, "/exp new &lt;title&gt;", "/exp decide", "Examples")
		if strings.Contains(got, "<title>") {
			t.Errorf("help shows a raw <title>, which Slack reads as a link")
		}
	}
}

func TestE2EBadInputStoresNothing(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	tests := []struct{ text, want string }{
		{"new Try ads target:lots", "`target:"},
		{"new Try ads by:someday", "2w"},
		{"new metric:signups", "needs a title"},
		{"new Try ads goal:G9", "no goal G9"},
		{"idea", "needs a title"},
		{"idea metric:upgrades", "An idea needs a title, e.g. `/exp idea"},
		{"goal metric:signups", "A goal needs a title, e.g. `/exp goal"},
		{"launch", "e.g."},
		{"launch #abc", "e.g."},
		{"show #99", "There is no experiment #99 here"},
		{"decide #1 maybe", "keep, kill or iterate"},
		{"log #1", "e.g."},
		{"list everything", "`running`"},
		{"away forever", "e.g."},
		{"frobnicate", "I don't know `frobnicate`"},
	}
	for _, tt := range tests {
		got := s.slash("C1", "U1", tt.text)
		if !strings.Contains(got, ":warning:") || !strings.Contains(strings.ToLower(got), strings.ToLower(tt.want)) {
			t.Errorf("%q: reply %q, want a warning containing %q", tt.text, got, tt.want)
		}
	}
	mustContain(t, s.slash("C1", "U1", "list all"), "Nothing here yet")
	if n := len(srv.Calls("chat.postMessage")); n != 0 {
		t.Errorf("bad input posted %d messages, want none", n)
	}
}

func TestE2EScopeAcrossChannels(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "new Secret test in C1")
	s.slash("C1", "U1", "goal Secret goal")

	missing := s.slash("C2", "U2", "show #2")
	for _, text := range []string{"show #1", "launch #1", "decide #1 kill", "log #1 5", "edit #1"} {
		got := s.slash("C2", "U2", text)
		if strings.ReplaceAll(got, "#1", "#2") != missing {
			t.Errorf("%q from another channel: %q, want the wording of a missing number: %q", text, got, missing)
		}
	}
	mustContain(t, s.slash("C2", "U2", "new Other goal:G1"), "There is no goal G1 here")
	mustContain(t, s.slash("DU1", "U1", "show #1"), "Secret test in C1")              // the owner, in a DM
	mustContain(t, s.slash("DU2", "U2", "show #1"), "There is no experiment #1 here") // someone else's DM
	mustContain(t, s.slash("C1", "U2", "show #1"), "Secret test in C1")
}

func TestE2EEscapesUserText(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	got := s.slash("C1", "U1", "new <!channel> & <https://evil.example|click> metric:<b>")
	mustContain(t, got, "&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;", "&lt;b&gt;")
	if strings.Contains(got, "<!channel>") {
		t.Errorf("reply echoes a raw <!channel>:\n%s", got)
	}
	post := postText(t, s.posts(1)[0])
	if strings.Contains(post, "<!channel>") || !strings.Contains(post, "&lt;!channel&gt;") {
		t.Errorf("announcement does not escape the title:\n%s", post)
	}
}

func TestE2EDuplicateEnvelopeHasNoSecondEffect(t *testing.T) {
	srv := startFake(t)
	dbPath := newDB(t)
	s := startServe(t, srv, dbPath)
	ctx := ctxT(t)
	payload, _ := json.Marshal(map[string]string{"team_id": fakeslack.TeamID, "channel_id": "C1", "user_id": "U1",
		"command": "/exp", "text": "new Once only", "trigger_id": "1.2.3", "response_url": srv.ResponseURL()})
	env := fakeslack.Envelope{ID: "env-dup-1", Type: fakeslack.TypeSlashCommands, Payload: payload, AcceptsResponsePayload: true}
	for attempt := 0; attempt < 2; attempt++ {
		env.RetryAttempt = attempt
		if attempt > 0 {
			env.RetryReason = "timeout"
		}
		if _, err := srv.Send(ctx, env); err != nil {
			t.Fatal(err)
		}
		if _, err := srv.WaitAck(ctx, env.ID); err != nil {
			t.Fatalf("attempt %d not acked: %v", attempt, err)
		}
	}
	mustContain(t, s.slash("C1", "U1", "list"), "Experiments (1)", "#1* Once only")
	s.stop()
	// Whether sent yet or not, every announcement is in the outbox.
	if n := outboxCount(t, dbPath, "C1"); n != 1 {
		t.Errorf("%d announcements queued for C1, want 1", n)
	}
}

// outboxCount counts the messages ever queued for channel, sent or not,
// in a stopped bot's database.
func outboxCount(t *testing.T, path, channel string) int {
	t.Helper()
	return countRows(t, path, `SELECT COUNT(*) FROM outbox WHERE channel = ?`, channel)
}

func TestE2EQuickRepliesRideInTheAck(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "new Ack speed")
	s.slash("C1", "U1", "list")
	for _, a := range srv.Acks() {
		if len(a.Payload) == 0 {
			t.Errorf("envelope %s acked without its reply: it missed the ack budget", a.EnvelopeID)
		}
	}
	if n := len(srv.ResponseURLPosts()); n != 0 {
		t.Errorf("%d replies went through response_url, want none", n)
	}
}

func TestE2EReconnects(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "new Before the drop")

	srv.Disconnect("refresh_requested")
	if err := srv.WaitConnected(ctxT(t), 2); err != nil {
		t.Fatalf("no reconnect after disconnect: %v", err)
	}
	mustContain(t, s.slash("C1", "U1", "list"), "Before the drop")

	srv.DropConnections()
	if err := srv.WaitConnected(ctxT(t), 3); err != nil {
		t.Fatalf("no reconnect after an abrupt close: %v", err)
	}
	mustContain(t, s.slash("C1", "U1", "new After the drop"), "Launched #2")
}

func TestE2ERateLimitedThenSent(t *testing.T) {
	if testing.Short() {
		t.Skip("measures the real wait of a Retry-After: the sender runs on the real clock")
	}
	srv := startFake(t)
	srv.FailNext("chat.postMessage", fakeslack.Failure{Status: 429, RetryAfter: time.Second}, 1)
	s := startServeRealClock(t, srv, newDB(t))
	start := time.Now()
	s.slash("C1", "U1", "new Patience")
	post := s.posts(1)[0]
	calls := srv.Calls("chat.postMessage")
	if len(calls) < 2 || !calls[0].Failed {
		t.Fatalf("want a 429 then a success, got %d calls", len(calls))
	}
	if wait := post.At.Sub(calls[0].At); wait < time.Second {
		t.Errorf("retried after %v, want at least the Retry-After of 1 s (since start %v)", wait, time.Since(start))
	}
}

func TestE2EServerErrorThenSent(t *testing.T) {
	srv := startFake(t)
	srv.FailNext("chat.postMessage", fakeslack.Failure{Status: 500}, 1)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "new Flaky network")
	mustContain(t, postText(t, s.posts(1)[0]), "Flaky network")
}

// lastLine is the last line of a log: where a fatal error is said.
func lastLine(log string) string {
	log = strings.TrimSpace(log)
	return log[strings.LastIndex(log, "\n")+1:]
}

func TestE2EAuthErrorExitsOne(t *testing.T) {
	srv := startFake(t)
	srv.RevokeAppToken()
	stderr := &syncBuffer{}
	code := run(ctxT(t), []string{"serve"}, envOf(slackEnv(srv, newDB(t))), strings.NewReader(""), &syncBuffer{}, stderr)
	if code != exitFailed {
		t.Fatalf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	mustContain(t, lastLine(stderr.String()), "aimlater: SLACK_APP_TOKEN", "invalid_auth")
	if strings.Contains(stderr.String(), "xapp-e2e") || strings.Contains(stderr.String(), "xoxb-e2e") {
		t.Error("a token reached the log")
	}
}

func TestE2EStopsOnSignalAndExitsZero(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	s.slash("C1", "U1", "new Graceful")
	if code := s.stop(); code != 0 {
		t.Errorf("exit %d after SIGTERM, want 0\n%s", code, s.stderr)
	}
}

func TestE2ENothingIsCreatedInADirectMessage(t *testing.T) {
	srv := startFake(t)
	s := startServe(t, srv, newDB(t))
	for _, text := range []string{"new Private test", "idea Private idea", "goal Private goal", "new"} {
		mustContain(t, s.slash("DU1", "U1", text), ":warning:", "live in a channel")
	}
	mustContain(t, s.slash("DU1", "U1", "list all"), "You own no experiments in any channel", "run `/exp new")
	if n := len(srv.Calls("views.open")); n != 0 {
		t.Errorf("%d modals opened from a DM, want none", n)
	}
}

// TestE2EAwayDurations sets away periods on a real database in the forms
// settings takes days in (`2w`, `10d`) and those away took before (`7`,
// `7d`), and refuses anything else with an example, storing nothing.
func TestE2EAwayDurations(t *testing.T) {
	srv := startFake(t)
	path := newDB(t)
	s := startServe(t, srv, path)
	tests := []struct {
		user, text string
		days       int
	}{
		{"U1", "away 2w", 14},
		{"U2", "away 10d", 10},
		{"U3", "away 7", 7},
		{"U4", "away 7d", 7},
		{"U5", "away 3D", 3},
		{"U6", "away  365 ", 365},
		{"U7", "away 52w", 364},
	}
	start := time.Now()
	for _, tt := range tests {
		mustContain(t, s.slash("C1", tt.user, tt.text), "No check-in DMs until")
	}
	end := time.Now()
	for _, text := range []string{"away", "away forever", "away 0", "away -3", "away 366", "away 53w", "away +7", "away 1.5", "away 2m"} {
		if got := s.slash("C1", "U9", text); !strings.Contains(got, ":warning:") || !strings.Contains(got, "e.g. `/exp away 2w`") {
			t.Errorf("%q: reply %q, want a warning with an example", text, got)
		}
	}
	s.stop()
	db := openStore(t, path)
	defer db.Close()
	for _, tt := range tests {
		until, err := db.AwayUntil(ctxT(t), fakeslack.TeamID, tt.user)
		d := time.Duration(tt.days) * 24 * time.Hour
		if err != nil || until.Before(start.Add(d).Truncate(time.Second)) || until.After(end.Add(d)) {
			t.Errorf("%q: away until %v (%v), want %d days from now", tt.text, until, err, tt.days)
		}
	}
	if until, err := db.AwayUntil(ctxT(t), fakeslack.TeamID, "U9"); err != nil || !until.IsZero() {
		t.Errorf("refused away input stored %v (%v), want nothing", until, err)
	}
}
