package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/robfig/cron/v3"
)

// Defaults of a Scheduler's fields.
const (
	defaultCatchUp        = 12 * time.Hour
	defaultRescanInterval = time.Minute
)

// Tick is one scheduled run of a kind in a channel, as its job sees it.
type Tick struct {
	Kind    string
	Channel experiments.ChannelSettings
	Loc     *time.Location // the channel's zone
	At      time.Time      // the scheduled instant, the ledger's key
	Now     time.Time      // when it runs: later than At for a catch-up
}

// Job builds the messages of one tick. It only reads: the scheduler
// writes the messages to the outbox and records the tick in one
// transaction, so a job that fails or a process that dies halfway leaves
// no trace and the tick is still due.
type Job func(ctx context.Context, t Tick) ([]experiments.OutboxMessage, error)

// Store is what the Scheduler needs from storage. *storage.DB implements
// it.
type Store interface {
	ListChannels(ctx context.Context) ([]experiments.ChannelSettings, error)
	ChannelSettings(ctx context.Context, team, channel string) (experiments.ChannelSettings, error)
	LastTick(ctx context.Context, team, channel, kind string) (time.Time, error)
	RecordTick(ctx context.Context, team, channel, kind string, scheduledAt time.Time, msgs []experiments.OutboxMessage) (bool, error)
}

// Scheduler runs each registered kind of job (the check-ins, later the
// digest) on every channel's schedule, in the channel's zone.
//
// robfig/cron decides when to look, one entry per channel and kind; the
// tick ledger decides what runs. At each look the scheduler asks the ledger
// for the latest recorded tick and runs the one tick due after it (see
// dueTick), recording it with its messages in one transaction. So a restart
// never repeats a tick, a tick missed while down runs once at start if it
// is within CatchUp, and a second process racing for the same tick loses
// at the ledger's primary key.
//
// Set the exported fields, and Register every job, before Run.
type Scheduler struct {
	// Now is the clock, time.Now unless a test pins it.
	Now func() time.Time
	// CatchUp is how old a missed tick may be and still run; 12 h by
	// default. Older ones are logged and skipped.
	CatchUp time.Duration
	// RescanInterval is how often Run looks for new channels and changed
	// settings and runs what is due; 1 minute by default.
	RescanInterval time.Duration
	// OnRecorded, if set, is called after a tick queued messages, so the
	// sender picks them up at once.
	OnRecorded func()
	// Observe, if set, hears of the runs recorded and the runs skipped,
	// for metrics.
	Observe Observer

	store    Store
	log      *slog.Logger
	defaults Defaults
	zone     *time.Location
	jobs     map[string]Job
	cron     *cron.Cron

	mu      sync.Mutex
	entries map[entryKey]*scheduleEntry
	// synced holds every channel whose settings sync has seen, scheduled
	// or not, so Watch reads a channel with every schedule off once, not
	// at each of its experiments; Reload and the rescan keep it current.
	synced map[channelKey]bool
	busy   map[entryKey]bool
	runCtx context.Context // Run's, for the cron callbacks
}

// entryKey names one kind of job in one channel.
type entryKey struct{ team, channel, kind string }

// channelKey names a channel.
type channelKey struct{ team, channel string }

// scheduleEntry is a channel's schedule of one kind as cron runs it.
type scheduleEntry struct {
	id       cron.EntryID
	settings experiments.ChannelSettings
	loc      *time.Location
	sched    Spec
}

// New returns a Scheduler over store with the bot's default schedules and
// zone (UTC when nil); a nil log discards.
func New(store Store, log *slog.Logger, defaults Defaults, zone *time.Location) *Scheduler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if zone == nil {
		zone = time.UTC
	}
	cl := cronLogger{log}
	return &Scheduler{
		Now: time.Now, CatchUp: defaultCatchUp, RescanInterval: defaultRescanInterval,
		store: store, log: log, defaults: defaults, zone: zone, jobs: map[string]Job{},
		// The schedules carry their own zones; the cron's matters only for
		// how it reads the clock. Recover keeps a panicking job from taking
		// the process down; SkipIfStillRunning keeps a slow tick from piling
		// up behind itself.
		cron:    cron.New(cron.WithLocation(zone), cron.WithLogger(cl), cron.WithChain(cron.Recover(cl), cron.SkipIfStillRunning(cl))),
		entries: map[entryKey]*scheduleEntry{},
		synced:  map[channelKey]bool{},
		busy:    map[entryKey]bool{},
		runCtx:  context.Background(),
	}
}

