package main

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot"
	"github.com/aimlater/aimlater/storage"
)

// benchNow is the end of the seeded history.
var benchNow = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

// BenchmarkDigest50k measures one channel's digest at scale: 50,000
// experiments over two years (about 1,700 running, 3,000 ideas, the rest
// decided) and 500,000 check-ins. An op is what a tick or /exp digest does:
// load the facts and the week's lists, summarize, fetch the shown
// experiments, render the Block Kit and marshal the outbox payload, with
// the chart's data (the sender draws the chart at the upload: see
// BenchmarkRender in bot/chart). The
// history is seeded once, before the timer; only the benchmark builds it,
// so `go test ./...` stays fast. It reports the peak resident memory of
// the process while the digests run (Linux only), on top of B/op, and the
// CPU time of a digest.
//
//	go test -run '^$' -bench Digest50k ./cmd/aimlater
func BenchmarkDigest50k(b *testing.B) {
	db := seededDB(b)
	app := bot.NewApp(appStores(db), nil, time.UTC)
	ctx := context.Background()
	resetPeakRSS(b)
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		msgs, err := app.DigestMessages(ctx, "T1", "C1", benchNow)
		if err != nil || len(msgs) != 1 {
			b.Fatalf("DigestMessages = %d messages, %v", len(msgs), err)
		}
	}
	reportCPU(b, cpuTime()-cpu0)
	if peak, ok := peakRSS(); ok {
		b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
	}
}

// reportCPU reports the process's CPU time per op, used in the benchmark's
// loop: on a machine shared with other benchmarks it moves far less than
// the wall time, which counts the waits for a core.
func reportCPU(b *testing.B, used time.Duration) {
	b.ReportMetric(float64(used.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// seededDB returns a database in b's temp dir holding the 50k history.
func seededDB(b *testing.B) *storage.DB {
	b.Helper()
	db, err := storage.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	start := time.Now()
	err = db.Seed(context.Background(), storage.SeedSpec{Team: "T1", Channel: "C1",
		Experiments: 50_000, CheckIns: 500_000, Goals: 20, Span: 730 * 24 * time.Hour, Now: benchNow, Seed: 48})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded 50,000 experiments and 500,000 check-ins in %s", time.Since(start).Round(time.Millisecond))
	return db
}

// resetPeakRSS returns the memory the seeding held to the OS and resets the
// kernel's high-water mark (VmHWM), so that peakRSS measures the digests
// alone.
func resetPeakRSS(b *testing.B) {
	runtime.GC()
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Logf("peak RSS not measured: %v", err)
	}
}

// peakRSS reads VmHWM, the process's peak resident set size, in bytes.
func peakRSS() (int64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10, err == nil
		}
	}
	return 0, false
}
