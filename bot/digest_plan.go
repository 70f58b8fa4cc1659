package bot

import (
	"fmt"
	"strings"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// goalPlanBlocks is the digest's goal section: the plan (experiments.Plan)
// in brief, as of the end of the reviewed week, one line an open goal,
// soonest deadline first: days left, running and kept, the value against
// the target, the next move, and the nudge of a goal near its deadline
// with nothing kept. A goal with nothing running, or nudged, carries New
// test for it; the lines of the others share sections, so the section
// takes no more blocks than its buttons need.
func goalPlanBlocks(r digestReport) []slack.Block {
	if len(r.Plan) == 0 {
		return nil
	}
	lines := []string{fmt.Sprintf(":dart: *Goals* · %d open, soonest deadline first — `%s plan` for each in full",
		len(r.Plan), r.Command)}
	var blocks []slack.Block
	for _, p := range digestShown(r.Plan) {
		line := goalPlanLine(r, p)
		if len(p.Running) > 0 && !p.Nudge {
			lines = append(lines, line)
			continue
		}
		blocks = append(append(blocks, lineSections(lines)...),
			slack.NewSectionBlock(blockkit.Mrkdwn(blockkit.FitMrkdwn(line, blockkit.MaxSectionText)), nil, slack.NewAccessory(newForGoalButton(p.Goal))))
		lines = nil
	}
	if more := len(r.Plan) - digestListCap; more > 0 {
		lines = append(lines, "_"+blockkit.AndMore(more)+": `"+r.Command+" plan` shows them_")
	}
	return append(blocks, lineSections(lines)...)
}

// goalPlanLine is one goal of the digest's plan.
func goalPlanLine(r digestReport, p experiments.GoalPlan) string {
	w := r.Reviewed
	parts := []string{fmt.Sprintf("• *%s* %s", p.Goal.Ref(), blockkit.Escape(p.Goal.Title)), planDaysWords(p), planCounts(p)}
	if v := planValueBrief(p, r.Command); v != "" {
		parts = append(parts, v)
	}
	parts = append(parts, "next: "+planMoveShort(p, r.Command))
	line := strings.Join(parts, " · ")
	if n := planNudge(p, r.Command, w.AsOf, w.Loc); n != "" {
		line += "\n" + n
	}
	return line
}
