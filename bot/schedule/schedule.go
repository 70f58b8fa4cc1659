package schedule

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/robfig/cron/v3"
)

// Kinds of scheduled run. A kind is also the ledger's name for the run, so
// a kind, once released, is never renamed.
const (
	KindCheckIns = "checkins"
	KindDigest   = "digest"
)

// Off is the schedule that never runs.
const Off = "off"

// Defaults are the bot-wide schedules of the channels that chose none of
// their own (AIMLATER_CHECKIN_SCHEDULE, AIMLATER_DIGEST_SCHEDULE).
type Defaults struct {
	CheckIns string
	Digest   string
}

// SpecFor returns the schedule of kind that applies to ch: its own, else
// the default; "off" when neither says anything. An own spec that runs
// more often than hourly does not apply (see OwnTooFrequent).
func (d Defaults) SpecFor(ch experiments.ChannelSettings, kind string) string {
	own, def := ch.CheckInSchedule, d.CheckIns
	if kind == KindDigest {
		own, def = ch.DigestSchedule, d.Digest
	}
	switch {
	case own != "" && !OwnTooFrequent(own):
		return own
	case def != "":
		return def
	}
	return Off
}

// OwnTooFrequent reports a channel's own spec that runs more often than
// hourly: one stored before the floor existed, which the bot's default
// replaces until the channel sets another (CheckChannel refuses new ones).
func OwnTooFrequent(own string) bool {
	if own == Off {
		return false
	}
	s, err := Parse(own, time.UTC)
	return err == nil && tooFrequent(s)
}

// Spec is a cron spec read on the wall clock of a zone, with the
// two DST cases robfig/cron gets wrong for a ledger of runs put right:
//
//   - spring forward: a wall time that does not exist that day (02:30 on
//     the night clocks jump from 02:00 to 03:00) runs at the first instant
//     after it, the jump itself, where robfig skips the day;
//   - fall back: a wall time that happens twice (01:30 when clocks go from
//     02:00 back to 01:00) runs once, at its first occurrence, where robfig
//     runs it twice.
//
// It does so by evaluating the spec on wall-clock readings stood in for by
// UTC times, which have no DST, and mapping each reading back to an instant.
// "@every d" is not a wall-clock schedule: it ticks at the multiples of d
// since the Unix epoch, so that every process and every restart agrees on
// its ticks without remembering when it started.
//
// Make one with Parse: the zero Spec is not a schedule.
type Spec struct {
	spec  string
	loc   *time.Location     // the zone the spec reads: its CRON_TZ, else the channel's
	wall  *cron.SpecSchedule // the spec on wall-clock readings; nil for @every
	every time.Duration      // the period of an @every schedule
}

// Parse reads a robfig/cron standard spec (five fields, CRON_TZ=,
// descriptors) in loc. "off" is not a schedule: callers check it first.
// The error says in words what is wrong, with an example, in mrkdwn.
func Parse(spec string, loc *time.Location) (Spec, error) {
	parsed, err := parseCron(spec)
	if err != nil {
		return Spec{}, err
	}
	switch s := parsed.(type) {
	case cron.ConstantDelaySchedule:
		return Spec{spec: spec, loc: loc, every: s.Delay}, nil
	case *cron.SpecSchedule:
		if s.Location != time.Local { // CRON_TZ= in the spec wins over the channel
			loc = s.Location
		}
		wall := *s
		wall.Location = time.UTC
		return Spec{spec: spec, loc: loc, wall: &wall}, nil
	}
	return Spec{}, fmt.Errorf("unsupported schedule %q", spec)
}

// parseCron is cron.ParseStandard made safe for user input, with errors
// that say what is wrong (specProblem) instead of robfig's raw text. It
// checks a zone with nothing after it first: robfig slices out of range
// on "CRON_TZ=Europe/Rome".
func parseCron(spec string) (s cron.Schedule, err error) {
	if _, rest, ok := cutSpecZone(strings.TrimSpace(spec)); ok && rest == "" {
		return nil, errors.New(specProblem(spec))
	}
	defer func() {
		if p := recover(); p != nil {
			s, err = nil, errors.New(specProblem(spec))
		}
	}()
	if s, err = cron.ParseStandard(spec); err != nil {
		return nil, errors.New(specProblem(spec))
	}
	return s, nil
}

// Next returns the first tick strictly after t, or the zero time when the
// schedule never ticks again (as robfig gives up, after five years). It
// implements cron.Schedule, so cron fires at exactly these instants.
func (s Spec) Next(t time.Time) time.Time {
	if s.every > 0 {
		return nextMultiple(t, s.every)
	}
	w := wallClock(t, s.loc)
	// In a fall-back hour the readings after t's can map to instants
	// before t (their first occurrence); those ticks ran already.
	for range maxWallSteps {
		if w = s.wall.Next(w); w.IsZero() {
			return time.Time{}
		}
		if at := instantOf(w, s.loc); at.After(t) {
			return at
		}
	}
	return time.Time{}
}

