package schedule

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/internal/testkit"
)

// ledgerFake is a Store in memory: channels, settings and a tick
// ledger that, like the real one, records each (channel, kind, instant)
// once.
type ledgerFake struct {
	mu       sync.Mutex
	channels []experiments.ChannelSettings
	ticks    map[entryKey][]time.Time
	queued   []experiments.OutboxMessage
}

func newLedgerFake(channels ...experiments.ChannelSettings) *ledgerFake {
	return &ledgerFake{channels: channels, ticks: map[entryKey][]time.Time{}}
}

func (f *ledgerFake) ListChannels(context.Context) ([]experiments.ChannelSettings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]experiments.ChannelSettings(nil), f.channels...), nil
}

func (f *ledgerFake) ChannelSettings(_ context.Context, team, channel string) (experiments.ChannelSettings, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ch := range f.channels {
		if ch.Team == team && ch.Channel == channel {
			return ch, nil
		}
	}
	return experiments.DefaultChannelSettings(team, channel), nil
}

func (f *ledgerFake) LastTick(_ context.Context, team, channel, kind string) (time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var last time.Time
	for _, t := range f.ticks[entryKey{team, channel, kind}] {
		if t.After(last) {
			last = t
		}
	}
	return last, nil
}

func (f *ledgerFake) RecordTick(_ context.Context, team, channel, kind string, at time.Time, msgs []experiments.OutboxMessage) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k := entryKey{team, channel, kind}
	for _, t := range f.ticks[k] {
		if t.Equal(at) {
			return false, nil
		}
	}
	f.ticks[k] = append(f.ticks[k], at)
	f.queued = append(f.queued, msgs...)
	return true, nil
}

// recorded returns the ticks recorded for channel C1's check-ins.
func (f *ledgerFake) recorded() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.ticks[entryKey{"T1", "C1", KindCheckIns}]...)
}

func (f *ledgerFake) setChannel(ch experiments.ChannelSettings) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.channels {
		if f.channels[i].Channel == ch.Channel {
			f.channels[i] = ch
			return
		}
	}
	f.channels = append(f.channels, ch)
}

// jobRecorder is a Job that records its ticks and returns one message
// each, or err.
type jobRecorder struct {
	mu    sync.Mutex
	ticks []Tick
	err   error
}

func (j *jobRecorder) job(_ context.Context, t Tick) ([]experiments.OutboxMessage, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.err != nil {
		return nil, j.err
	}
	j.ticks = append(j.ticks, t)
	return []experiments.OutboxMessage{{Team: t.Channel.Team, Channel: t.Channel.Channel, Kind: "post"}}, nil
}

func (j *jobRecorder) count() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.ticks)
}

// clock is a pinned clock that tests set or move by hand.
type clock = testkit.Clock

// newTestScheduler is a scheduler over store with a check-in job and a
// clock pinned at now; its log goes to the returned buffer.
func newTestScheduler(store Store, now time.Time, defaults Defaults) (*Scheduler, *jobRecorder, *clock, *bytes.Buffer) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&lockedBuffer{b: &buf}, nil))
	s := New(store, log, defaults, time.UTC)
	c := testkit.NewClock(now)
	s.Now = c.Now
	j := &jobRecorder{}
	s.Register(KindCheckIns, j.job)
	return s, j, c, &buf
}