// Register makes job the one run for kind; kinds without a job are not
// scheduled.
func (s *Scheduler) Register(kind string, job Job) { s.jobs[kind] = job }

// Run schedules every channel, runs what is due (the catch-up after a
// restart), then keeps the schedules in step with the database every
// RescanInterval until ctx is done. It returns nil once the jobs in flight
// have finished.
func (s *Scheduler) Run(ctx context.Context) error {
	s.mu.Lock()
	s.runCtx = ctx
	s.mu.Unlock()
	s.cron.Start()
	defer func() { <-s.cron.Stop().Done() }()
	interval := s.RescanInterval
	if interval <= 0 {
		interval = defaultRescanInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := s.RunDue(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("scheduler rescan", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// RunDue brings the schedule of every channel the database knows up to
// date and runs, for each, the tick due at Now, if any.
func (s *Scheduler) RunDue(ctx context.Context) error {
	channels, err := s.store.ListChannels(ctx)
	if err != nil {
		return fmt.Errorf("list channels: %w", err)
	}
	var keys []entryKey
	for _, ch := range channels {
		keys = append(keys, s.sync(ch)...)
	}
	for _, k := range keys {
		s.runDue(ctx, k)
	}
	return nil
}

// Reload re-reads one channel's settings and reschedules it at once; the
// schedule command calls it after a change, so no restart is needed. It
// only changes the cron entries: cron, or the rescan, runs what is due.
// Running a tick here would hold up the request that called it, write
// outside that request's one transaction, and credit the scheduled
// messages to whoever changed the schedule.
func (s *Scheduler) Reload(ctx context.Context, team, channel string) error {
	ch, err := s.store.ChannelSettings(ctx, team, channel)
	if err != nil {
		return fmt.Errorf("reload schedule of %s: %w", channel, err)
	}
	s.sync(ch)
	return nil
}

// Watch schedules a channel the scheduler has not read yet, such as one
// that just got its first experiment, without waiting for the next rescan,
// as Reload does. A channel read already costs nothing, even one with every
// schedule off: a change of its schedule comes through Reload.
func (s *Scheduler) Watch(ctx context.Context, team, channel string) {
	s.mu.Lock()
	seen := s.synced[channelKey{team, channel}]
	s.mu.Unlock()
	if seen {
		return
	}
	if err := s.Reload(ctx, team, channel); err != nil {
		s.log.Warn("watch channel: its schedules start at the next rescan", "team", team, "channel", channel, "err", err)
	}
}

// knows reports whether any kind of job has an entry for the channel.
func (s *Scheduler) knows(team, channel string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for kind := range s.jobs {
		if _, ok := s.entries[entryKey{team, channel, kind}]; ok {
			return true
		}
	}
	return false
}

// TickNow runs and records a tick of kind in the channel right now, as if
// it had been scheduled now, and returns the messages it queued (none when
// that instant was recorded already). The console's :tick calls it.
func (s *Scheduler) TickNow(ctx context.Context, kind, team, channel string) ([]experiments.OutboxMessage, error) {
	if s.jobs[kind] == nil {
		return nil, experiments.Errorf(experiments.EINVALID, "There is no %q run: try %s.", kind, KindCheckIns)
	}
	ch, err := s.store.ChannelSettings(ctx, team, channel)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	msgs, recorded, err := s.tick(ctx, kind, ch, ZoneOf(ch, s.zone, s.log), now, now)
	if err != nil || !recorded {
		return nil, err
	}
	return msgs, nil
}
