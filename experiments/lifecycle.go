package experiments

import (
	"strings"
	"time"
)

// Launch turns an idea into a running experiment at now. Only an idea can be
// launched. A running experiment always has a deadline: the idea's own, or
// else defaultDeadline (the channel's default length from today).
func (e *Experiment) Launch(now time.Time, defaultDeadline Date) error {
	if e.Status != StatusIdea {
		return Errorf(ECONFLICT, "%s is already %s: only an idea can be launched.", e.Ref(), e.Status)
	}
	e.Status = StatusRunning
	e.LaunchedAt = now
	if e.Deadline.IsZero() {
		e.Deadline = defaultDeadline
	}
	return nil
}

// Decide records keep or kill on a running experiment. Iterate goes through
// Iterate, which also creates the follow-up.
func (e *Experiment) Decide(d Decision, learning string, now time.Time) error {
	if d == DecisionIterate {
		return Errorf(EINVALID, "iterate starts a follow-up experiment: use Iterate.")
	}
	return e.decide(d, learning, now)
}

// Iterate decides a running experiment with iterate and returns its follow-up:
// a running experiment with the same owner, channel, metric, target and goal,
// linked to e as its parent, due on deadline. change says what is different
// this time and becomes the follow-up's hypothesis. The follow-up has no ID
// or number yet: storage assigns them.
func (e *Experiment) Iterate(learning, change string, now time.Time, deadline Date) (Experiment, error) {
	if err := e.decide(DecisionIterate, learning, now); err != nil {
		return Experiment{}, err
	}
	return Experiment{
		Team: e.Team, Channel: e.Channel, Owner: e.Owner,
		Title: e.Title, Hypothesis: strings.TrimSpace(change),
		Metric: e.Metric, Target: e.Target, Deadline: deadline, GoalID: e.GoalID,
		Status: StatusRunning, ParentID: e.ID,
		CreatedAt: now, LaunchedAt: now,
	}, nil
}

func (e *Experiment) decide(d Decision, learning string, now time.Time) error {
	switch d {
	case DecisionKeep, DecisionKill, DecisionIterate:
	default:
		return Errorf(EINVALID, "%q is not a decision: use keep, kill or iterate.", string(d))
	}
	if e.Status != StatusRunning {
		return Errorf(ECONFLICT, "%s is %s: only a running experiment can be decided.", e.Ref(), e.describeStatus())
	}
	e.Status = StatusDecided
	e.Decision = d
	e.Learning = strings.TrimSpace(learning)
	e.DecidedAt = now
	return nil
}

// CanCheckIn reports whether a check-in may be recorded: only on a running
// experiment.
func (e Experiment) CanCheckIn() error {
	if e.Status != StatusRunning {
		return Errorf(ECONFLICT, "%s is %s: check-ins are for running experiments.", e.Ref(), e.describeStatus())
	}
	return nil
}

// describeStatus says the status in words, with the decision when decided.
func (e Experiment) describeStatus() string {
	switch e.Status {
	case StatusIdea:
		return "still an idea (launch it first)"
	case StatusDecided:
		return "already decided (" + string(e.Decision) + ")"
	}
	return string(e.Status)
}

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
