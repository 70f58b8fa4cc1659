package experiments

import (
	"math"
	"time"
)

// A goal measures the team's own number (subscribers, MRR, demos), logged
// with `goal log G1 4300 [note]`: its progress is the share of the way
// from its start to its target, and its pace the date the target falls at
// if the line from the start to the latest value goes on. No experiment's
// check-in stands in for it.

// GoalValue is one value of a goal's metric, logged by By at At.
type GoalValue struct {
	ID     int64
	GoalID int64
	Value  float64
	Note   string
	By     string
	At     time.Time
}

// GoalValues is what progress reads of a goal's values by an instant: the
// first and the latest, each by (At, ID) — the latest is the one logged
// last, the highest ID on a tie — and how many there are. Count 0 means
// none was logged, and First and Latest are zero.
type GoalValues struct {
	First, Latest GoalValue
	Count         int
}

// ParseGoalLog reads what follows `goal log G1`: the value, with the
// number grammar of a check-in (ParseCheckInValue), then an optional note
// (ParseCheckInNote). A value is required.
func ParseGoalLog(text string) (value float64, note string, err error) {
	word, rest := CutWord(text)
	if word == "" {
		return 0, "", Errorf(EINVALID, "Log the goal's number as it stands now, e.g. `/exp goal log G1 4300 after the launch email`.")
	}
	v, err := ParseCheckInValue(word)
	if err != nil {
		return 0, "", err
	}
	if note, err = ParseCheckInNote(rest); err != nil {
		return 0, "", err
	}
	return *v, note, nil
}

// CanLog returns nil when values may be logged on g: it is open.
func (g Goal) CanLog() error {
	if g.Closed {
		return Errorf(ECONFLICT, "Goal %s is closed, so it takes no new value: reopen it with `/exp goal reopen %s`, then log again.", g.Ref(), g.Ref())
	}
	return nil
}

// PaceKind says where a goal's pace leads.
type PaceKind int

// The paces of a goal. PaceUnknown is a goal that cannot be measured:
// no value, no target, or a target level equal to its start.
const (
	PaceUnknown PaceKind = iota
	PaceFlat             // no progress yet: flat, backwards, or no time between start and latest
	PaceReached          // the latest value is at or past the target
	PaceOnTime           // at this pace the target falls on or before the deadline, or there is none
	PaceLate             // at this pace the target falls after the deadline
	PaceFar              // at this pace the target is more than MaxPaceDays away
)

// MaxPaceDays is how far ahead a pace projects; a target further away at
// the pace so far reads as out of reach rather than as a date centuries on.
const MaxPaceDays = 100 * 365

// GoalProgress is how far a goal has come, as of its latest value.
type GoalProgress struct {
	HasValue bool // a value was logged: Latest and Start are set
	Start    float64
	StartAt  time.Time // the first value's time, or the goal's creation for an explicit start
	Latest   float64
	LatestAt time.Time

	// Level is the target as a level of the metric: the absolute target,
	// or the start moved by the relative one (+100% of 3,000 is 6,000).
	// HasLevel is false with no target or no value.
	Level    float64
	HasLevel bool
	// Share is the share of the way from Start to Level, (Latest − Start)
	// / (Level − Start): 0.43 is 43%; negative when the value went the
	// other way, above 1 past the target. It holds for a target below the
	// start too. 0 when Level equals Start (see Pace).
	Share float64

	Pace     PaceKind
	ETA      Date // when the target falls at this pace (PaceOnTime, PaceLate)
	DaysLate int  // days after the deadline that ETA is (PaceLate), 0 otherwise
}

// MeasureGoal computes g's progress from its values, with calendar dates
// in loc. The start is g.Start when set (from the goal's creation, for the
// pace), else the first value. A relative target is relative to the start.
func MeasureGoal(g Goal, v GoalValues, loc *time.Location) GoalProgress {
	if v.Count == 0 {
		return GoalProgress{}
	}
	p := GoalProgress{HasValue: true, Start: v.First.Value, StartAt: v.First.At, Latest: v.Latest.Value, LatestAt: v.Latest.At}
	if g.HasStart {
		p.Start, p.StartAt = g.Start, g.CreatedAt
	}
	if g.Target.IsZero() {
		return p
	}
	p.Level, p.HasLevel = targetLevel(g.Target, p.Start), true
	way := p.Level - p.Start
	if way == 0 {
		return p
	}
	p.Share = (p.Latest - p.Start) / way
	p.pace(g.Deadline, loc)
	return p
}

// targetLevel is the level a target asks for from start: the target
// itself, or start moved by its percent.
func targetLevel(t Target, start float64) float64 {
	if t.Percent {
		return start * (1 + t.Value/100)
	}
	return t.Value
}

// pace projects the line from the start to the latest value until it
// reaches the level, and compares the day it does with deadline.
func (p *GoalProgress) pace(deadline Date, loc *time.Location) {
	elapsed := p.LatestAt.Sub(p.StartAt)
	switch {
	case p.Share >= 1:
		p.Pace = PaceReached
		return
	case p.Share <= 0 || elapsed <= 0:
		p.Pace = PaceFlat
		return
	}
	// The rest of the way takes (1 − Share) / Share of the time so far.
	ahead := float64(elapsed) * (1 - p.Share) / p.Share
	if ahead > float64(MaxPaceDays)*float64(24*time.Hour) || math.IsInf(ahead, 0) {
		p.Pace = PaceFar
		return
	}
	p.ETA = DateOf(p.LatestAt.Add(time.Duration(ahead)), loc)
	p.Pace = PaceOnTime
	if !deadline.IsZero() && deadline.Before(p.ETA) {
		p.Pace, p.DaysLate = PaceLate, deadline.DaysUntil(p.ETA)
	}
}
