// Package bot is aimlater's Slack side: the App, the router from
// slash subcommand, action and view to a handler, Block Kit rendering and the
// outbox sender. It never imports storage: it gets what it needs through the
// small Store interface.
package bot

import (
	"context"
	"log/slog"
	"time"

	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
)

// Notify builds the messages that report a change; the store calls it inside
// the transaction that makes the change, so a message exists if and only if
// the change does.
type Notify = func(experiments.Experiment) []experiments.OutboxMessage

// Store is what the bot needs from storage. *storage.DB implements it.
type Store interface {
	CreateExperiment(ctx context.Context, e *experiments.Experiment, notify Notify) error
	FindExperiment(ctx context.Context, team string, number int) (experiments.Experiment, error)
	FindExperimentByID(ctx context.Context, id int64) (experiments.Experiment, error)
	LaunchExperiment(ctx context.Context, team string, number int, p experiments.LaunchPlan, notify Notify) (experiments.Experiment, error)
	DecideExperiment(ctx context.Context, team string, number int, d experiments.Decision, learning, by string, notify Notify) (experiments.Experiment, error)
	IterateExperiment(ctx context.Context, team string, number int, learning, change, by string, deadline experiments.Date,
		notify func(decided, followUp experiments.Experiment) []experiments.OutboxMessage) (decided, followUp experiments.Experiment, err error)
	AddCheckIn(ctx context.Context, team string, number int, c *experiments.CheckIn,
		notify func(e experiments.Experiment, stored experiments.CheckIn, first *float64) []experiments.OutboxMessage) (experiments.Experiment, error)
	ListCheckIns(ctx context.Context, experimentID int64, limit int) ([]experiments.CheckIn, error)
	ReviseStore
	IdeaSkipStore
	MemoryStore

	CreateGoal(ctx context.Context, g *experiments.Goal, notify func(experiments.Goal) []experiments.OutboxMessage) error
	FindGoal(ctx context.Context, team string, number int) (experiments.Goal, error)
	FindGoalByID(ctx context.Context, id int64) (experiments.Goal, error)
	ListGoals(ctx context.Context, team, channel string) ([]experiments.Goal, error)
	GoalChanges

	ChannelSettings(ctx context.Context, team, channel string) (experiments.ChannelSettings, error)
	SaveSchedules(ctx context.Context, s experiments.ChannelSettings, restart []string, at time.Time) error
	SettingsStore
	SetAway(ctx context.Context, team, user string, until time.Time) error

	ListExperiments(ctx context.Context, f experiments.ExperimentFilter) ([]experiments.Experiment, int, error)
	UpdateExperiment(ctx context.Context, team string, number int, upd experiments.ExperimentUpdate, notify Notify) (experiments.Experiment, error)

	DigestStore
	PlanStore
	HomeStore
}

// SettingsStore changes a channel's settings for `/exp settings`.
type SettingsStore interface {
	// ChangeSettings makes one change to the settings of a channel, in
	// one write that keeps the rest, and returns them.
	ChangeSettings(ctx context.Context, team, channel string, c experiments.SettingsChange) (experiments.ChannelSettings, error)
}

// App is the transport-agnostic heart of the bot: a Command in, a Reply out.
// The socket-mode loop and the console both drive it.
type App struct {
	store Store
	log   *slog.Logger
	// Now is the clock, pinned in tests.
	Now func() time.Time
	// Zone is the default zone of channels that chose none.
	Zone *time.Location
	// CommandName is the slash command as users type it, for examples.
	CommandName string
	// Schedules are the bot's default schedules, which `schedule` shows for
	// channels that chose none.
	Schedules schedule.Defaults
	// Reschedule, if set, is told when a channel's schedules or zone
	// changed, so they take effect at once (Scheduler.Reload).
	Reschedule func(ctx context.Context, team, channel string) error
	// Watch, if set, is told of a channel that got an experiment, so that
	// a channel's first experiment starts its schedules at once rather
	// than at the scheduler's next rescan (Scheduler.Watch).
	Watch func(ctx context.Context, team, channel string)
	// MetadataKey seals the private_metadata of the modals the bot opens
	// (modal_trust.go). NewApp draws a random one, which forms opened
	// before a restart would not survive: serve sets the database's.
	MetadataKey []byte
	// Zones, if set, gives users' own zones for the check-in DM's "days
	// left"; without it the DM speaks in the channel's zone.
	Zones ZoneLookup
	// Observe, if set, hears what the bot does, for metrics (observe.go).
	Observe Observer
}

// NewApp returns an App on store. A nil log discards; a nil zone is UTC.
func NewApp(store Store, log *slog.Logger, zone *time.Location) *App {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if zone == nil {
		zone = time.UTC
	}
	return &App{store: store, log: log, Now: time.Now, Zone: zone, CommandName: experiments.DefaultCommandName, MetadataKey: newMetadataKey()}
}

// zoneOf returns the channel's zone: its own setting, else the default
// (see schedule.ZoneOf).
func (a *App) zoneOf(s experiments.ChannelSettings) *time.Location {
	return schedule.ZoneOf(s, a.Zone, a.log)
}

// createExperiment stores e with its announcements and tells Watch of its
// channel.
func (a *App) createExperiment(ctx context.Context, e *experiments.Experiment, notify Notify) error {
	if err := a.store.CreateExperiment(ctx, e, notify); err != nil {
		return err
	}
	if a.Watch != nil {
		a.Watch(ctx, e.Team, e.Channel)
	}
	return nil
}
