package bot

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// numbersBlocks are the digest's numbers as fields under a title, all of
// the reviewed week: its launches (the trend's last bar) against the tempo
// target, the 8-week trend ending with it, win rate and the two medians as
// of its end.
func numbersBlocks(r digestReport) []slack.Block {
	trend := r.Trend
	weeks := ""
	if len(trend) > 0 {
		weeks = fmt.Sprintf(" · W%02d–W%02d", trend[0].Week, trend[len(trend)-1].Week)
	}
	return []slack.Block{blockkit.Section(":bar_chart: *The numbers*"), blockkit.Fields(
		"*Launches in W"+fmt.Sprintf("%02d", r.Reviewed.Week)+"*\n"+fmt.Sprintf("%d · tempo %s · target %d",
			r.Shipped(), experiments.PerWeek(r.Measures.Tempo, "launch"), r.Measures.TempoTarget),
		"*8-week trend*\n"+sparkline(trend)+weeks,
		"*Win rate, 90 days*\n"+winRate(r.WinRate, r.Decided),
		"*Time to decision*\n"+medianWords(r.TimeToDecision, r.HasTimeToDecision, "no decisions yet"),
		"*Planning lag*\n"+medianWords(r.PlanningLag, r.HasPlanningLag, "no launches yet"),
	)}
}

// sparkBars are the levels of a sparkline, lowest first.
var sparkBars = []rune("▁▂▃▄▅▆▇")

// sparkline draws the launches of each week as a bar scaled to the busiest
// week: no launch is the lowest bar, the busiest week the highest, and a
// week with any launch at least the second lowest.
func sparkline(weeks []experiments.WeekCount) string {
	top := 0
	for _, w := range weeks {
		top = max(top, w.Launches)
	}
	var b strings.Builder
	for _, w := range weeks {
		level := 0
		if w.Launches > 0 {
			level = max(1, int(math.Round(float64(w.Launches)/float64(top)*float64(len(sparkBars)-1))))
		}
		b.WriteRune(sparkBars[level])
	}
	return b.String()
}

// winRate is "40% of 10 decisions", rounded down like the stage's shares.
func winRate(rate float64, decided int) string {
	if decided == 0 {
		return "no decisions yet"
	}
	return fmt.Sprintf("%d%% of %s", int(math.Floor(rate*100+1e-9)), experiments.CountOf(decided, "decision"))
}

// medianWords is a median duration in words, or none when there was nothing to
// take it of.
func medianWords(d time.Duration, ok bool, none string) string {
	if !ok {
		return none
	}
	return "median " + humanDays(d)
}

// humanDays says a duration the way a team talks about experiments: "3.5
// days", "1 day", "5 hours", "under an hour".
func humanDays(d time.Duration) string {
	switch {
	case d < time.Hour:
		return "under an hour"
	case d < 24*time.Hour:
		return experiments.CountOf(int(d/time.Hour), "hour")
	}
	days := math.Round(d.Hours()/24*10) / 10
	if days == 1 {
		return "1 day"
	}
	return strconv.FormatFloat(days, 'f', -1, 64) + " days"
}

// stageEmoji marks each stage of growth.
var stageEmoji = map[experiments.Stage]string{
	experiments.StageMomentum: ":seedling:",
	experiments.StageMaturity: ":muscle:",
	experiments.StageMastery:  ":trophy:",
}

// stageBlock is the team's stage with the one line saying why.
func stageBlock(r digestReport) *slack.SectionBlock {
	return blockkit.Section(fmt.Sprintf("%s *Team stage: %s*\n%s", stageEmoji[r.Stage], r.Stage, blockkit.EscapeMarkup(r.StageWhy)))
}

// nudgesBlock is the one or two things to change this week.
func nudgesBlock(r digestReport) *slack.SectionBlock {
	lines := []string{":sparkles: *What to change this week*"}
	for _, n := range r.Nudges {
		lines = append(lines, "• "+blockkit.EscapeMarkup(n))
	}
	return blockkit.Section(strings.Join(lines, "\n"))
}
