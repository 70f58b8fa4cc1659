package main

import (
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/storage"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics is the bot's Prometheus instrumentation, served on /metrics. The
// bot and storage packages know nothing of Prometheus: they call hooks
// (bot.Observer, outbox.Sender's OnAttempt, storage's OnCommit) that
// metrics implements. Each serve has a registry of its own, not the
// global one, so tests that run serve in parallel do not share series.
type metrics struct {
	reg          *prometheus.Registry
	envelopes    *prometheus.CounterVec
	ackLatency   *prometheus.HistogramVec
	handlerErrs  *prometheus.CounterVec
	sendAttempts *prometheus.CounterVec
	tickRuns     *prometheus.CounterVec
	tickSkips    *prometheus.CounterVec
	scheduleLag  *prometheus.HistogramVec
	writeTx      *prometheus.HistogramVec
	connected    prometheus.Gauge
	connects     prometheus.Counter
}

// Histogram buckets, in seconds. Acks must reach Slack within 3 s and the
// bot answers in the ack within a 2 s budget; a group commit is about a
// millisecond plus its fsync; a scheduled run is looked at within a second
// of its instant, and a catch-up after a restart is hours late.
var (
	ackBuckets     = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2, 2.5, 3, 5}
	writeTxBuckets = prometheus.ExponentialBuckets(.00025, 2, 14) // 0.25 ms to 2 s
	lagBuckets     = []float64{.1, .5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 12 * 3600}
)

// newMetrics registers the series on a new registry, with the Go
// runtime's and the process's own, and the outbox's counts read from db at
// each scrape.
func newMetrics(db outboxCounter) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		envelopes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aimlater_envelopes_total",
			Help: "Socket-mode envelopes acked, by type and outcome (answered, late, redelivery, panic)."},
			[]string{"type", "outcome"}),
		ackLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "aimlater_ack_latency_seconds",
			Help: "Time from an envelope's arrival to its ack, by type.", Buckets: ackBuckets}, []string{"type"}),
		handlerErrs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aimlater_handler_errors_total",
			Help: "Internal errors and panics that became an apology, by where (command, submission, panic)."},
			[]string{"where"}),
		sendAttempts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aimlater_send_attempts_total",
			Help: "Outbox send attempts, by message kind and result (ok, 429, 5xx, unsure, permanent)."},
			[]string{"kind", "result"}),
		tickRuns: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aimlater_tick_runs_total",
			Help: "Scheduled runs recorded, by kind (checkins, digest)."}, []string{"kind"}),
		tickSkips: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "aimlater_tick_skips_total",
			Help: "Missed scheduled runs that will never run, by kind."}, []string{"kind"}),
		scheduleLag: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "aimlater_schedule_lag_seconds",
			Help: "Time from a run's scheduled instant to its recording, by kind.", Buckets: lagBuckets}, []string{"kind"}),
		writeTx: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "aimlater_sqlite_write_transaction_seconds",
			Help:    "SQLite write transactions (group commits) from BEGIN to COMMIT, fsync included, by result (ok, error).",
			Buckets: writeTxBuckets}, []string{"result"}),
		connected: prometheus.NewGauge(prometheus.GaugeOpts{Name: "aimlater_slack_connected",
			Help: "1 while the socket-mode connection is up."}),
		connects: prometheus.NewCounter(prometheus.CounterOpts{Name: "aimlater_slack_connects_total",
			Help: "Socket-mode connections made, the first one and every reconnect."}),
	}
	m.reg.MustRegister(m.envelopes, m.ackLatency, m.handlerErrs, m.sendAttempts, m.tickRuns, m.tickSkips,
		m.scheduleLag, m.writeTx, m.connected, m.connects, newOutboxCollector(db),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

var _ bot.Observer = (*metrics)(nil)

// Envelope implements bot.Observer.
func (m *metrics) Envelope(typ, outcome string, ack time.Duration) {
	m.envelopes.WithLabelValues(typ, outcome).Inc()
	m.ackLatency.WithLabelValues(typ).Observe(ack.Seconds())
}

// HandlerError implements bot.Observer.
func (m *metrics) HandlerError(where string) { m.handlerErrs.WithLabelValues(where).Inc() }

// TickRan implements bot.Observer.
func (m *metrics) TickRan(kind string, lag time.Duration) {
	m.tickRuns.WithLabelValues(kind).Inc()
	m.scheduleLag.WithLabelValues(kind).Observe(lag.Seconds())
}

// TicksSkipped implements bot.Observer.
func (m *metrics) TicksSkipped(kind string, n int) { m.tickSkips.WithLabelValues(kind).Add(float64(n)) }

// Connection implements bot.Observer.
func (m *metrics) Connection(up bool) {
	if up {
		m.connected.Set(1)
		m.connects.Inc()
		return
	}
	m.connected.Set(0)
}

// sendAttempt is the outbox sender's OnAttempt.
func (m *metrics) sendAttempt(kind, result string) {
	m.sendAttempts.WithLabelValues(kind, result).Inc()
}

// commit is storage's OnCommit.
func (m *metrics) commit(c storage.CommitStats) {
	result := "ok"
	if c.Err != nil {
		result = "error"
	}
	m.writeTx.WithLabelValues(result).Observe(c.Took.Seconds())
}