// lockedBuffer serialises writes to a bytes.Buffer.
type lockedBuffer struct {
	mu sync.Mutex
	b  *bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func romeChannel(spec string) experiments.ChannelSettings {
	ch := experiments.DefaultChannelSettings("T1", "C1")
	ch.CheckInSchedule, ch.TimeZone = spec, "Europe/Rome"
	return ch
}

func TestSchedulerRunsEachTickOnceAcrossRestarts(t *testing.T) {
	ctx := context.Background()
	store := newLedgerFake(romeChannel("0 10 * * *")) // 08:00Z in summer
	defaults := Defaults{CheckIns: "0 10 * * 2,4"}

	first, job, _, _ := newTestScheduler(store, utc("2026-06-02T08:00:03Z"), defaults)
	for range 2 {
		if err := first.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if got := store.recorded(); len(got) != 1 || !got[0].Equal(utc("2026-06-02T08:00:00Z")) {
		t.Fatalf("recorded %v, want the 10:00 Rome tick once", got)
	}
	if job.count() != 1 || len(store.queued) != 1 {
		t.Errorf("job ran %d times and queued %d messages, want 1 and 1", job.count(), len(store.queued))
	}

	// A restart: a new scheduler over the same ledger, at the same time.
	second, job2, clk, logs := newTestScheduler(store, utc("2026-06-02T08:00:09Z"), defaults)
	if err := second.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	if job2.count() != 0 || len(store.recorded()) != 1 {
		t.Errorf("after a restart the tick ran again (%d runs, %d recorded), want no repeat", job2.count(), len(store.recorded()))
	}

	// Down for two days and a bit: one catch-up, the latest, within 12 h.
	clk.Set(utc("2026-06-04T09:30:00Z"))
	if err := second.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	got := store.recorded()
	if len(got) != 2 || !got[1].Equal(utc("2026-06-04T08:00:00Z")) {
		t.Fatalf("recorded %v, want one catch-up at 2026-06-04T08:00Z", got)
	}
	if tk := job2.ticks[0]; !tk.Now.Equal(clk.Now()) || tk.Loc.String() != "Europe/Rome" {
		t.Errorf("catch-up tick = %+v, want Now = the restart time and the channel's zone", tk)
	}
	if !strings.Contains(logs.String(), "missed ticks older than the catch-up window skipped") {
		t.Errorf("the expired 06-03 tick was not logged as skipped:\n%s", logs)
	}
}

func TestSchedulerSkipsTicksOlderThanTheWindow(t *testing.T) {
	store := newLedgerFake(romeChannel("0 10 * * *"))
	store.ticks[entryKey{"T1", "C1", KindCheckIns}] = []time.Time{utc("2026-06-01T08:00:00Z")}
	s, job, _, logs := newTestScheduler(store, utc("2026-06-02T21:00:00Z"), Defaults{})
	if err := s.RunDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	if job.count() != 0 {
		t.Errorf("a tick 13 h old ran; want it skipped")
	}
	if !strings.Contains(logs.String(), "first=2026-06-02T08:00:00") {
		t.Errorf("log does not name the skipped tick:\n%s", logs)
	}
}

func TestSchedulerFollowsSettings(t *testing.T) {
	ctx := context.Background()
	off := romeChannel("off")
	dflt := experiments.DefaultChannelSettings("T1", "C2") // no own schedule
	bad := romeChannel("every tuesday")
	bad.Channel = "C3"
	store := newLedgerFake(off, dflt, bad)
	s, _, _, logs := newTestScheduler(store, utc("2026-06-02T08:00:00Z"), Defaults{CheckIns: "0 9 * * *"})
	if err := s.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.entries[entryKey{"T1", "C1", KindCheckIns}]; ok {
		t.Error("a channel with check-ins off is scheduled")
	}
	if e, ok := s.entries[entryKey{"T1", "C2", KindCheckIns}]; !ok || e.sched.spec != "0 9 * * *" {
		t.Errorf("channel with no schedule of its own: %+v, want the default", e)
	}
	if _, ok := s.entries[entryKey{"T1", "C3", KindDigest}]; ok {
		t.Error("the digest, which has no job, is scheduled")
	}
	if !strings.Contains(logs.String(), "bad schedule") {
		t.Errorf("a bad saved schedule was not logged:\n%s", logs)
	}

	store.setChannel(romeChannel("30 9 * * 1-5"))
	if err := s.Reload(ctx, "T1", "C1"); err != nil {
		t.Fatal(err)
	}
	if e := s.entries[entryKey{"T1", "C1", KindCheckIns}]; e == nil || e.sched.spec != "30 9 * * 1-5" {
		t.Errorf("after Reload the entry is %+v, want the new spec", e)
	}
	store.setChannel(romeChannel("off"))
	if err := s.Reload(ctx, "T1", "C1"); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.entries[entryKey{"T1", "C1", KindCheckIns}]; ok {
		t.Error("after Reload with off the channel is still scheduled")
	}
}

func TestSchedulerFailedJobLeavesTheTickDue(t *testing.T) {
	ctx := context.Background()
	store := newLedgerFake(romeChannel("0 10 * * *"))
	s, job, _, logs := newTestScheduler(store, utc("2026-06-02T08:00:01Z"), Defaults{})
	job.err = errors.New("database on fire")
	if err := s.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	if len(store.recorded()) != 0 || !strings.Contains(logs.String(), "tick failed") {
		t.Fatalf("a failed job recorded %v; want nothing recorded and the failure logged", store.recorded())
	}
	job.err = nil
	if err := s.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	if len(store.recorded()) != 1 {
		t.Errorf("the tick did not run once the job worked again")
	}
}

func TestTickNowRecordsATickAtNow(t *testing.T) {
	ctx := context.Background()
	store := newLedgerFake()
	now := utc("2026-06-02T13:14:15Z")
	s, job, _, _ := newTestScheduler(store, now, Defaults{CheckIns: "off"})
	woken := 0
	s.OnRecorded = func() { woken++ }
	msgs, err := s.TickNow(ctx, KindCheckIns, "T1", "C1")
	if err != nil || len(msgs) != 1 {
		t.Fatalf("TickNow = %v, %v; want the job's one message", msgs, err)
	}
	if got := store.recorded(); len(got) != 1 || !got[0].Equal(now) || woken != 1 {
		t.Errorf("recorded %v, woke the sender %d times; want a tick at now and one wake", got, woken)
	}
	if msgs, err := s.TickNow(ctx, KindCheckIns, "T1", "C1"); err != nil || msgs != nil || job.count() != 2 {
		t.Errorf("second TickNow at the same instant = %v, %v; want nothing queued", msgs, err)
	}
	if _, err := s.TickNow(ctx, KindDigest, "T1", "C1"); experiments.ErrorCode(err) != experiments.EINVALID {
		t.Errorf("TickNow of a kind with no job: %v, want EINVALID", err)
	}
}

func TestSchedulerRunCatchesUpAtStartAndStops(t *testing.T) {
	store := newLedgerFake(romeChannel("0 10 * * *"))
	s, _, _, _ := newTestScheduler(store, utc("2026-06-02T09:00:00Z"), Defaults{})
	ran := make(chan struct{}, 1)
	s.OnRecorded = func() { ran <- struct{}{} }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	select {
	case <-ran:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not catch up the tick missed an hour ago")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop with its context")
	}
}

func TestSchedulerWatchSchedulesANewChannelAtOnce(t *testing.T) {
	ctx := context.Background()
	store := newLedgerFake()
	s, j, _, log := newTestScheduler(store, time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC), Defaults{CheckIns: "0 10 * * 2,4"})
	if err := s.RunDue(ctx); err != nil { // the start: no channel yet
		t.Fatal(err)
	}
	store.setChannel(experiments.DefaultChannelSettings("T1", "C7")) // its first experiment
	s.Watch(ctx, "T1", "C7")
	if !s.knows("T1", "C7") {
		t.Fatalf("Watch did not schedule the new channel; log:\n%s", log)
	}
	if j.count() != 0 {
		t.Errorf("Watch ran %d ticks, want none: ticks run from cron or the rescan, not in the request", j.count())
	}
	before := strings.Count(log.String(), "msg=scheduled")
	s.Watch(ctx, "T1", "C7")
	if after := strings.Count(log.String(), "msg=scheduled"); after != before {
		t.Errorf("Watch of a known channel rescheduled it")
	}
}

