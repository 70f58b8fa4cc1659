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

// quote turns escaped text into a mrkdwn block quote, line by line.
func quote(s string) string { return ">" + strings.ReplaceAll(s, "\n", "\n>") }

// aimLine says what an experiment aims for: metric, target, deadline — or
// asks for them, since every experiment should start at the end.
func aimLine(e experiments.Experiment) string {
	parts := aimParts(e.Metric, e.Target, e.Deadline)
	if missing := missingAim(e); missing != "" {
		parts = append(parts, "_aim later: add "+missing+" with `edit "+e.Ref()+"`_")
	}
	return strings.Join(parts, " · ")
}

// withLever adds e's lever, when it has one, to a line about it: lever
// names are short (experiments.MaxLeverRunes), so it fits any line.
func withLever(line string, e experiments.Experiment) string {
	if e.Lever == "" {
		return line
	}
	return line + " · lever *" + blockkit.Escape(e.Lever) + "*"
}

// leverWords is " on lever activation", "" for none.
func leverWords(e experiments.Experiment) string {
	if e.Lever == "" {
		return ""
	}
	return " on lever *" + blockkit.Escape(e.Lever) + "*"
}

// missingAim names what the experiment's aim lacks: "a metric", "a target",
// "a metric and target", or "" when it has both.
func missingAim(e experiments.Experiment) string {
	switch noMetric, noTarget := e.Metric == "", e.Target.IsZero(); {
	case noMetric && noTarget:
		return "a metric and target"
	case noMetric:
		return "a metric"
	case noTarget:
		return "a target"
	}
	return ""
}

// goalAimLine is aimLine for a goal, with its explicit start when it has
// one ("from *3,000*"), since that changes how its progress reads.
func goalAimLine(g experiments.Goal) string {
	parts := aimParts(g.Metric, g.Target, g.Deadline)
	if g.HasStart {
		parts = append(parts, "from *"+experiments.GroupedNumber(g.Start)+"*")
	}
	if len(parts) == 0 {
		return "no metric, target or deadline yet"
	}
	return strings.Join(parts, " · ")
}

func aimParts(metric string, target experiments.Target, deadline experiments.Date) []string {
	var parts []string
	if metric != "" {
		parts = append(parts, "metric *"+blockkit.Escape(metric)+"*")
	}
	if !target.IsZero() {
		parts = append(parts, "target *"+blockkit.Escape(target.String())+"*")
	}
	if !deadline.IsZero() {
		parts = append(parts, "by *"+deadline.String()+"*")
	}
	return parts
}

// dueLine says how the deadline stands today in loc.
func dueLine(e experiments.Experiment, now time.Time, loc *time.Location) string {
	if e.Status != experiments.StatusRunning || e.Deadline.IsZero() {
		return ""
	}
	days := experiments.DateOf(now, loc).DaysUntil(e.Deadline)
	switch {
	case days < 0:
		return "overdue — decide now"
	case days == 0:
		return "due today"
	case days == 1:
		return "1 day left"
	}
	return strconv.Itoa(days) + " days left"
}

// listLine is an experiment as one line of a list.
func listLine(e experiments.Experiment, now time.Time, loc *time.Location) string {
	parts := []string{fmt.Sprintf("*%s* %s", e.Ref(), blockkit.Escape(e.Title)), statusWord(e)}
	if aim := aimParts(e.Metric, e.Target, experiments.Date{}); len(aim) > 0 {
		parts = append(parts, strings.Join(aim, " "))
	}
	if due := dueLine(e, now, loc); due != "" {
		parts = append(parts, due)
	}
	if e.Lever != "" {
		parts = append(parts, "lever "+blockkit.Escape(e.Lever))
	}
	if !e.ICE.IsZero() {
		parts = append(parts, fmt.Sprintf("ICE %s", e.ICE))
	}
	return strings.Join(append(parts, "<@"+e.Owner+">"), " · ")
}

func statusWord(e experiments.Experiment) string {
	if e.Status == experiments.StatusDecided {
		return "decided: " + string(e.Decision)
	}
	return string(e.Status)
}

// lineSections packs lines into as few sections as fit 3000 characters.
func lineSections(lines []string) []slack.Block {
	var blocks []slack.Block
	var cur strings.Builder
	for _, l := range lines {
		if cur.Len() > 0 && len([]rune(cur.String()))+len([]rune(l))+1 > blockkit.MaxSectionText {
			blocks = append(blocks, blockkit.Section(cur.String()))
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteString("\n")
		}
		cur.WriteString(l)
	}
	if cur.Len() > 0 {
		blocks = append(blocks, blockkit.Section(cur.String()))
	}
	return blocks
}
