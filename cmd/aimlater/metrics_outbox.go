package main

import (
	"context"
	"time"

	"github.com/aimlater/aimlater/bot/outbox"
	"github.com/aimlater/aimlater/storage"
	"github.com/prometheus/client_golang/prometheus"
)

// outboxCounter is what the outbox collector reads; *storage.DB has it.
type outboxCounter interface {
	OutboxCounts(ctx context.Context) ([]storage.OutboxCount, error)
}

// outboxScrapeTimeout bounds the outbox's count at a scrape: a scrape that
// cannot read the database reports an error for these series, not a hang.
const outboxScrapeTimeout = 2 * time.Second

// outboxCollector reports the outbox's messages by kind and state at each
// scrape, read from the database: what is there, whoever queued it and
// across restarts, which counters kept in the process cannot say.
type outboxCollector struct {
	db   outboxCounter
	desc *prometheus.Desc
}

func newOutboxCollector(db outboxCounter) *outboxCollector {
	return &outboxCollector{db: db, desc: prometheus.NewDesc("aimlater_outbox_messages",
		"Outbox messages by kind and state: pending (waiting to be sent), in_flight (an attempt under way, "+
			"or interrupted and to be looked up), dead (given up, kept until pruned).",
		[]string{"kind", "state"}, nil)}
}

// Describe implements prometheus.Collector.
func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect implements prometheus.Collector. The kinds the sender knows are
// always reported, at 0 when none is there, so that an alert on them does
// not go silent when the outbox is empty.
func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), outboxScrapeTimeout)
	defer cancel()
	counts, err := c.db.OutboxCounts(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.desc, err)
		return
	}
	byKind := map[string]storage.OutboxCount{}
	for _, k := range []string{outbox.KindPost, outbox.KindUpdate, outbox.KindEphemeral, outbox.KindDM} {
		byKind[k] = storage.OutboxCount{Kind: k}
	}
	for _, n := range counts {
		byKind[n.Kind] = n
	}
	for kind, n := range byKind {
		c.gauge(ch, float64(n.Pending-n.InFlight), kind, "pending")
		c.gauge(ch, float64(n.InFlight), kind, "in_flight")
		c.gauge(ch, float64(n.Dead), kind, "dead")
	}
}

func (c *outboxCollector) gauge(ch chan<- prometheus.Metric, v float64, labels ...string) {
	ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, v, labels...)
}
