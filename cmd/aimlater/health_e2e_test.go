package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// opsServe is serve with its operations listener on a loopback port.
type opsServe struct {
	*serving
	base string // http://127.0.0.1:port
}

// startServeOps runs serve against srv with AIMLATER_HTTP_ADDR on a free
// loopback port, waits for its connection and finds the port in its log.
func startServeOps(t *testing.T, srv *fakeslack.Server) *opsServe {
	t.Helper()
	env := slackEnv(srv, newDB(t))
	env["AIMLATER_HTTP_ADDR"] = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{t: t, srv: srv, stderr: &syncBuffer{}, cancel: cancel, exit: make(chan int, 1)}
	go func() {
		s.exit <- run(ctx, []string{"serve"}, envOf(env), strings.NewReader(""), &bytes.Buffer{}, s.stderr)
	}()
	t.Cleanup(func() { s.stop() })
	if err := srv.WaitConnected(ctxT(t), 1); err != nil {
		t.Fatalf("serve did not connect: %v\nlog:\n%s", err, s.stderr)
	}
	addr := regexp.MustCompile(`"operations listener" addr=(\S+)`).FindStringSubmatch(s.stderr.String())
	if addr == nil {
		t.Fatalf("no listener address logged:\n%s", s.stderr)
	}
	return &opsServe{serving: s, base: "http://" + addr[1]}
}

// get GETs path and returns the status and body.
func (o *opsServe) get(path string) (int, string) {
	o.t.Helper()
	resp, err := http.Get(o.base + path)
	if err != nil {
		o.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		o.t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// healthUntil asks /healthz until it answers want with a body that
// contains has, within the e2e deadline, and returns the body. serve
// learns of a connection's state from the client's events a moment after
// the fake Slack sees it, so the test waits on the answer itself; every
// ask is a real check.
func (o *opsServe) healthUntil(want int, has string) string {
	o.t.Helper()
	deadline := time.Now().Add(e2eTimeout)
	for {
		code, body := o.get("/healthz")
		if code == want && strings.Contains(body, has) {
			return body
		}
		if time.Now().After(deadline) {
			o.t.Fatalf("/healthz stayed %d %q, want %d with %q\nlog:\n%s", code, body, want, has, o.stderr)
		}
		time.Sleep(5 * time.Millisecond) // a poll interval, not a timed assertion
	}
}

// TestHealthzFollowsTheSocket: connected → 200 "ok"; the fake Slack drops
// the socket and refuses every reconnect → 503 saying why; Slack back →
// 200 again. The log says connected (with the team and bot user from
// auth.test) and disconnected (with the reason) at info.
func TestHealthzFollowsTheSocket(t *testing.T) {
	srv := startFake(t)
	o := startServeOps(t, srv)
	if body := o.healthUntil(http.StatusOK, ""); body != "ok\n" {
		t.Errorf("healthy body = %q, want \"ok\\n\"", body)
	}
	srv.FailNext("apps.connections.open", fakeslack.Failure{Status: http.StatusServiceUnavailable}, 1000)
	srv.DropConnections()
	o.healthUntil(http.StatusServiceUnavailable, "slack: ")
	// Then the refused reconnects say why, with Slack's answer.
	body := o.healthUntil(http.StatusServiceUnavailable, "slack: cannot connect: ")
	mustContain(t, body, "503", "attempt")
	if strings.Contains(body, "database") {
		t.Errorf("database reported unhealthy with the socket down:\n%s", body)
	}

	srv.ClearFailures("apps.connections.open")
	o.healthUntil(http.StatusOK, "ok")
	log := o.stderr.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`level=INFO msg="connected to Slack" team=Fake bot_user=` + fakeslack.BotUserID + ` connection=1`),
		regexp.MustCompile(`level=INFO msg=disconnected reason=`),
		regexp.MustCompile(`level=INFO msg="connected to Slack" team=Fake bot_user=` + fakeslack.BotUserID + ` connection=2`),
	} {
		if !want.MatchString(log) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
}

// TestMetricsMoveWithCommands scrapes /metrics before and after an
// `/exp new` and checks the deltas: one slash-command envelope answered,
// its ack timed, write transactions committed, and its announcement sent.
func TestMetricsMoveWithCommands(t *testing.T) {
	srv := startFake(t)
	o := startServeOps(t, srv)
	before := o.scrape()
	for _, name := range []string{"aimlater_outbox_messages", "aimlater_slack_connected", "go_goroutines"} {
		if !before.has(name) {
			t.Errorf("no %s series before any command", name)
		}
	}
	if got := before.value(`aimlater_slack_connected`); got != 1 {
		t.Errorf("aimlater_slack_connected = %v, want 1", got)
	}
	mustContain(t, o.slash("C1", "U1", "new Try LinkedIn carousel ads metric:signups target:+20% by:2w"), "LinkedIn")
	o.posts(1) // the announcement
	after := o.scrapeUntil(func(m scrape) bool {
		return m.value(`aimlater_send_attempts_total{kind="post",result="ok"}`) >= 1
	})
	for _, c := range []struct {
		series string
		min    float64
	}{
		{`aimlater_envelopes_total{outcome="answered",type="slash_commands"}`, 1},
		{`aimlater_ack_latency_seconds_count{type="slash_commands"}`, 1},
		{`aimlater_sqlite_write_transaction_seconds_count{result="ok"}`, 1},
		{`aimlater_send_attempts_total{kind="post",result="ok"}`, 1},
	} {
		if d := after.value(c.series) - before.value(c.series); d < c.min {
			t.Errorf("%s moved by %v, want at least %v", c.series, d, c.min)
		}
	}
	if d := after.value(`aimlater_handler_errors_total{where="command"}`) - before.value(`aimlater_handler_errors_total{where="command"}`); d != 0 {
		t.Errorf("handler errors moved by %v on a good command", d)
	}
}

// scrape is one /metrics answer: series (name with its labels, as the text
// format prints them) to value.
type scrape map[string]float64

func (m scrape) value(series string) float64 { return m[series] }

// has reports whether any series of the metric name is there.
func (m scrape) has(name string) bool {
	for s := range m {
		if s == name || strings.HasPrefix(s, name+"{") {
			return true
		}
	}
	return false
}

// scrape GETs /metrics and parses its text format: comment lines skipped,
// each other line a series and its value.
func (o *opsServe) scrape() scrape {
	o.t.Helper()
	code, body := o.get("/metrics")
	if code != http.StatusOK {
		o.t.Fatalf("/metrics = %d\n%s", code, body)
	}
	out := scrape{}
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if i < 0 || err != nil {
			o.t.Fatalf("bad metrics line %q", line)
		}
		out[line[:i]] = v
	}
	return out
}

// scrapeUntil scrapes until ok holds, within the e2e deadline: the
// sender's counters move a moment after the fake Slack saw the post.
func (o *opsServe) scrapeUntil(ok func(scrape) bool) scrape {
	o.t.Helper()
	deadline := time.Now().Add(e2eTimeout)
	for {
		m := o.scrape()
		if ok(m) {
			return m
		}
		if time.Now().After(deadline) {
			o.t.Fatalf("metrics never reached the condition\nlog:\n%s", o.stderr)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
