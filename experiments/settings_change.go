package experiments

import (
	"strconv"
	"strings"
)

// Bounds of the settings `/exp settings` changes, in their units.
const (
	MaxTempoTarget    = 50  // launches a week
	MaxQuietAfterDays = 90  // days
	MaxIdeaStaleDays  = 365 // days
	MaxExperimentDays = 180 // days
)

// SettingsChange is one change of a channel's settings, as `/exp settings`
// reads it: exactly one field is set. Levers set to an empty list means the
// default levers.
type SettingsChange struct {
	TempoTarget    *int
	QuietAfterDays *int
	IdeaStaleDays  *int
	ExperimentDays *int
	Levers         *[]string
}

// settingNames are the settings `/exp settings <name> <value>` changes, in
// the order settings lists them.
var settingNames = []string{"levers", "tempo", "quiet", "stale", "length"}

// SettingsUsage shows every change `/exp settings` makes.
const SettingsUsage = "`/exp settings levers acquisition,activation,retention` · `/exp settings tempo 4` (launches a week) · " +
	"`/exp settings quiet 5` (days without a check-in) · `/exp settings stale 21` (days an idea may wait) · " +
	"`/exp settings length 10d` (an experiment with no `by:`) — `default` goes back to the default of any of them."

// ParseSettingsChange reads `<name> <value>`: levers (ParseLevers), tempo
// (launches a week, 1–MaxTempoTarget), quiet and stale (days, up to
// MaxQuietAfterDays and MaxIdeaStaleDays) or length (days, `10`, `10d` or
// `2w`, up to MaxExperimentDays). The value `default` brings back the
// default. A name it does not know gets a "did you mean".
func ParseSettingsChange(text string) (SettingsChange, error) {
	name, value := CutWord(text)
	name, value = strings.ToLower(name), strings.TrimSpace(value)
	var c SettingsChange
	switch name {
	case "levers", "lever":
		levers, err := ParseLevers(value)
		c.Levers = &levers
		return c, err
	case "tempo":
		return c, parseSetting(&c.TempoTarget, value, DefaultTempoTargetPerWeek, MaxTempoTarget, "tempo", "4", "launches a week")
	case "quiet":
		return c, parseSetting(&c.QuietAfterDays, value, DefaultQuietAfterDays, MaxQuietAfterDays, "quiet", "5", "days")
	case "stale":
		return c, parseSetting(&c.IdeaStaleDays, value, DefaultIdeaStaleDays, MaxIdeaStaleDays, "stale", "21", "days")
	case "length":
		return c, parseSetting(&c.ExperimentDays, value, DefaultExperimentDays, MaxExperimentDays, "length", "10d", "days")
	}
	hint := ""
	if m, ok := DidYouMean(name, settingNames); ok {
		hint = " Did you mean `" + m + "`?"
	}
	return c, Errorf(EINVALID, "%s is not a setting.%s Change one at a time: %s", echo(name), hint, SettingsUsage)
}

// parseSetting reads a whole number of unit from 1 to most, or default
// (def), into *dst. Days may carry a d (`10d`) or be weeks (`2w`).
func parseSetting(dst **int, value string, def, most int, name, example, unit string) error {
	if value == "" {
		return Errorf(EINVALID, "Say the new value, e.g. `/exp settings %s %s`.", name, example)
	}
	n, ok := def, strings.EqualFold(value, "default")
	if !ok {
		n, ok = readCount(strings.ToLower(value), unit == "days")
	}
	if !ok || n < 1 || n > most {
		return Errorf(EINVALID, "%s is not a %s: say a whole number of %s from 1 to %d, e.g. `/exp settings %s %s`, or `default`.",
			echo(value), name, unit, most, name, example)
	}
	*dst = &n
	return nil
}

// ParseDays reads a number of days the way settings (and `away`) take it:
// `10`, `10d` or `2w`, in any case. It is false for anything else (a `+`,
// a fraction, another unit); the caller checks the range, 0 and negative
// numbers included.
func ParseDays(s string) (int, bool) {
	return readCount(strings.ToLower(strings.TrimSpace(s)), true)
}

// readCount reads a whole number; days may end in d, or be weeks ending in w.
func readCount(v string, days bool) (int, bool) {
	mult := 1
	switch {
	case days && strings.HasSuffix(v, "d"):
		v = v[:len(v)-1]
	case days && strings.HasSuffix(v, "w"):
		v, mult = v[:len(v)-1], 7
	}
	n, err := strconv.Atoi(v)
	if err != nil || strings.HasPrefix(v, "+") || n > 1_000_000 {
		return 0, false
	}
	return n * mult, true
}

// Apply returns s with c's change made.
func (s ChannelSettings) Apply(c SettingsChange) ChannelSettings {
	set(&s.TempoTarget, c.TempoTarget)
	set(&s.QuietAfterDays, c.QuietAfterDays)
	set(&s.IdeaStaleDays, c.IdeaStaleDays)
	set(&s.ExperimentDays, c.ExperimentDays)
	set(&s.Levers, c.Levers)
	return s
}

// Changed names the setting c changes, as settings lists it.
func (c SettingsChange) Changed() string {
	switch {
	case c.Levers != nil:
		return "levers"
	case c.TempoTarget != nil:
		return "tempo target"
	case c.QuietAfterDays != nil:
		return "quiet threshold"
	case c.IdeaStaleDays != nil:
		return "stale-idea threshold"
	}
	return "default length"
}
