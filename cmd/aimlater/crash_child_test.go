package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// Bounds of the child process's life cycle.
const (
	buildTimeout   = 3 * time.Minute // a cold cache builds modernc.org/sqlite
	connectTimeout = 15 * time.Second
	exitTimeout    = 15 * time.Second // serve drains handlers for up to 10 s
	logTail        = 16 << 10         // bytes of the children's log shown on failure
)

// buildBinary compiles ./cmd/aimlater (the package under test, so ".")
// without -race into dir and returns the binary's path: the crash test runs
// it as a child process, so it is a plain build whatever flags the test got.
func buildBinary(t testing.TB, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "aimlater")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	ctx, cancel := context.WithTimeout(context.Background(), buildTimeout)
	defer cancel()
	start := time.Now()
	cmd := exec.CommandContext(ctx, goTool(t), "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("built %s in %v", bin, time.Since(start).Round(time.Millisecond))
	return bin
}

// goTool is the go command of the toolchain running the test: `go test`
// puts its own GOROOT/bin first on the test binary's PATH.
func goTool(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("no go command on PATH to build the child: %v", err)
	}
	return p
}

// childRunner starts `aimlater serve` as a child process, one at a time, on
// one database, and collects the output of every run in one log.
type childRunner struct {
	t    testing.TB
	srv  *fakeslack.Server
	bin  string
	dir  string // working directory: an empty one, so no stray .env is read
	env  []string
	log  *syncBuffer
	runs int

	mu  sync.Mutex
	cur *child
}

// child is one run of the binary.
type child struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once Wait returned
	err  error         // Wait's error, set before done is closed
}

// newChildRunner prepares runs of bin against srv with the database at
// dbPath. Every run still alive at the end of the test is killed.
func newChildRunner(t testing.TB, srv *fakeslack.Server, bin, dbPath string) *childRunner {
	vars := slackEnv(srv, dbPath)
	vars["AIMLATER_LOG_LEVEL"] = "warn"
	env := []string{"HOME=" + os.Getenv("HOME"), "PATH=" + os.Getenv("PATH")}
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	r := &childRunner{t: t, srv: srv, bin: bin, dir: t.TempDir(), env: env, log: &syncBuffer{}}
	t.Cleanup(r.killForCleanup)
	return r
}

// start runs a new child and waits until it has connected to the fake.
func (r *childRunner) start() error {
	r.runs++
	before := r.srv.Connections()
	fmt.Fprintf(r.log, "=== run %d\n", r.runs)
	cmd := exec.Command(r.bin, "serve")
	cmd.Dir, cmd.Env = r.dir, r.env
	cmd.Stdout, cmd.Stderr = r.log, r.log // drained by exec's copying goroutines
	cmd.WaitDelay = exitTimeout
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start run %d: %w", r.runs, err)
	}
	c := &child{cmd: cmd, done: make(chan struct{})}
	go func() { c.err = cmd.Wait(); close(c.done) }()
	r.mu.Lock()
	r.cur = c
	r.mu.Unlock()

	ctx, cancel := context.WithTimeout(context.Background(), connectTimeout)
	defer cancel()
	select {
	case <-c.done:
		return fmt.Errorf("run %d exited before connecting: %v", r.runs, c.err)
	default:
	}
	if err := r.srv.WaitConnected(ctx, before+1); err != nil {
		return fmt.Errorf("run %d did not connect: %w", r.runs, err)
	}
	return nil
}

// kill sends SIGKILL to the running child and waits for it to die.
func (r *childRunner) kill() error {
	c := r.current()
	if c == nil {
		return errors.New("no child running")
	}
	if err := c.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("kill: %w", err)
	}
	return c.wait()
}

// stop sends SIGTERM to the running child and waits for a clean exit.
func (r *childRunner) stop() error {
	c := r.current()
	if c == nil {
		return errors.New("no child running")
	}
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return fmt.Errorf("sigterm: %w", err)
	}
	if err := c.wait(); err != nil {
		return err
	}
	if !c.cmd.ProcessState.Success() {
		return fmt.Errorf("exit after SIGTERM: %v, want status 0", c.err)
	}
	return nil
}

func (r *childRunner) current() *child {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.cur
}

// wait waits, bounded, for the child to end.
func (c *child) wait() error {
	select {
	case <-c.done:
		return nil
	case <-time.After(exitTimeout):
		_ = c.cmd.Process.Kill()
		return fmt.Errorf("child %d did not exit within %v", c.cmd.Process.Pid, exitTimeout)
	}
}

// killForCleanup kills a child left running by a failed test.
func (r *childRunner) killForCleanup() {
	c := r.current()
	if c == nil {
		return
	}
	select {
	case <-c.done:
	default:
		_ = c.cmd.Process.Kill()
		_ = c.wait()
	}
}

// tail is the end of the children's log, for failure messages.
func (r *childRunner) tail() string {
	s := r.log.String()
	if len(s) > logTail {
		s = "…" + s[len(s)-logTail:]
	}
	return strings.TrimSpace(s)
}
