package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// probeHint is the usage of `aimlater probe`.
const probeHint = "aimlater probe [URL]"

// probeTimeout bounds a probe: a health check that hangs is a failed one.
const probeTimeout = 5 * time.Second

// cmdProbe asks serve's /healthz whether the bot is healthy and exits 0 if
// it answers 200, 1 otherwise, with the reason on stderr. It is the
// container's HEALTHCHECK: a distroless image has no curl or wget, and the
// binary is already there.
func cmdProbe(ctx context.Context, env *environment, args []string) error {
	if len(args) > 1 {
		return usagef("probe wants at most one URL: %s", "aimlater probe http://127.0.0.1:9090/healthz")
	}
	url, err := probeURL(env.cfg.HTTPAddr, args)
	if err != nil {
		return err
	}
	status, body, err := getHealth(ctx, url)
	if err != nil {
		return fmt.Errorf("probe %s: %w", url, err)
	}
	if status != http.StatusOK {
		return fmt.Errorf("probe %s: unhealthy: %d %s", url, status, body)
	}
	fmt.Fprintf(env.stdout, "healthy: %s\n", url)
	return nil
}

// probeURL is the URL given, or /healthz on AIMLATER_HTTP_ADDR, where a
// listener on every interface (":9090", "0.0.0.0:9090") is asked on
// loopback.
func probeURL(httpAddr string, args []string) (string, error) {
	if len(args) == 1 {
		if !strings.HasPrefix(args[0], "http://") && !strings.HasPrefix(args[0], "https://") {
			return "", usagef("probe: %q is not an http(s) URL (e.g. http://127.0.0.1:9090/healthz)", args[0])
		}
		return args[0], nil
	}
	if httpAddr == "" {
		return "", usagef("probe wants a URL or AIMLATER_HTTP_ADDR (e.g. 127.0.0.1:9090) to find serve's /healthz")
	}
	host, port, err := net.SplitHostPort(httpAddr)
	if err != nil {
		return "", usagef("AIMLATER_HTTP_ADDR: %q is not host:port (want e.g. 127.0.0.1:9090)", httpAddr)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}

// getHealth GETs url and returns its status and its body's lines joined
// with "; ": /healthz names each failed check on a line.
func getHealth(ctx context.Context, url string) (int, string, error) {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if errors.Is(err, context.DeadlineExceeded) {
		return 0, "", fmt.Errorf("no answer within %s", probeTimeout)
	}
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	var lines []string
	for _, l := range strings.Split(string(body), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return resp.StatusCode, strings.Join(lines, "; "), nil
}