// TestReloadRunsNoTick: /exp schedule calls Reload inside the request. A
// tick due at that moment runs from cron or the rescan, never there: it
// would hold up the ack and be credited to whoever changed the schedule.
func TestReloadRunsNoTick(t *testing.T) {
	ctx := context.Background()
	store := newLedgerFake(romeChannel("@every 1h"))
	s, j, _, _ := newTestScheduler(store, time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC), Defaults{CheckIns: "off"})
	if err := s.Reload(ctx, "T1", "C1"); err != nil {
		t.Fatal(err)
	}
	if !s.knows("T1", "C1") || j.count() != 0 {
		t.Errorf("after Reload: scheduled %v, %d ticks run; want scheduled and none run", s.knows("T1", "C1"), j.count())
	}
	if err := s.RunDue(ctx); err != nil || j.count() != 1 {
		t.Errorf("the rescan ran %d ticks (%v), want the one due", j.count(), err)
	}
}

// settingsCounter counts the ChannelSettings reads of the store it wraps.
type settingsCounter struct {
	*ledgerFake
	reads atomic.Int32
}

func (c *settingsCounter) ChannelSettings(ctx context.Context, team, channel string) (experiments.ChannelSettings, error) {
	c.reads.Add(1)
	return c.ledgerFake.ChannelSettings(ctx, team, channel)
}

// TestSchedulerWatchReadsAnUnscheduledChannelOnce: every `/exp new` calls
// Watch; in a channel with every schedule off it read the channel's
// settings each time, a third of the reads of a `new`.
func TestSchedulerWatchReadsAnUnscheduledChannelOnce(t *testing.T) {
	ctx := context.Background()
	store := &settingsCounter{ledgerFake: newLedgerFake()}
	s := New(store, nil, Defaults{CheckIns: "off", Digest: "off"}, time.UTC)
	s.Register(KindCheckIns, func(context.Context, Tick) ([]experiments.OutboxMessage, error) { return nil, nil })
	for range 3 {
		s.Watch(ctx, "T1", "C7")
	}
	if n := store.reads.Load(); n != 1 {
		t.Errorf("3 Watches of a channel with every schedule off read its settings %d times, want 1", n)
	}
	if s.knows("T1", "C7") {
		t.Errorf("a channel with every schedule off got an entry")
	}
}
