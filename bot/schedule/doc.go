// Package schedule is aimlater's tick engine: when each channel's
// check-ins and digest run, and running each due run once.
//
// It holds the one reader of schedule specs (Parse, with CheckDefault for
// the operator's defaults and CheckChannel for a channel's own), read on
// the wall clock of a zone with daylight saving time put right (Spec); the
// decision of which tick is due after a restart (one catch-up at most,
// within a window); the Scheduler, which keeps a robfig/cron entry per
// channel and kind and records each tick with its messages in one
// transaction through Store; and the one zone loader (LoadZone) and zone
// resolver (ZoneOf) that the bot, the scheduler and the command line share.
//
// It imports the standard library, experiments and robfig/cron only: the
// jobs that build the messages (bot's check-in round and digest) are
// registered by the caller, and it knows nothing of Slack.
package schedule
