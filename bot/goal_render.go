package bot

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

// The words of a goal's own progress (experiments.MeasureGoal), shared by
// `goals`, `goal log`, `plan`, the digest and the App Home.

// progressBarCells is how many cells the text bar of a goal's progress has.
const progressBarCells = 10

// goalReadingsShown is how many experiments' values a goal with no value
// of its own lists beside the hint to log one.
const goalReadingsShown = 3

// goalProgressText is how far a goal has come: "subscribers 4,300 of
// 6,000 · 43% of the way from 3,000 `▓▓▓▓░░░░░░`"; with no target, the
// value and how to set one. "" with no value.
func goalProgressText(g experiments.Goal, p experiments.GoalProgress, command string) string {
	if !p.HasValue {
		return ""
	}
	value := experiments.GroupedNumber(p.Latest)
	if g.Metric != "" {
		value = blockkit.Escape(g.Metric) + " " + value
	}
	switch {
	case !p.HasLevel:
		return fmt.Sprintf("%s · no target to measure it against: `%s goal edit %s target:…`", value, command, g.Ref())
	case p.Pace == experiments.PaceUnknown:
		return fmt.Sprintf("%s · its target %s is where it started: `%s goal edit %s start:… target:…`", value, experiments.GroupedNumber(p.Level), command, g.Ref())
	}
	way := fmt.Sprintf("%d%% of the way from %s", int(math.Floor(p.Share*100)), experiments.GroupedNumber(p.Start))
	if p.Share < 0 {
		way = "moving away from the target, from " + experiments.GroupedNumber(p.Start)
	}
	return fmt.Sprintf("%s of %s · %s `%s`", value, experiments.GroupedNumber(p.Level), way, progressBar(p.Share))
}

// goalPaceText is where a goal's pace leads: "at this pace 6,000 by
// 2027-01-20, 10 days after the deadline", "… before the deadline", "no
// progress yet" or "target reached"; "" when it cannot be measured.
func goalPaceText(g experiments.Goal, p experiments.GoalProgress) string {
	level := experiments.GroupedNumber(p.Level)
	switch p.Pace {
	case experiments.PaceFlat:
		return "no progress yet"
	case experiments.PaceReached:
		return "target reached"
	case experiments.PaceFar:
		return fmt.Sprintf("at this pace %s is more than %d years away", level, experiments.MaxPaceDays/365)
	case experiments.PaceLate:
		return fmt.Sprintf("at this pace %s by %s, %s after the deadline", level, p.ETA, experiments.CountOf(p.DaysLate, "day"))
	case experiments.PaceOnTime:
		if g.Deadline.IsZero() {
			return fmt.Sprintf("at this pace %s by %s", level, p.ETA)
		}
		return fmt.Sprintf("at this pace %s by %s, before the deadline", level, p.ETA)
	}
	return ""
}

// goalStanding is a goal's progress and pace in one line, with when its
// latest value was logged; for a goal with no value of its own, the hint
// to log one and the latest values of its experiments on its metric.
func goalStanding(g experiments.Goal, p experiments.GoalProgress, readings []experiments.Reading, command string, now time.Time, loc *time.Location) string {
	if !p.HasValue {
		return goalNoValueText(g, readings, command, now, loc)
	}
	parts := []string{goalProgressText(g, p, command)}
	if pace := goalPaceText(g, p); pace != "" {
		parts = append(parts, pace)
	}
	return strings.Join(parts, " · ") + ", logged " + daysAgoWords(experiments.CalendarDaysSince(p.LatestAt, now, loc))
}

// goalNoValueText is the hint of a goal with no value of its own: "log the
// goal's own number: `/exp goal log G1 4300`", after the latest values of
// its experiments on its metric when some logged one ("its experiments on
// signups: #4 640 (3 days ago), #7 500 (today)"), which are theirs and not
// the goal's. With a nil loc the values go without their age, as the
// digest's short line shows them.
func goalNoValueText(g experiments.Goal, readings []experiments.Reading, command string, now time.Time, loc *time.Location) string {
	hint := fmt.Sprintf("log the goal's own number: `%s goal log %s 4300`", command, g.Ref())
	if len(readings) == 0 {
		return "no value yet — " + hint
	}
	shown := readings[:min(len(readings), goalReadingsShown)]
	refs := make([]string, len(shown))
	for i, r := range shown {
		refs[i] = fmt.Sprintf("#%d %s", r.Number, experiments.GroupedNumber(r.Value))
		if loc != nil {
			refs[i] += " (" + daysAgoWords(experiments.CalendarDaysSince(r.At, now, loc)) + ")"
		}
	}
	list := strings.Join(refs, ", ")
	if more := len(readings) - len(shown); more > 0 {
		list += " +" + strconv.Itoa(more)
	}
	return fmt.Sprintf("no value yet; its experiments on %s: %s — %s", blockkit.Escape(g.Metric), list, hint)
}

// progressBar draws a share of the way in progressBarCells cells, full
// past the target and empty before the start: "▓▓▓▓░░░░░░".
func progressBar(share float64) string {
	filled := int(math.Floor(math.Max(0, math.Min(1, share)) * progressBarCells))
	return strings.Repeat("▓", filled) + strings.Repeat("░", progressBarCells-filled)
}
