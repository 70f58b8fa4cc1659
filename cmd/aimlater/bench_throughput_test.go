package main

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
	"github.com/aimlater/aimlater/storage"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// benchNew is the `new` every throughput benchmark sends.
const benchNew = "new Throughput experiment metric:signups target:+20% by:2w"

// BenchmarkThroughput sends b.N commands from 50 workers at once through
// the fake Slack and reports commands/s beside the single-commit floor of
// the same disk, measured in the same run: a bare modernc.org/sqlite loop
// with one INSERT and one COMMIT (WAL, synchronous=FULL) per operation.
// It also reports the process's CPU time per command (bot and fake Slack
// together). Run it with e.g. -benchtime=3000x.
func BenchmarkThroughput(b *testing.B) {
	for _, c := range []struct{ name, text string }{
		{"new", benchNew}, {"list", "list"}, {"log", "log #1 12 steady"},
	} {
		b.Run(c.name, func(b *testing.B) {
			srv := benchServe(b)
			benchSlash(b, srv, "C1", benchNew) // #1 for log
			floor := sqliteFloor(b)
			rate, cpu := throughput(b, srv, 50, func(int) string { return "C1" }, c.text)
			reportRates(b, rate, floor, cpu)
		})
	}
}

// BenchmarkThroughputChannels compares `new` with all traffic in one
// channel and spread over 50: the cost per command must not depend on it.
func BenchmarkThroughputChannels(b *testing.B) {
	for _, c := range []struct {
		name    string
		channel func(worker int) string
	}{
		{"one-channel", func(int) string { return "C1" }},
		{"distinct-channels", func(w int) string { return fmt.Sprintf("C%d", w) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			srv := benchServe(b)
			rate, cpu := throughput(b, srv, 50, c.channel, benchNew)
			reportRates(b, rate, 0, cpu)
		})
	}
}

// BenchmarkNewHistory measures `new` one at a time in an empty channel and
// in one with 50,000 experiments and 500,000 check-ins: a command's cost
// must not grow with the channel's history.
func BenchmarkNewHistory(b *testing.B) {
	for _, n := range []int{0, 50_000} {
		b.Run(fmt.Sprintf("experiments=%d", n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "bench.db")
			if n > 0 {
				seedAt(b, path, n)
			}
			srv := benchServeAt(b, path)
			cpu0 := cpuTime()
			for b.Loop() {
				benchSlash(b, srv, "C1", benchNew)
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/cmd")
		})
	}
}

// BenchmarkAck200 sends 200 `new` at once, from 200 channels, per
// iteration and reports the p50 and p99 ack latency, beside those of a
// bare slack-go socket-mode bot that acks at once on its own fake Slack,
// measured in the same benchmark, both after a burst to warm up. Each burst
// is in 200 channels of its own, so its announcements go out at once, as
// they would in Slack, while its commands are handled: the sender's work is
// the bot's. The bare burst starts once the bot has posted them: before,
// it ran while they were being posted, in the same process, and its p99
// measured that too.
func BenchmarkAck200(b *testing.B) {
	const concurrent = 200
	bare := startBareBot(b)
	srv := benchServe(b)
	// One burst each first, not counted: the bot's first burst opens its
	// read connections and prepares their statements, and grows the
	// heap; it took twice as long as the next ones.
	burst(b, srv, 1, concurrent)
	waitPosts(b, srv, concurrent)
	burst(b, bare, 1, concurrent)
	var got, base []time.Duration
	for round := 2; b.Loop(); round++ {
		got = append(got, burst(b, srv, round, concurrent)...)
		waitPosts(b, srv, round*concurrent)
		base = append(base, burst(b, bare, round, concurrent)...)
	}
	slices.Sort(got)
	slices.Sort(base)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	b.ReportMetric(ms(percentile(got, 50)), "p50-ack-ms")
	b.ReportMetric(ms(percentile(got, 99)), "p99-ack-ms")
	b.ReportMetric(ms(percentile(base, 50)), "bare-p50-ms")
	b.ReportMetric(ms(percentile(base, 99)), "bare-p99-ms")
	b.ReportMetric(ms(percentile(got, 99))/max(ms(percentile(base, 99)), 0.001), "p99-x-bare")
}

