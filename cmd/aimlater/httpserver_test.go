package main

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestPProfOnTheOperationsListener runs serve with AIMLATER_HTTP_ADDR on a
// loopback port: /debug/pprof/ answers 200 with AIMLATER_PPROF=1 and 404
// without it, and the listener closes with the bot.
func TestPProfOnTheOperationsListener(t *testing.T) {
	for _, c := range []struct {
		pprof string
		want  int
	}{{"1", http.StatusOK}, {"0", http.StatusNotFound}} {
		t.Run("AIMLATER_PPROF="+c.pprof, func(t *testing.T) {
			srv := startFake(t)
			env := slackEnv(srv, newDB(t))
			env["AIMLATER_HTTP_ADDR"], env["AIMLATER_PPROF"] = "127.0.0.1:0", c.pprof
			stderr := &syncBuffer{}
			ctx, cancel := context.WithCancel(context.Background())
			exit := make(chan int, 1)
			go func() {
				exit <- run(ctx, []string{"serve"}, envOf(env), strings.NewReader(""), &bytes.Buffer{}, stderr)
			}()
			defer func() { cancel(); <-exit }()
			if err := srv.WaitConnected(ctxT(t), 1); err != nil {
				t.Fatalf("serve did not connect: %v\n%s", err, stderr)
			}
			addr := regexp.MustCompile(`"operations listener" addr=(\S+)`).FindStringSubmatch(stderr.String())
			if addr == nil {
				t.Fatalf("no listener address logged:\n%s", stderr)
			}
			url := "http://" + addr[1] + "/debug/pprof/"
			if got := statusOf(t, url); got != c.want {
				t.Errorf("GET /debug/pprof/ = %d, want %d", got, c.want)
			}
			cancel()
			if code := <-exit; code != exitOK {
				t.Errorf("serve exited %d\n%s", code, stderr)
			}
			exit <- exitOK
			if _, err := http.Get(url); err == nil {
				t.Error("the listener still answers after serve stopped")
			}
		})
	}
}

// statusOf GETs url and returns the status code.
func statusOf(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestHTTPConfigValidation(t *testing.T) {
	for _, c := range []struct {
		addr, pprof, want string
	}{
		{"", "0", ""},
		{"", "", ""},
		{"127.0.0.1:9090", "1", ""},
		{":0", "0", ""},
		{"", "1", "AIMLATER_PPROF: 1 needs AIMLATER_HTTP_ADDR"},
		{"127.0.0.1", "0", "AIMLATER_HTTP_ADDR:"},
		{"127.0.0.1:http", "0", "AIMLATER_HTTP_ADDR:"},
		{"127.0.0.1:70000", "0", "AIMLATER_HTTP_ADDR:"},
		{"127.0.0.1:9090", "yes", "AIMLATER_PPROF:"},
	} {
		cfg := LoadConfig(func(string) string { return "" })
		cfg.HTTPAddr, cfg.PProf = c.addr, c.pprof
		err := cfg.ValidateLocal()
		if got := ""; err != nil {
			got = err.Error()
			if c.want == "" || !strings.HasPrefix(got, c.want) {
				t.Errorf("addr %q pprof %q: %v, want %q", c.addr, c.pprof, err, c.want)
			}
		} else if c.want != "" {
			t.Errorf("addr %q pprof %q: accepted, want %q", c.addr, c.pprof, c.want)
		}
	}
}
