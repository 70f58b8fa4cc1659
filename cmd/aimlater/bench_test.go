package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// benchServe starts a fake Slack and serve against it for a benchmark.
func benchServe(b *testing.B) *fakeslack.Server {
	b.Helper()
	return benchServeAt(b, filepath.Join(b.TempDir(), "bench.db"))
}

// benchServeAt is benchServe on the database at dbPath.
func benchServeAt(b *testing.B, dbPath string) *fakeslack.Server {
	b.Helper()
	srv, err := fakeslack.Start(fakeslack.Options{AppToken: "xapp-e2e", BotToken: "xoxb-e2e", PingInterval: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	env := slackEnv(srv, dbPath)
	env["AIMLATER_LOG_LEVEL"] = "error"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, envOf(env), strings.NewReader(""), &bytes.Buffer{}, &bytes.Buffer{})
	}()
	b.Cleanup(func() { cancel(); <-done; srv.Close() })
	wctx, wcancel := context.WithTimeout(context.Background(), e2eTimeout)
	defer wcancel()
	if err := srv.WaitConnected(wctx, 1); err != nil {
		b.Fatal(err)
	}
	return srv
}

// benchSlash sends one command and returns how long its ack took.
func benchSlash(b *testing.B, srv *fakeslack.Server, channel, text string) time.Duration {
	d, replied := benchSend(b, srv, channel, text)
	if !replied {
		b.Fatalf("%q acked without its reply", text)
	}
	return d
}

// benchSend sends one command and returns how long its ack took and
// whether the reply came in it (not later, past the ack budget).
func benchSend(b *testing.B, srv *fakeslack.Server, channel, text string) (time.Duration, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), e2eTimeout)
	defer cancel()
	id, err := srv.SendSlashCommand(ctx, fakeslack.SlashCommand{ChannelID: channel, UserID: "U1", Command: "/exp", Text: text, ResponseURL: "http://127.0.0.1:1/unused"})
	if err != nil {
		b.Fatal(err)
	}
	ack, err := srv.WaitAck(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	return ack.Latency, len(ack.Payload) > 0
}

// BenchmarkSlashAck measures one slash command, envelope in → ack out with
// the reply, through the fake Slack's websocket: `new` writes an experiment
// and its announcement, `list` reads. Every envelope also writes the
// idempotency ledger.
func BenchmarkSlashAck(b *testing.B) {
	for _, text := range []string{"new Benchmark experiment metric:signups target:+20% by:2w", "list"} {
		b.Run(strings.Fields(text)[0], func(b *testing.B) {
			srv := benchServe(b)
			b.ReportAllocs()
			for b.Loop() {
				benchSlash(b, srv, "C1", text)
			}
		})
	}
}

// BenchmarkSlashAckConcurrent sends 100 commands at once from 100 channels
// per iteration and reports the p50 and p99 ack latency over all of them.
func BenchmarkSlashAckConcurrent(b *testing.B) {
	const concurrent = 100
	srv := benchServe(b)
	var mu sync.Mutex
	var latencies []time.Duration
	b.ReportAllocs()
	for b.Loop() {
		var wg sync.WaitGroup
		for i := 0; i < concurrent; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := benchSlash(b, srv, fmt.Sprintf("C%d", i), "new Concurrent experiment metric:signups")
				mu.Lock()
				latencies = append(latencies, d)
				mu.Unlock()
			}()
		}
		wg.Wait()
	}
	slices.Sort(latencies)
	b.ReportMetric(float64(percentile(latencies, 50).Microseconds())/1000, "p50-ack-ms")
	b.ReportMetric(float64(percentile(latencies, 99).Microseconds())/1000, "p99-ack-ms")
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (len(sorted)*p + 99) / 100
	return sorted[max(i-1, 0)]
}
