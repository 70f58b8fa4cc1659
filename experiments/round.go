package experiments

import "time"

// LearningPromptWindow is how long after its decision an experiment
// decided with no learning is listed in its owner's check-in DM with a
// button to write it: long enough to be asked a few times, short enough
// that an old backlog does not flood the DM.
const LearningPromptWindow = 30 * 24 * time.Hour

// CheckInRound is what a channel's check-in round is drawn from, read in
// one snapshot.
type CheckInRound struct {
	// Experiments holds the channel's running experiments in number
	// order, then those it decided within LearningPromptWindow before the
	// round with no learning yet (see NeedsLearning), in number order.
	Experiments []Experiment
	// Cues[i] is DecideCue's reason for Experiments[i] from its latest
	// check-in, "" when there is none.
	Cues []string
	// Away holds the team's users away at the round's time.
	Away []string
}

// NeedsLearning reports whether e was decided with no learning within
// LearningPromptWindow before now (and not after it).
func NeedsLearning(e Experiment, now time.Time) bool {
	return e.Status == StatusDecided && e.Learning == "" &&
		e.DecidedAt.After(now.Add(-LearningPromptWindow)) && !e.DecidedAt.After(now)
}