// waitPosts waits until srv has had n chat.postMessage calls; the
// latencies measured do not include it.
func waitPosts(b *testing.B, srv *fakeslack.Server, n int) {
	deadline := time.Now().Add(e2eTimeout)
	for len(srv.Calls("chat.postMessage")) < n {
		if time.Now().After(deadline) {
			b.Fatalf("%d announcements posted after %v, want %d", len(srv.Calls("chat.postMessage")), e2eTimeout, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// burst sends n commands at once from n channels, those of round, and
// returns their ack latencies (with or without the reply).
func burst(b *testing.B, srv *fakeslack.Server, round, n int) []time.Duration {
	out := make([]time.Duration, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { out[i], _ = benchSend(b, srv, fmt.Sprintf("C%d-%d", round, i), benchNew) })
	}
	wg.Wait()
	return out
}

// throughput sends b.N commands text from workers goroutines, worker w in
// channel(w), and returns the commands per second and the process CPU time
// per command.
func throughput(b *testing.B, srv *fakeslack.Server, workers int, channel func(int) string, text string) (perSec float64, cpu time.Duration) {
	var next, late atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	cpu0, start := cpuTime(), time.Now()
	for w := range workers {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				if _, replied := benchSend(b, srv, channel(w), text); !replied {
					late.Add(1)
				}
			}
		})
	}
	wg.Wait()
	elapsed, used := time.Since(start), cpuTime()-cpu0
	b.StopTimer()
	// A reply later than the ack budget goes to the response_url; count
	// them rather than fail, so a slow build still gets its numbers.
	b.ReportMetric(float64(late.Load())*100/float64(b.N), "late-reply-%")
	return float64(b.N) / elapsed.Seconds(), used / time.Duration(b.N)
}

// reportRates reports a throughput, its ratio to the floor (when measured)
// and the CPU per command.
func reportRates(b *testing.B, rate, floor float64, cpu time.Duration) {
	b.ReportMetric(rate, "cmds/s")
	if floor > 0 {
		b.ReportMetric(floor, "floor-commits/s")
		b.ReportMetric(rate/floor, "x-floor")
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000, "cpu-ms/cmd")
}

// cpuTime is the user plus system CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// sqliteFloor measures the bare single-commit rate of the disk under b's
// temp dir: one connection, WAL, synchronous=FULL, one INSERT and one
// COMMIT per operation, for about half a second.
func sqliteFloor(b *testing.B) float64 {
	path := filepath.Join(b.TempDir(), "floor.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`); err != nil {
		b.Fatal(err)
	}
	n, start := 0, time.Now()
	for ; time.Since(start) < 500*time.Millisecond; n++ {
		tx, err := db.Begin()
		if err == nil {
			_, err = tx.Exec(`INSERT INTO t (v) VALUES (?)`, "floor")
		}
		if err == nil {
			err = tx.Commit()
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	return float64(n) / time.Since(start).Seconds()
}

// seedAt writes n experiments (and ten check-ins each) of team T1 into
// channel C1 of a new database at path.
func seedAt(b *testing.B, path string, n int) {
	db, err := storage.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	err = db.Seed(context.Background(), storage.SeedSpec{Team: "T1", Channel: "C1",
		Experiments: n, CheckIns: 10 * n, Goals: 20, Span: 730 * 24 * time.Hour, Now: time.Now(), Seed: 48})
	if err != nil {
		b.Fatal(err)
	}
}

// startBareBot starts a fake Slack and the least socket-mode bot there is:
// slack-go's client, acking every slash command at once with a text.
func startBareBot(b *testing.B) *fakeslack.Server {
	srv, err := fakeslack.Start(fakeslack.Options{AppToken: "xapp-e2e", BotToken: "xoxb-e2e", PingInterval: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	api := slack.New("xoxb-e2e", slack.OptionAppLevelToken("xapp-e2e"), slack.OptionAPIURL(srv.APIURL()))
	client := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = client.RunContext(ctx) })
	wg.Go(func() { bareAcks(ctx, client) })
	b.Cleanup(func() { cancel(); srv.Close(); wg.Wait() })
	wctx, wcancel := context.WithTimeout(context.Background(), e2eTimeout)
	defer wcancel()
	if err := srv.WaitConnected(wctx, 1); err != nil {
		b.Fatal(err)
	}
	return srv
}

// bareAcks acks every slash command client receives until ctx ends.
func bareAcks(ctx context.Context, client *socketmode.Client) {
	for {
		select {
		case evt := <-client.Events:
			if evt.Type == socketmode.EventTypeSlashCommand && evt.Request != nil {
				client.Ack(*evt.Request, map[string]any{"text": "ok " + strings.Repeat("x", 8)})
			}
		case <-ctx.Done():
			return
		}
	}
}
