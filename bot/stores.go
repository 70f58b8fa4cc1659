package bot

import (
	"context"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// Notify builds the messages that report a change; the store calls it inside
// the transaction that makes the change, so a message exists if and only if
// the change does.
type Notify = func(experiments.Experiment) []experiments.OutboxMessage

// Stores are what the App reads and writes, as one small interface per group
// of handlers that use it, so that a test fakes the groups it drives and the
// compiler checks each fake whole. *storage.DB implements every group; a
// field a test leaves nil is a group that test does not reach.
type Stores struct {
	Experiments ExperimentFinder
	Lifecycle   LifecycleStore
	CheckIns    CheckInLog
	Goals       GoalStore
	Settings    SettingsStore
	Ideas       IdeaStore
	Digest      DigestStore
	Plan        PlanStore
	Home        HomeStore
}

// ExperimentFinder is what the views of experiments read: `show`, `list`,
// the buttons and forms that name an experiment, the check-in DMs.
type ExperimentFinder interface {
	FindExperiment(ctx context.Context, team string, number int) (experiments.Experiment, error)
	FindExperimentByID(ctx context.Context, id int64) (experiments.Experiment, error)
	ListExperiments(ctx context.Context, f experiments.ExperimentFilter) ([]experiments.Experiment, int, error)
}

// LifecycleStore is what the verbs of an experiment's life write: record,
// edit, launch, decide or iterate, and revise a decision after the fact (its
// learning, or its undo). Each is one write with its announcements.
type LifecycleStore interface {
	CreateExperiment(ctx context.Context, e *experiments.Experiment, notify Notify) error
	UpdateExperiment(ctx context.Context, team string, number int, upd experiments.ExperimentUpdate, notify Notify) (experiments.Experiment, error)
	LaunchExperiment(ctx context.Context, team string, number int, p experiments.LaunchPlan, notify Notify) (experiments.Experiment, error)
	DecideExperiment(ctx context.Context, team string, number int, d experiments.Decision, learning, by string, notify Notify) (experiments.Experiment, error)
	IterateExperiment(ctx context.Context, team string, number int, learning, change, by string, deadline experiments.Date,
		notify func(decided, followUp experiments.Experiment) []experiments.OutboxMessage) (decided, followUp experiments.Experiment, err error)
	LearnExperiment(ctx context.Context, team string, number int, learning, by string, notify Notify) (experiments.Experiment, error)
	UndoDecision(ctx context.Context, team string, number int, by string,
		notify func(decided experiments.Experiment, removed *experiments.Experiment) []experiments.OutboxMessage) (experiments.Experiment, error)
}

// CheckInLog is an experiment's log of results: `log`, the check-in forms,
// and the history `show` prints.
type CheckInLog interface {
	AddCheckIn(ctx context.Context, team string, number int, c *experiments.CheckIn,
		notify func(e experiments.Experiment, stored experiments.CheckIn, first *float64) []experiments.OutboxMessage) (experiments.Experiment, error)
	ListCheckIns(ctx context.Context, experimentID int64, limit int) ([]experiments.CheckIn, error)
}

// SettingsStore is a channel's settings and a person's absence: read by
// every handler that speaks in a channel's zone, changed by `settings`,
// `schedule` and `away`.
type SettingsStore interface {
	ChannelSettings(ctx context.Context, team, channel string) (experiments.ChannelSettings, error)
	// ChangeSettings makes one change to the settings of a channel, in
	// one write that keeps the rest, and returns them.
	ChangeSettings(ctx context.Context, team, channel string, c experiments.SettingsChange) (experiments.ChannelSettings, error)
	SaveSchedules(ctx context.Context, s experiments.ChannelSettings, restart []string, at time.Time) error
	SetAway(ctx context.Context, team, user string, until time.Time) error
}

// IdeaStore is what the coach knows of ideas and of what was tried: one
// person's skips of ideas ("Not now", each in force for
// experiments.IdeaSkip), and the memory of decided experiments ("Tried
// before" and `learnings`, a full-text search).
type IdeaStore interface {
	SkipIdea(ctx context.Context, team, user string, number int) (experiments.Experiment, time.Time, error)
	IdeaSkips(ctx context.Context, team, channel, user string, now time.Time) (experiments.Skips, error)
	TriedBefore(ctx context.Context, team, channel string, words []string, limit int) ([]experiments.Experiment, error)
	Learnings(ctx context.Context, f experiments.LearningFilter) ([]experiments.Experiment, int, error)
}
