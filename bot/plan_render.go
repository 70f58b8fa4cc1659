package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// The words of the 90-day plan (experiments.Plan), shared by `/exp plan`,
// which shows each goal whole, and the digest, which shows one line a
// goal. command is the slash command, for the commands the words name.

// planDaysWords says how a goal's deadline stands: "29 days left (by
// 2026-04-01)", "due today", "5 days past its deadline", or "no deadline".
func planDaysWords(p experiments.GoalPlan) string {
	if !p.HasDeadline {
		return "no deadline"
	}
	by := " (by " + p.Goal.Deadline.String() + ")"
	switch {
	case p.DaysLeft < 0:
		return experiments.CountOf(-p.DaysLeft, "day") + " past its deadline" + by
	case p.DaysLeft == 0:
		return "due today" + by
	}
	return experiments.CountOf(p.DaysLeft, "day") + " left" + by
}

// planGroups names the experiments serving a goal, grouped running, kept,
// killed and iterated (an iterate's follow-up is named where it stands
// now), each group's latest few and "+N" for the rest: "running #4, #7 ·
// kept #2 · killed #1, #3 +2".
func planGroups(p experiments.GoalPlan) string {
	running := make([]int, 0, min(len(p.Running), experiments.PlanListCap))
	for _, e := range p.Running[:min(len(p.Running), experiments.PlanListCap)] {
		running = append(running, e.Number)
	}
	var parts []string
	for _, g := range []struct {
		word  string
		count int
		shown []int
	}{
		{"running", len(p.Running), running},
		{"kept", p.Kept, p.Latest[experiments.DecisionKeep]},
		{"killed", p.Killed, p.Latest[experiments.DecisionKill]},
		{"iterated", p.Iterated, p.Latest[experiments.DecisionIterate]},
	} {
		if g.count > 0 {
			parts = append(parts, g.word+" "+refList(g.shown, g.count))
		}
	}
	if len(parts) == 0 {
		return "no experiment yet"
	}
	return strings.Join(parts, " · ")
}

// refList is "#4, #7 +3": the shown numbers and how many more there are.
func refList(shown []int, count int) string {
	refs := make([]string, len(shown))
	for i, n := range shown {
		refs[i] = "#" + strconv.Itoa(n)
	}
	s := strings.Join(refs, ", ")
	if more := count - len(shown); more > 0 {
		if s != "" {
			s += " "
		}
		s += "+" + strconv.Itoa(more)
	}
	return s
}

// planCounts is the digest's short form of planGroups: "2 running · 1
// kept".
func planCounts(p experiments.GoalPlan) string {
	return fmt.Sprintf("%d running · %d kept", len(p.Running), p.Kept)
}

// planValue is where a goal's own number stands (goalStanding):
// "subscribers 4,300 of 6,000 · 43% of the way from 3,000 `▓▓▓▓░░░░░░` ·
// at this pace 6,000 by 2027-01-20, 10 days after the deadline, logged 3
// days ago"; with no value of its own, the hint to log one beside its
// experiments' values. "" for a goal with neither a metric nor a value.
func planValue(p experiments.GoalPlan, command string, now time.Time, loc *time.Location) string {
	if p.Goal.Metric == "" && !p.Progress.HasValue {
		return ""
	}
	return goalStanding(p.Goal, p.Progress, p.Readings, command, now, loc)
}

// planValueBrief is the digest's short form of planValue: the progress
// and the pace, or the hint to log the goal's own number beside its
// experiments' values, without their age; "" for a goal with neither a
// metric nor a value.
func planValueBrief(p experiments.GoalPlan, command string) string {
	g := p.Goal
	switch {
	case p.Progress.HasValue:
		v := goalProgressText(g, p.Progress, command)
		if pace := goalPaceText(g, p.Progress); pace != "" {
			v += " · " + pace
		}
		return v
	case g.Metric == "":
		return ""
	}
	return goalNoValueText(g, p.Readings, command, time.Time{}, nil)
}

// daysAgoWords is "today", "yesterday" or "3 days ago".
func daysAgoWords(days int) string {
	switch {
	case days <= 0:
		return "today"
	case days == 1:
		return "yesterday"
	}
	return experiments.CountOf(days, "day") + " ago"
}

// planMove is a goal's next move in a sentence with the command that
// makes it.
func planMove(p experiments.GoalPlan, command string, now time.Time, loc *time.Location) string {
	e, g := p.Move.Experiment, p.Goal
	switch p.Move.Kind {
	case experiments.MoveDecide:
		return fmt.Sprintf("%s is past its deadline: decide — `%s decide %s keep|kill|iterate …`", e.Ref(), command, e.Ref())
	case experiments.MoveLaunch:
		return fmt.Sprintf("no test running: launch %s %s? `%s launch %s`", e.Ref(), blockkit.Escape(e.Title), command, e.Ref())
	case experiments.MoveIdea:
		return fmt.Sprintf("no test running and no idea for it: `%s idea … goal:%s`", command, g.Ref())
	}
	if e.Deadline.IsZero() {
		return fmt.Sprintf("%s runs: check in with `%s log %s …`", e.Ref(), command, e.Ref())
	}
	return fmt.Sprintf("%s is due %s: check in with `%s log %s …`", e.Ref(), dueWords(experiments.DaysLeft(e.Deadline, now, loc)), command, e.Ref())
}

// dueWords is "today", "tomorrow" or "first, in 5 days".
func dueWords(days int) string {
	switch {
	case days <= 0:
		return "today"
	case days == 1:
		return "tomorrow"
	}
	return "first, in " + experiments.CountOf(days, "day")
}

// planMoveShort is the digest's short form of planMove: "launch #6".
func planMoveShort(p experiments.GoalPlan, command string) string {
	e, g := p.Move.Experiment, p.Goal
	switch p.Move.Kind {
	case experiments.MoveDecide:
		return "decide " + e.Ref() + ", past its deadline"
	case experiments.MoveLaunch:
		return "launch " + e.Ref() + "?"
	case experiments.MoveIdea:
		return fmt.Sprintf("no idea for it: `%s idea … goal:%s`", command, g.Ref())
	}
	return "check in on " + e.Ref()
}

// planNudge is the nudge of a goal near its deadline, or past it, with
// nothing kept: close it, extend it (to DefaultGoalDays from today), or
// shoot, each with its command; "" when p needs none.
func planNudge(p experiments.GoalPlan, command string, now time.Time, loc *time.Location) string {
	if !p.Nudge {
		return ""
	}
	g := p.Goal
	when := experiments.CountOf(p.DaysLeft, "day") + " left"
	switch {
	case p.DaysLeft < 0:
		when = "Past its deadline"
	case p.DaysLeft == 0:
		when = "Due today"
	}
	return fmt.Sprintf(":hourglass: *%s and nothing kept:* close it (`%s goal close %s …`), extend it (`%s goal edit %s by:%s`), or shoot (`%s new … goal:%s`).",
		when, command, g.Ref(), command, g.Ref(), experiments.DefaultGoalDeadline(now, loc), command, g.Ref())
}

// planButton is the one button of a goal in the plan, where a handler
// exists for its move: Launch its top idea, or New test for it when
// nothing runs and no idea waits, or when its deadline nears with nothing
// kept (shoot); nil otherwise.
func planButton(p experiments.GoalPlan) *slack.Accessory {
	switch {
	case p.Move.Kind == experiments.MoveLaunch:
		return slack.NewAccessory(launchButton(p.Move.Experiment))
	case p.Move.Kind == experiments.MoveIdea || p.Nudge:
		return slack.NewAccessory(newForGoalButton(p.Goal))
	}
	return nil
}
