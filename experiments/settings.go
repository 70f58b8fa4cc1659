package experiments

import "time"

// Defaults of a channel's settings.
const (
	DefaultQuietAfterDays     = 7
	DefaultIdeaStaleDays      = 14
	DefaultExperimentDays     = 14
	DefaultTempoTargetPerWeek = 3
	// DefaultGoalDays is the horizon of a goal set with no by:, as the
	// plan is a 90-day plan.
	DefaultGoalDays = 90
)

// DefaultCommandName is the slash command the bot answers to unless told
// otherwise (manifest.yaml declares it). This package's texts write their
// examples with it; bot puts the configured name in its place.
const DefaultCommandName = "/exp"

// ChannelSettings is how one channel runs its loop. Empty schedules and zone
// mean "the bot's defaults" (from its configuration), so a change of the
// defaults reaches every channel that never chose its own.
type ChannelSettings struct {
	Team            string
	Channel         string
	CheckInSchedule string // robfig/cron spec or "off"; "" = bot default
	DigestSchedule  string // robfig/cron spec or "off"; "" = bot default
	TimeZone        string // IANA name; "" = bot default
	QuietAfterDays  int    // a running experiment with no check-in for this long has gone quiet
	IdeaStaleDays   int    // an idea older than this is stuck in planning
	ExperimentDays  int    // default length of an experiment with no by:
	TempoTarget     int    // launches a week the team aims for
	// Levers are the growth levers its experiments may pull, in the
	// channel's order; nil means DefaultLevers (see LeverList).
	Levers []string
}

// DefaultChannelSettings returns the settings of a channel that changed nothing.
func DefaultChannelSettings(team, channel string) ChannelSettings {
	return ChannelSettings{
		Team:           team,
		Channel:        channel,
		QuietAfterDays: DefaultQuietAfterDays,
		IdeaStaleDays:  DefaultIdeaStaleDays,
		ExperimentDays: DefaultExperimentDays,
		TempoTarget:    DefaultTempoTargetPerWeek,
	}
}

// DefaultDeadline is the deadline of an experiment that starts running at
// now, in the channel's zone loc, with no by: of its own: the channel's
// default length (DefaultExperimentDays when unset) from today.
func (s ChannelSettings) DefaultDeadline(now time.Time, loc *time.Location) Date {
	return DateOf(now, loc).AddDays(positiveOr(s.ExperimentDays, DefaultExperimentDays))
}

// DefaultGoalDeadline is the deadline of a goal set at now, in the
// channel's zone loc, with no by: of its own: DefaultGoalDays from today.
func DefaultGoalDeadline(now time.Time, loc *time.Location) Date {
	return DateOf(now, loc).AddDays(DefaultGoalDays)
}
