package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// clockTicks is the kernel's USER_HZ, the unit of /proc/<pid>/stat's CPU
// times: 100 on every Linux Go supports.
const clockTicks = 100

// BenchmarkThroughputBot is BenchmarkThroughput with the bot in a process
// of its own: the built binary runs `aimlater serve` as a child (as the
// crash test does) against the fake Slack in this process. Beside
// commands/s it reports the CPU per command of the bot alone
// (bot-cpu-ms/cmd, the child's utime+stime from /proc/<pid>/stat) and of
// everything together (cpu-ms/cmd: the child's plus this process's, which
// holds the fake Slack and the load generator), so the bot's share is no
// longer guessed. Linux only.
func BenchmarkThroughputBot(b *testing.B) {
	if _, err := procCPU(os.Getpid()); err != nil {
		b.Skipf("no /proc CPU times: %v", err)
	}
	bin := buildBinary(b, b.TempDir())
	for _, c := range []struct{ name, text string }{
		{"new", benchNew}, {"list", "list"}, {"log", "log #1 12 steady"},
	} {
		b.Run(c.name, func(b *testing.B) {
			srv, pid := benchServeChild(b, bin)
			benchSlash(b, srv, "C1", benchNew) // #1 for log
			bot0, err := procCPU(pid)
			if err != nil {
				b.Fatal(err)
			}
			rate, self := throughput(b, srv, 50, func(int) string { return "C1" }, c.text)
			bot1, err := procCPU(pid)
			if err != nil {
				b.Fatal(err)
			}
			bot := (bot1 - bot0) / time.Duration(b.N)
			reportRates(b, rate, 0, self+bot)
			b.ReportMetric(float64(bot.Microseconds())/1000, "bot-cpu-ms/cmd")
		})
	}
}

// benchServeChild starts a fake Slack in this process and the binary bin
// serving against it in a child, and returns the fake and the child's pid.
func benchServeChild(b *testing.B, bin string) (*fakeslack.Server, int) {
	b.Helper()
	srv, err := fakeslack.Start(fakeslack.Options{AppToken: "xapp-e2e", BotToken: "xoxb-e2e", PingInterval: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(srv.Close) // after the runner's cleanup below
	r := newChildRunner(b, srv, bin, filepath.Join(b.TempDir(), "bench.db"))
	r.env = append(r.env, "AIMLATER_LOG_LEVEL=error") // as benchServe; the last one wins
	if err := r.start(); err != nil {
		b.Fatalf("%v\nlog:\n%s", err, r.tail())
	}
	b.Cleanup(func() {
		if err := r.stop(); err != nil {
			b.Errorf("stop the bot: %v\nlog:\n%s", err, r.tail())
		}
	})
	return srv, r.current().cmd.Process.Pid
}

// procCPU is the user plus system CPU time of process pid so far, from
// /proc/<pid>/stat (fields 14 and 15, in clock ticks).
func procCPU(pid int) (time.Duration, error) {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name, field 2, is in parentheses and may hold spaces.
	i := strings.LastIndexByte(string(raw), ')')
	if i < 0 {
		return 0, errors.New("malformed /proc stat")
	}
	f := strings.Fields(string(raw[i+1:])) // f[0] is field 3
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	var ticks int64
	for _, s := range f[11:13] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}
