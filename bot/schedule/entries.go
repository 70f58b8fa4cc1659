package schedule

import (
	"context"
	"log/slog"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/robfig/cron/v3"
)

// sync makes the cron entries of ch match its settings, for every kind
// with a job, and returns the keys of the entries it has now. An entry
// whose spec and zone did not change is kept as it is, so a rescan does not
// disturb cron's timers.
func (s *Scheduler) sync(ch experiments.ChannelSettings) []entryKey {
	var keys []entryKey
	s.mu.Lock()
	s.synced[channelKey{ch.Team, ch.Channel}] = true
	s.mu.Unlock()
	loc := ZoneOf(ch, s.zone, s.log)
	for kind := range s.jobs {
		k := entryKey{ch.Team, ch.Channel, kind}
		spec := s.defaults.SpecFor(ch, kind)
		if spec == Off {
			s.remove(k)
			continue
		}
		sched, err := Parse(spec, loc)
		if err != nil {
			s.log.Error("bad schedule, channel not scheduled", "team", ch.Team, "channel", ch.Channel, "kind", kind, "spec", spec, "err", err)
			s.remove(k)
			continue
		}
		s.put(k, ch, loc, sched)
		keys = append(keys, k)
	}
	return keys
}

// put adds or updates the entry of k.
func (s *Scheduler) put(k entryKey, ch experiments.ChannelSettings, loc *time.Location, sched Spec) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[k]; ok && e.sched.spec == sched.spec && e.loc.String() == loc.String() {
		e.settings = ch // the other settings may have changed; cron needs no news
		return
	}
	if e, ok := s.entries[k]; ok {
		s.cron.Remove(e.id)
	}
	// The callback stays one line: the logic, testable with a pinned
	// clock, is in runDue.
	id := s.cron.Schedule(sched, cron.FuncJob(func() { s.runDue(s.ctx(), k) }))
	s.entries[k] = &scheduleEntry{id: id, settings: ch, loc: loc, sched: sched}
	s.log.Debug("scheduled", "team", k.team, "channel", k.channel, "kind", k.kind, "spec", sched.spec,
		"zone", loc.String(), "next", sched.Next(s.Now()))
}

// remove drops the entry of k, if any.
func (s *Scheduler) remove(k entryKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.entries[k]; ok {
		s.cron.Remove(e.id)
		delete(s.entries, k)
		s.log.Debug("unscheduled", "team", k.team, "channel", k.channel, "kind", k.kind)
	}
}

// ctx is the context of Run, for the cron callbacks.
func (s *Scheduler) ctx() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runCtx
}

// runDue runs the tick of k due now, if any. Cron, the rescan and Reload
// all end here; a look at a key already being looked at is dropped, and
// should two processes look at once, the ledger lets one of them record.
func (s *Scheduler) runDue(ctx context.Context, k entryKey) {
	e, ok := s.claim(k)
	if !ok {
		return
	}
	defer s.release(k)
	last, err := s.store.LastTick(ctx, k.team, k.channel, k.kind)
	if err != nil {
		s.log.Error("last tick", "team", k.team, "channel", k.channel, "kind", k.kind, "err", err)
		return
	}
	now := s.Now()
	due := dueTick(e.sched, last, now, s.CatchUp)
	s.logMissed(k, due)
	s.observeMissed(k.kind, due)
	if due.run.IsZero() {
		return
	}
	if _, _, err := s.tick(ctx, k.kind, e.settings, e.loc, due.run, now); err != nil {
		s.log.Error("tick failed; it stays due", "team", k.team, "channel", k.channel, "kind", k.kind, "at", due.run, "err", err)
	}
}

// claim marks k busy and returns a copy of its entry, unless it is busy
// already or gone.
func (s *Scheduler) claim(k entryKey) (scheduleEntry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.entries[k]
	if !ok || s.busy[k] {
		return scheduleEntry{}, false
	}
	s.busy[k] = true
	return *e, true
}

func (s *Scheduler) release(k entryKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.busy, k)
}

// logMissed says which missed ticks will never run.
func (s *Scheduler) logMissed(k entryKey, d dueTicks) {
	if !d.expired.IsZero() {
		s.log.Warn("missed ticks older than the catch-up window skipped", "team", k.team, "channel", k.channel,
			"kind", k.kind, "first", d.expired.UTC(), "catch_up", s.CatchUp)
	}
	if d.skipped > 0 {
		s.log.Warn("missed ticks skipped; only the latest runs", "team", k.team, "channel", k.channel,
			"kind", k.kind, "skipped", d.skipped, "running", d.run.UTC())
	}
}

// tick builds the messages of one tick and records it with them. recorded
// is false when another run recorded that tick first; its messages are
// then dropped, as they were sent already.
func (s *Scheduler) tick(ctx context.Context, kind string, ch experiments.ChannelSettings, loc *time.Location, at, now time.Time) (msgs []experiments.OutboxMessage, recorded bool, err error) {
	start := time.Now()
	msgs, err = s.jobs[kind](ctx, Tick{Kind: kind, Channel: ch, Loc: loc, At: at, Now: now})
	if err != nil {
		return nil, false, err
	}
	recorded, err = s.store.RecordTick(ctx, ch.Team, ch.Channel, kind, at, msgs)
	if err != nil {
		return nil, false, err
	}
	s.log.Info("tick", "team", ch.Team, "channel", ch.Channel, "kind", kind, "at", at.UTC(),
		"recorded", recorded, "messages", len(msgs), "took", time.Since(start))
	if recorded {
		observerOr(s.Observe).TickRan(kind, now.Sub(at))
	}
	if recorded && len(msgs) > 0 && s.OnRecorded != nil {
		s.OnRecorded()
	}
	return msgs, recorded, nil
}

// cronLogger routes robfig/cron's log to slog. Cron reports every wake-up
// as info, which is debug for us.
type cronLogger struct{ log *slog.Logger }

// Info logs cron's routine news at debug level.
func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }

// Error logs a cron error, such as a job's recovered panic.
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}
