// Package bot is aimlater's Slack side: the App, the router from
// slash subcommand, action and view to a handler, Block Kit rendering and the
// outbox sender. It never imports storage: it gets what it needs through the
// small interfaces of Stores.
package bot

import (
	"context"
	"log/slog"
	"time"

	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
)

// App is the transport-agnostic heart of the bot: a Command in, a Reply out.
// The socket-mode loop and the console both drive it.
type App struct {
	store Stores
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

// NewApp returns an App on stores. A nil log discards; a nil zone is UTC.
func NewApp(store Stores, log *slog.Logger, zone *time.Location) *App {
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
	if err := a.store.Lifecycle.CreateExperiment(ctx, e, notify); err != nil {
		return err
	}
	if a.Watch != nil {
		a.Watch(ctx, e.Team, e.Channel)
	}
	return nil
}
