package experiments

import (
	"strings"
	"time"
)

// LaunchPlan is what a launch needs: who launches, when, and the deadlines
// to choose from.
type LaunchPlan struct {
	By    string    // the user who launches, not necessarily the owner
	At    time.Time // the launch time
	Today Date      // the channel's calendar day at At
	// Deadline is the one typed with the launch (`launch #7 by:fri`), zero
	// for none; DefaultDeadline is Today plus the channel's default length.
	Deadline, DefaultDeadline Date
}

// Launch turns an idea into a running experiment as p says. Only an idea can
// be launched. A running experiment always has a deadline, and never starts
// overdue: the one typed with the launch, else the idea's own unless it has
// passed, else the channel's default length.
func (e *Experiment) Launch(p LaunchPlan) error {
	if e.Status != StatusIdea {
		return Errorf(ECONFLICT, "%s is already %s: only an idea can be launched.", e.Ref(), e.Status)
	}
	e.Status = StatusRunning
	e.LaunchedAt, e.LaunchedBy = p.At, p.By
	e.Deadline = launchDeadline(e.Deadline, p)
	return nil
}

// launchDeadline picks the deadline of a launch from the idea's own.
func launchDeadline(own Date, p LaunchPlan) Date {
	switch {
	case !p.Deadline.IsZero():
		return p.Deadline
	case own.IsZero() || own.Before(p.Today):
		return p.DefaultDeadline
	}
	return own
}

// Decide records keep or kill on a running experiment. Iterate goes through
// Iterate, which also creates the follow-up.
// by is the user who decides: anyone in the channel may, not only the owner.
func (e *Experiment) Decide(d Decision, learning, by string, now time.Time) error {
	if d == DecisionIterate {
		return Errorf(EINVALID, "iterate starts a follow-up experiment: use Iterate.")
	}
	return e.decide(d, learning, by, now)
}

// Iterate decides a running experiment with iterate and returns its follow-up:
// a running experiment with the same owner, channel, metric, target and goal,
// linked to e as its parent, due on deadline. Its hypothesis says it
// iterates on e and what is different this time (change, else what e
// taught), see FollowUpHypothesis. The follow-up has no ID
// or number yet: storage assigns them. by decides e and launches the
// follow-up, which stays the owner's.
func (e *Experiment) Iterate(learning, change, by string, now time.Time, deadline Date) (Experiment, error) {
	if err := e.decide(DecisionIterate, learning, by, now); err != nil {
		return Experiment{}, err
	}
	return Experiment{
		Team: e.Team, Channel: e.Channel, Owner: e.Owner,
		Title: e.Title, Hypothesis: FollowUpHypothesis(*e, change, learning),
		Metric: e.Metric, Target: e.Target, Deadline: deadline, GoalID: e.GoalID, Lever: e.Lever,
		Status: StatusRunning, ParentID: e.ID,
		CreatedAt: now, LaunchedAt: now, LaunchedBy: by,
	}, nil
}

func (e *Experiment) decide(d Decision, learning, by string, now time.Time) error {
	switch d {
	case DecisionKeep, DecisionKill, DecisionIterate:
	default:
		return Errorf(EINVALID, "%q is not a decision: use keep, kill or iterate.", string(d))
	}
	if e.Status != StatusRunning {
		return Errorf(ECONFLICT, "%s is %s: only a running experiment can be decided.", e.Ref(), e.describeStatus())
	}
	learning = strings.TrimSpace(learning)
	if err := checkLearning(learning); err != nil {
		return err
	}
	e.Status = StatusDecided
	e.Decision = d
	e.Learning = learning
	e.DecidedAt, e.DecidedBy = now, by
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
