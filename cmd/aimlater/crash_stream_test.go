package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
)

// Shape and bounds of the crash test's stream of commands.
const (
	crashWorkers = 6 // goroutines sending commands concurrently
	crashBurst   = 8 // commands a worker sends before it waits for their acks
	// crashPause bounds the random pause of a worker between two bursts:
	// it keeps the stream going through the whole kill phase, at a pace the
	// outbox can announce (about one message a second per channel).
	crashPause    = 1300 * time.Millisecond
	crashChannels = 100
	crashUsers    = 6
	// maxCrashCommands caps the stream, whatever the pace of the machine.
	maxCrashCommands = 2000
	// crashSendTimeout bounds one Send (it waits for a live connection).
	crashSendTimeout = 5 * time.Second
	// crashAckWait bounds the wait for one ack; a command not acked by then
	// is simply redelivered after the next restart, as Slack would.
	crashAckWait = 5 * time.Second
	// sameEnvelopeShare is the share of redeliveries that reuse the
	// envelope_id of the last delivery (Slack's retry of an envelope it
	// thinks unacked); the others come in a new envelope, as after a
	// reconnect. Both carry the identical payload.
	sameEnvelopeShare = 0.5
)

// crashCmd is one `/exp new Crash c-NNNNN` of the stream.
type crashCmd struct {
	n        int
	title    string // "Crash c-00042": unique in the run
	channel  string
	payload  json.RawMessage // identical on every delivery: same trigger_id, same response_url
	respPath string          // path of its response_url on the fake
	envs     []string        // distinct envelope IDs it was sent in, first one first
	attempts int             // deliveries so far
}

// slashWire is a slash_commands payload as Slack sends it.
type slashWire struct {
	Token string `json:"token"`
	fakeslack.SlashCommand
	APIAppID string `json:"api_app_id"`
}

func newCrashCmd(srv *fakeslack.Server, n int) *crashCmd {
	c := &crashCmd{n: n, title: fmt.Sprintf("Crash c-%05d", n), channel: fmt.Sprintf("CCRASH%03d", n%crashChannels)}
	respURL := srv.ResponseURL()
	if u, err := url.Parse(respURL); err == nil {
		c.respPath = u.Path
	}
	c.payload, _ = json.Marshal(slashWire{ // a struct of strings always marshals
		Token: "crash-verification-token",
		SlashCommand: fakeslack.SlashCommand{
			TeamID: fakeslack.TeamID, TeamDomain: "fake", ChannelID: c.channel, ChannelName: "crash",
			UserID: fmt.Sprintf("UCRASH%d", n%crashUsers), UserName: "crasher", Command: "/exp",
			Text: "new " + c.title, ResponseURL: respURL,
			TriggerID: fmt.Sprintf("%d.1700000000.c7a5%012x", 900000+n, n),
		},
		APIAppID: fakeslack.AppID,
	})
	return c
}

// crashStream sends commands from several goroutines while the test kills
// and restarts the child; after each restart it redelivers what was not
// acked.
type crashStream struct {
	srv    *fakeslack.Server
	runner *childRunner
	rng    *rand.Rand // used by the killing goroutine only

	// gate is held for reading around each first delivery and for writing
	// while the child is killed, restarted and the unacked redelivered, so
	// every delivery clearly went to one run.
	gate    sync.RWMutex
	genCtx  context.Context    // ends when the current run is killed; guarded by gate
	killGen context.CancelFunc // guarded by gate

	mu          sync.Mutex
	cmds        []*crashCmd
	redelivered int   // redeliveries sent
	perKill     []int // redeliveries after each kill: the commands it caught in flight
	sameEnv     int   // of which reused the envelope_id
	sendErrors  int

	next    atomic.Int64
	busy    atomic.Int32 // workers amid a burst: sending it or waiting for its acks
	endOnce sync.Once
	endedAt time.Time // when the stream reached maxCrashCommands; set by endOnce
	stop    chan struct{}
	wg      sync.WaitGroup
}

func newCrashStream(srv *fakeslack.Server, runner *childRunner, seed uint64) *crashStream {
	s := &crashStream{srv: srv, runner: runner, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), stop: make(chan struct{})}
	s.genCtx, s.killGen = context.WithCancel(context.Background())
	return s
}

// start launches the sending goroutines.
func (s *crashStream) start() {
	for range crashWorkers {
		s.wg.Add(1)
		go func() { defer s.wg.Done(); s.sendLoop() }()
	}
}

// halt stops the sending goroutines and waits for them; each finishes its
// command within crashSendTimeout+crashAckWait.
func (s *crashStream) halt() {
	close(s.stop)
	s.wg.Wait()
}

func (s *crashStream) sendLoop() {
	for {
		select {
		case <-s.stop:
			return
		default:
		}
		if !s.sendBurst() {
			return
		}
		time.Sleep(rand.N(crashPause))
	}
}

