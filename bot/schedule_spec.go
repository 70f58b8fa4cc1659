package bot

import "github.com/aimlater/aimlater/bot/schedule"

// checkUserSpec validates a schedule typed by a user in the channel ch and
// returns what to store: the spec, "off", or "" for the bot's default (see
// schedule.CheckChannel).
func checkUserSpec(value string, ch channelContext) (string, error) {
	return schedule.CheckChannel(value, ch.loc, ch.now)
}