// String returns the spec as written.
func (s Spec) String() string { return s.spec }

// Every returns the period of an "@every" schedule, 0 for a wall-clock one.
func (s Spec) Every() time.Duration { return s.every }

// maxWallSteps bounds the readings Next skips in a repeated hour: one a
// second for an hour, with room to spare.
const maxWallSteps = 4000

// nextMultiple returns the first multiple of d since the Unix epoch that
// is strictly after t.
func nextMultiple(t time.Time, d time.Duration) time.Time {
	n := t.UnixNano()
	k := n / int64(d)
	if n < 0 && n%int64(d) != 0 {
		k-- // floor, not truncation, before 1970
	}
	return time.Unix(0, (k+1)*int64(d)).UTC()
}

// wallClock returns what a clock in loc reads at t, as a UTC time with the
// same fields: a reading with no zone, to which no DST rule applies.
func wallClock(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	y, mo, d := l.Date()
	h, mi, sec := l.Clock()
	return time.Date(y, mo, d, h, mi, sec, l.Nanosecond(), time.UTC)
}

// instantOf returns the first instant at which a clock in loc reads w, or,
// when it never does (a spring-forward gap), the first instant after: the
// moment the clocks jumped.
func instantOf(w time.Time, loc *time.Location) time.Time {
	// time.Date resolves a gap or a repeated reading one way or the other
	// without saying which ("not guaranteed"), so check what it chose.
	t := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), w.Nanosecond(), loc)
	got := wallClock(t, loc)
	switch {
	case got.Equal(w):
		return firstReading(t, w, loc)
	case got.Before(w): // in the gap, read with the offset before the jump
		_, end := t.ZoneBounds()
		return end
	default: // in the gap, read with the offset after the jump
		start, _ := t.ZoneBounds()
		return start
	}
}

// firstReading returns the earlier of the two instants that read w when t
// is the second one, in the hour after clocks went back; t otherwise.
func firstReading(t, w time.Time, loc *time.Location) time.Time {
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return t
	}
	_, prevOffset := start.Add(-time.Nanosecond).In(loc).Zone()
	earlier := w.Add(-time.Duration(prevOffset) * time.Second)
	if earlier.Before(start) && wallClock(earlier, loc).Equal(w) {
		return earlier.In(t.Location())
	}
	return t
}

// dueTicks is what a schedule owes at some moment.
type dueTicks struct {
	run     time.Time // the one tick to run now; zero when none is due
	skipped int       // missed ticks inside the catch-up window, older than run, left out
	expired time.Time // the first missed tick older than the window, zero when none
}

// dueGrace is the shortest catch-up window: a tick cron fires on time is
// looked at a moment after it, later still when the previous run was slow,
// and must run even when catching up is off.
const dueGrace = time.Minute

// dueTick decides, from the latest tick recorded (zero when none) and now,
// which tick runs: the latest one after last and not after now, provided
// it is less than catchUp old. At most one runs however many were missed,
// so a bot that was down catches up once, not once per missed tick; the
// others are reported as skipped. With nothing recorded, only the window
// counts: a tick missed before the first one ever ran is caught up too.
func dueTick(s Spec, last, now time.Time, catchUp time.Duration) dueTicks {
	windowStart := now.Add(-max(catchUp, dueGrace))
	var d dueTicks
	from := last
	if last.IsZero() || !last.After(windowStart) {
		if !last.IsZero() {
			if first := s.Next(last); !first.IsZero() && !first.After(windowStart) {
				d.expired = first
			}
		}
		from = windowStart
	}
	if s.every > 0 {
		return dueEvery(s.every, from, now, d)
	}
	for t := s.Next(from); !t.IsZero() && !t.After(now); t = s.Next(t) {
		if !d.run.IsZero() {
			d.skipped++
		}
		d.run = t
	}
	return d
}

// dueEvery is dueTick's arithmetic for an @every schedule, whose ticks are
// too many to walk one by one (43,200 in 12 h of "@every 1s").
func dueEvery(every time.Duration, from, now time.Time, d dueTicks) dueTicks {
	latest := nextMultiple(now, every).Add(-every) // at or before now
	if !latest.After(from) {
		return d
	}
	d.run = latest
	d.skipped = int(latest.Sub(from)/every) - 1
	if latest.Sub(from)%every != 0 {
		d.skipped++ // from itself is not a tick, so one more lies after it
	}
	return d
}
