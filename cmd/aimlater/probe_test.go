package main

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestProbe(t *testing.T) {
	var unhealthy atomic.Bool
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		if unhealthy.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("socket: not connected (since 12:00:01)\ndatabase: write failed\n"))
			return
		}
		w.Write([]byte("ok\n"))
	}))
	defer ts.Close()
	env := map[string]string{"AIMLATER_HTTP_ADDR": strings.Replace(ts.Listener.Addr().String(), "127.0.0.1", "0.0.0.0", 1)}

	if code, stdout, stderr := runCLI(t, env, "probe"); code != exitOK || !strings.Contains(stdout, "healthy: "+ts.URL+"/healthz") {
		t.Errorf("probe via AIMLATER_HTTP_ADDR: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	unhealthy.Store(true)
	code, _, stderr := runCLI(t, nil, "probe", ts.URL+"/healthz")
	if want := "unhealthy: 503 socket: not connected (since 12:00:01); database: write failed"; code != exitFailed || !strings.Contains(stderr, want) {
		t.Errorf("unhealthy: exit %d, stderr %q; want 1 and %q", code, stderr, want)
	}
	if code, _, stderr := runCLI(t, nil, "probe", ts.URL+"/nope"); code != exitFailed || !strings.Contains(stderr, "404") {
		t.Errorf("404: exit %d, stderr %q; want 1", code, stderr)
	}
}

func TestProbeNothingListening(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	if code, _, stderr := runCLI(t, map[string]string{"AIMLATER_HTTP_ADDR": addr}, "probe"); code != exitFailed || !strings.Contains(stderr, "refused") {
		t.Errorf("exit %d, stderr %q; want 1, connection refused", code, stderr)
	}
}

func TestProbeUsage(t *testing.T) {
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, nil, "probe wants a URL or AIMLATER_HTTP_ADDR"},
		{nil, []string{"127.0.0.1:9090/healthz"}, "is not an http(s) URL"},
		{nil, []string{"http://a", "http://b"}, "at most one URL"},
		{map[string]string{"AIMLATER_HTTP_ADDR": "9090"}, nil, "AIMLATER_HTTP_ADDR: \"9090\" is not host:port"},
	} {
		code, _, stderr := runCLI(t, tt.env, append([]string{"probe"}, tt.args...)...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) {
			t.Errorf("probe %q: exit %d, stderr %q; want 2 and %q", tt.args, code, stderr, tt.want)
		}
	}
}

func TestProbeURL(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1:9090": "http://127.0.0.1:9090/healthz",
		":9090":          "http://127.0.0.1:9090/healthz",
		"0.0.0.0:9090":   "http://127.0.0.1:9090/healthz",
		"[::]:9090":      "http://[::1]:9090/healthz",
		"bot.local:80":   "http://bot.local:80/healthz",
	} {
		if got, err := probeURL(addr, nil); err != nil || got != want {
			t.Errorf("probeURL(%q) = %q, %v; want %q", addr, got, err, want)
		}
	}
}
