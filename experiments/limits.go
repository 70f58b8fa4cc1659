package experiments

import "time"

// Limits of how often a channel hears from the bot, whoever asks.
const (
	// MinChannelSchedulePeriod is the shortest period of a channel's own
	// check-in or digest schedule: anything more often would bury owners
	// in DMs and a channel in digests. The operator's defaults are exempt.
	MinChannelSchedulePeriod = time.Hour
	// DigestRepostInterval is how long after a digest was posted to a
	// channel `/exp digest` shows it to the caller alone instead of
	// posting it again.
	DigestRepostInterval = 10 * time.Minute
)
