package experiments

import (
	"time"
	"unicode/utf8"
)

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

// parseLongText cleans text that may span lines (see CleanText) and
// refuses it past MaxNoteRunes, the one cap of every long text a user
// writes: what names it ("A note"), advice says how to keep it short.
func parseLongText(s, what, advice string) (string, error) {
	text := CleanText(s)
	if n := utf8.RuneCountInString(text); n > MaxNoteRunes {
		return "", Errorf(EINVALID, "%s is at most %d characters and this one has %d: %s", what, MaxNoteRunes, n, advice)
	}
	return text, nil
}

// ParseHypothesis reads a hypothesis, from `hypothesis:` or a form.
func ParseHypothesis(s string) (string, error) {
	return parseLongText(s, "A hypothesis", "say it in a sentence, e.g. "+editKeys["hypothesis"]+".")
}

// Clip cuts s to at most max runes, ending with "…" when cut, so a long
// user text never makes a long message. It cuts between runes, never inside
// one. (bot/blockkit, which imports Slack's types only, keeps its own
// Truncate of the same rule.)
func Clip(s string, max int) string {
	if max <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max-1]) + "…"
}
