// Package experiments is the domain of aimlater: experiments, goals, check-ins
// and decisions, the rules of their lifecycle, the quick-capture grammar and
// the metrics of a digest. It imports the standard library only: no Slack, no
// SQL, no cron.
package experiments

import (
	"fmt"
	"strconv"
	"time"
)

// Status is where an experiment stands in its lifecycle.
type Status string

// The lifecycle: an idea is launched into a running experiment, which is
// decided once, with keep, kill or iterate.
const (
	StatusIdea    Status = "idea"
	StatusRunning Status = "running"
	StatusDecided Status = "decided"
)

// Decision is the verdict on a running experiment.
type Decision string

// The three verdicts. Iterate also starts a linked follow-up experiment.
const (
	DecisionNone    Decision = ""
	DecisionKeep    Decision = "keep"
	DecisionKill    Decision = "kill"
	DecisionIterate Decision = "iterate"
)

// ParseDecision reads keep, kill or iterate, case-insensitively.
func ParseDecision(s string) (Decision, error) {
	switch d := Decision(lower(s)); d {
	case DecisionKeep, DecisionKill, DecisionIterate:
		return d, nil
	}
	return DecisionNone, Errorf(EINVALID, "%q is not a decision: use keep, kill or iterate, e.g. `decide #4 keep carousels beat single images`", s)
}

// Experiment is one small, time-boxed bet: a title, the metric it should
// move, the target it aims for and the deadline by which the team decides.
type Experiment struct {
	ID         int64  // storage identity
	Number     int    // per-workspace number, shown as #N
	Team       string // Slack workspace (team) ID
	Channel    string // channel the experiment belongs to
	Owner      string // Slack user ID of the owner
	Title      string
	Hypothesis string // "We believe that …"
	Metric     string
	Target     Target
	Deadline   Date // zero when not set
	GoalID     int64
	Lever      string // the growth lever it pulls (see ParseLever), "" for none
	ICE        ICE
	Status     Status
	Decision   Decision
	Learning   string
	ParentID   int64 // the experiment this one iterates on, 0 if none

	CreatedAt  time.Time
	LaunchedAt time.Time // zero while an idea
	DecidedAt  time.Time // zero until decided

	// Who acted, as Slack user IDs, "" when unknown (experiments stored
	// before actors were recorded): an experiment's launch, decision or
	// edit may be anyone's in the channel, not only its owner's.
	LaunchedBy string
	DecidedBy  string
	EditedBy   string    // the last edit's, a learning added later included
	EditedAt   time.Time // zero when never edited

	// LastCheckInAt is filled in by reads that need it (the digest, the
	// check-in DM); zero when there is no check-in.
	LastCheckInAt time.Time
}

// Ref returns the experiment's reference as users type it: #N.
func (e Experiment) Ref() string { return fmt.Sprintf("#%d", e.Number) }

// HasAim reports whether the experiment states both its metric and target,
// the "end" it starts from.
func (e Experiment) HasAim() bool { return e.Metric != "" && !e.Target.IsZero() }

// CheckIn is one progress report on a running experiment.
type CheckIn struct {
	ID           int64
	ExperimentID int64
	Author       string
	At           time.Time
	Value        *float64 // optional measured value of the metric
	// Sample holds a rate check-in's counts (`42/1000 vs 31/1000`), nil for
	// a plain value; Value is then the variant's rate in percent.
	Sample  *Sample
	Note    string
	OnTrack bool
}

// Goal is a channel's outcome that experiments serve; it says who wants what,
// measured how, by when.
type Goal struct {
	ID        int64
	Number    int // per-workspace number, shown as G<N>
	Team      string
	Channel   string
	Title     string
	Metric    string
	Target    Target
	Deadline  Date
	Author    string
	Closed    bool
	CreatedAt time.Time

	// Start is the level the goal starts from when set explicitly (`goal
	// edit G1 start:3000`); without it the goal's first value is its start.
	Start    float64
	HasStart bool

	// Who changed the goal last, and when: closing (with a note),
	// reopening and editing each record their actor. Reopening clears the
	// closing.
	ClosedBy   string
	ClosedAt   time.Time
	ClosedNote string
	ReopenedBy string
	ReopenedAt time.Time
	EditedBy   string
	EditedAt   time.Time
}

// Ref returns the goal's reference as users type it: G<N>.
func (g Goal) Ref() string { return fmt.Sprintf("G%d", g.Number) }

// ICE scores an idea on impact, confidence and ease, each 1–10.
type ICE struct {
	Impact, Confidence, Ease int
}

// IsZero reports whether no ICE score was given.
func (s ICE) IsZero() bool { return s == ICE{} }

// Score is the average of impact, confidence and ease (1–10); 0 when
// unscored. The README states it so, and an average reads on the same
// 1–10 scale as the three scores a user typed.
func (s ICE) Score() float64 {
	if s.IsZero() {
		return 0
	}
	return float64(s.Impact+s.Confidence+s.Ease) / 3
}

// sum is impact + confidence + ease, which orders as Score does.
func (s ICE) sum() int { return s.Impact + s.Confidence + s.Ease }

// ScoreText is Score with one decimal, as every reply shows it: "7.7".
func (s ICE) ScoreText() string { return strconv.FormatFloat(s.Score(), 'f', 1, 64) }

// String formats the score as users type it: i/c/e.
func (s ICE) String() string {
	if s.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d/%d/%d", s.Impact, s.Confidence, s.Ease)
}
