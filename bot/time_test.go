package bot

import "github.com/aimlater/aimlater/internal/testkit"

// The time helpers the bot's tests share with other packages'.
var (
	mustZone = testkit.MustZone
	utc      = testkit.UTC
)

// clock is a pinned clock that tests set or move by hand.
type clock = testkit.Clock
