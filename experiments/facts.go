package experiments

import "time"

// Windows over which the digest looks back.
const (
	TrendWeeks    = 8  // launches and decisions per ISO week, as a sparkline
	ChartWeeks    = 12 // the same, drawn in the digest's chart
	WinRateWindow = 90 * 24 * time.Hour
)

// Facts is what a channel's digest is computed from. Storage fills it with
// bounded queries — the current running experiments and ideas, the open
// goals, and only the launch and decision facts inside the look-back windows —
// so a digest never loads a channel's whole history.
type Facts struct {
	Settings ChannelSettings
	Running  []Experiment // status running, LastCheckInAt filled in
	Ideas    []Experiment // status idea
	Goals    []Goal       // open goals of the channel

	// NextIdeas are the ideas NextIdea chooses the digest's suggestion
	// from: all of them, or (as storage reads them) at least the best of
	// each goal by IdeaOrder and the best with no goal, which picks the
	// same one.
	NextIdeas []Experiment
	// Progress holds, by experiment ID, what the check-ins of the running
	// experiments say (DecideCue's facts); one with no check-in is left
	// out.
	Progress map[int64]Progress
	// Records holds each open goal's record (see GoalRecord), by goal ID,
	// for the plan's line of each goal; its Latest lists are not read.
	Records map[int64]GoalRecord

	// Launches holds experiments launched since the earlier of the trend
	// window start and now-WinRateWindow.
	Launches []LaunchFact
	// Decisions holds experiments decided in that same span.
	Decisions []DecisionFact
}

// LaunchFact is one launch: when the experiment was recorded and launched.
// An experiment started with `new` has CreatedAt == LaunchedAt.
type LaunchFact struct {
	CreatedAt  time.Time
	LaunchedAt time.Time
	Lever      string // "" for none
}

// DecisionFact is one decision with the times needed for the metrics.
type DecisionFact struct {
	Decision   Decision
	LaunchedAt time.Time
	DecidedAt  time.Time
	Deadline   Date   // zero when the experiment had none
	Lever      string // "" for none
}