// sendBurst sends up to crashBurst commands without waiting, as Slack does
// not wait for one ack before the next envelope, then waits (bounded) for
// their acks. It reports false once the stream has sent all it may.
func (s *crashStream) sendBurst() bool {
	s.busy.Add(1)
	defer s.busy.Add(-1)
	var ids []string
	var gone []context.Context
	for range crashBurst {
		n := int(s.next.Add(1))
		if n > maxCrashCommands {
			s.endOnce.Do(func() { s.endedAt = time.Now() })
			break
		}
		id, g := s.deliverFirst(newCrashCmd(s.srv, n))
		ids, gone = append(ids, id), append(gone, g)
	}
	deadline := time.Now().Add(crashAckWait)
	for i, id := range ids {
		// Acks are reconciled at the end from the fake's record; this
		// wait only paces the stream. It ends early when the run the
		// command went to is killed.
		ctx, cancel := context.WithDeadline(gone[i], deadline)
		_, _ = s.srv.WaitAck(ctx, id)
		cancel()
	}
	return len(ids) == crashBurst
}

// deliverFirst records c and sends it in its first envelope; it returns
// the envelope ID and a context that ends when the run it went to is killed.
func (s *crashStream) deliverFirst(c *crashCmd) (string, context.Context) {
	s.gate.RLock()
	defer s.gate.RUnlock()
	id := fmt.Sprintf("crash-%05d-1", c.n)
	s.record(c, id)
	s.send(c, fakeslack.Envelope{ID: id, Type: fakeslack.TypeSlashCommands, Payload: c.payload, AcceptsResponsePayload: true})
	return id, s.genCtx
}

// record notes a delivery of c in envelope id; the caller holds the gate.
func (s *crashStream) record(c *crashCmd, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.attempts == 0 {
		s.cmds = append(s.cmds, c)
	}
	if len(c.envs) == 0 || c.envs[len(c.envs)-1] != id {
		c.envs = append(c.envs, id)
	}
	c.attempts++
}

// send pushes env, bounded. A failed send leaves the command unacked: it
// is redelivered after the next restart like any other.
func (s *crashStream) send(c *crashCmd, env fakeslack.Envelope) {
	ctx, cancel := context.WithTimeout(context.Background(), crashSendTimeout)
	defer cancel()
	if _, err := s.srv.Send(ctx, env); err != nil {
		s.mu.Lock()
		s.sendErrors++
		s.mu.Unlock()
	}
}

// crashOnce kills the child with SIGKILL, restarts it on the same database,
// waits for its connection and redelivers every command not acked.
func (s *crashStream) crashOnce() error {
	s.gate.Lock()
	defer s.gate.Unlock()
	err := s.runner.kill()
	s.killGen()
	if err != nil {
		return err
	}
	if err := s.runner.start(); err != nil {
		return err
	}
	s.genCtx, s.killGen = context.WithCancel(context.Background())
	s.redeliverUnacked()
	return nil
}

// redeliverUnacked sends every command none of whose envelopes was acked
// again, with the identical payload and the next retry_attempt; the caller
// holds the gate for writing.
func (s *crashStream) redeliverUnacked() {
	acked := ackedIDs(s.srv.Acks())
	s.mu.Lock()
	var todo []*crashCmd
	for _, c := range s.cmds {
		if !c.acked(acked) {
			todo = append(todo, c)
		}
	}
	s.perKill = append(s.perKill, len(todo))
	s.mu.Unlock()
	for _, c := range todo {
		id := c.envs[len(c.envs)-1]
		same := s.rng.Float64() < sameEnvelopeShare
		if !same {
			id = fmt.Sprintf("crash-%05d-%d", c.n, c.attempts+1)
		}
		s.mu.Lock()
		s.redelivered++
		if same {
			s.sameEnv++
		}
		s.mu.Unlock()
		s.record(c, id)
		s.send(c, fakeslack.Envelope{ID: id, Type: fakeslack.TypeSlashCommands, Payload: c.payload,
			AcceptsResponsePayload: true, RetryAttempt: c.attempts - 1, RetryReason: "timeout"})
	}
}

// waitAllAcked waits, bounded by ctx, until every command's latest
// envelope is acked, and returns how many are not.
func (s *crashStream) waitAllAcked(ctx context.Context) int {
	s.mu.Lock()
	cmds := append([]*crashCmd(nil), s.cmds...)
	s.mu.Unlock()
	acked, missing := ackedIDs(s.srv.Acks()), 0
	for _, c := range cmds {
		if c.acked(acked) {
			continue
		}
		if _, err := s.srv.WaitAck(ctx, c.envs[len(c.envs)-1]); err != nil {
			missing++
		}
	}
	return missing
}

// acked reports whether any envelope of c was acked.
func (c *crashCmd) acked(acked map[string]bool) bool {
	for _, id := range c.envs {
		if acked[id] {
			return true
		}
	}
	return false
}

func ackedIDs(acks []fakeslack.Ack) map[string]bool {
	m := make(map[string]bool, len(acks))
	for _, a := range acks {
		m[a.EnvelopeID] = true
	}
	return m
}
