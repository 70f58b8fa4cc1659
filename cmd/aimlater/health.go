package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Health checking. The database check reads the writer's last commit:
// a commit that succeeded within healthFresh proves the database takes
// writes, at no cost. Only an idle bot pays for a probe write (and its
// fsync), at most one per healthFresh however often /healthz is asked,
// since the probe's commit is the fresh success of the next checks.
const (
	healthFresh   = 30 * time.Second
	healthTimeout = 3 * time.Second // a writer stuck longer is unhealthy
)

// linkState is the part of *socket.Socket health reads.
type linkState interface {
	Connected() (bool, string)
}

// writableDB is the part of *storage.DB health reads.
type writableDB interface {
	Writable(ctx context.Context, fresh time.Duration) error
}

// health answers /healthz: 200 "ok" when the socket-mode connection is up
// and the database takes writes, else 503 with one line per failed check.
type health struct {
	link atomic.Pointer[linkState] // set once the bot is wired
	db   writableDB
}

// setLink gives health the socket to watch.
func (h *health) setLink(l linkState) { h.link.Store(&l) }

// problems runs the checks and returns what failed, one sentence each.
func (h *health) problems(ctx context.Context) []string {
	var out []string
	if l := h.link.Load(); l == nil {
		out = append(out, "slack: not started")
	} else if up, why := (*l).Connected(); !up {
		out = append(out, why)
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	if err := h.db.Writable(ctx, healthFresh); err != nil {
		out = append(out, "database: "+oneLine(err.Error()))
	}
	return out
}

// ServeHTTP implements http.Handler.
func (h *health) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	problems := h.problems(r.Context())
	if len(problems) == 0 {
		fmt.Fprintln(w, "ok")
		return
	}
	w.WriteHeader(http.StatusServiceUnavailable)
	fmt.Fprintln(w, strings.Join(problems, "\n"))
}

// oneLine keeps a reason on its line, whatever an error's text holds.
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// observability is what serve's operations listener shows of the bot: its
// health and its metrics.
type observability struct {
	health  *health
	metrics *metrics
}

// observabilityDB is what observability reads from the database.
type observabilityDB interface {
	writableDB
	outboxCounter
}

func newObservability(db observabilityDB) *observability {
	return &observability{health: &health{db: db}, metrics: newMetrics(db)}
}

// routes adds /healthz and /metrics to mux.
func (o *observability) routes(mux *http.ServeMux) {
	mux.Handle("GET /healthz", o.health)
	mux.Handle("GET /metrics", promhttp.HandlerFor(o.metrics.reg, promhttp.HandlerOpts{
		// A failed outbox count leaves its series out of the scrape rather
		// than failing the whole of it.
		ErrorHandling: promhttp.ContinueOnError,
	}))
}
