package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// PlanStore is what `/exp plan` needs from storage: the facts of a
// channel's plan, in one read. *storage.DB implements it.
type PlanStore interface {
	// LoadPlan reads the facts of the plan as of asOf, with the latest
	// latest decisions of each verdict for every goal.
	LoadPlan(ctx context.Context, team, channel string, asOf time.Time, latest int) (experiments.PlanFacts, error)
}

// planUsage is the usage of `plan`.
const planUsage = "`/exp plan` shows this channel's open goals, soonest deadline first, with the next move for each; it takes nothing more."

// maxPlanGoals is how many goals `plan` shows, one block each, within
// Slack's 50 blocks with its title and "… and N more".
const maxPlanGoals = blockkit.MaxMessageBlocks - 2

// cmdPlan shows the channel's 90-day plan (experiments.Plan): each open
// goal, soonest deadline first, with its days left, the experiments
// serving it, its value against its target, the next move and, near its
// deadline with nothing kept, a nudge.
func (a *App) cmdPlan(ctx context.Context, c Command, args string) (Reply, error) {
	ch, err := a.bareChannelCommand(ctx, c, args, "plan", planUsage)
	if err != nil {
		return Reply{}, err
	}
	f, err := a.store.Plan.LoadPlan(ctx, c.Team, c.Channel, ch.now, experiments.PlanListCap)
	if err != nil {
		return Reply{}, err
	}
	plans := experiments.Plan(f, ch.now, ch.loc)
	if len(plans) == 0 {
		return textReply(fmt.Sprintf(":dart: No open goal here yet. Set one: `%s goal Double trial signups metric:signups target:+100%%`; with no `by:` it runs %d days.",
			a.CommandName, experiments.DefaultGoalDays)), nil
	}
	return a.planReply(plans, ch.now, ch.loc), nil
}

// planReply renders the plan: a title, then a section a goal with its
// button, as many goals as fit.
func (a *App) planReply(plans []experiments.GoalPlan, now time.Time, loc *time.Location) Reply {
	head := fmt.Sprintf(":calendar: *The plan* · %s, soonest deadline first", experiments.CountOf(len(plans), "open goal"))
	texts := []string{head}
	blocks := []slack.Block{blockkit.Section(head)}
	shown := plans[:min(len(plans), maxPlanGoals)]
	for _, p := range shown {
		text := planGoalText(p, a.CommandName, now, loc)
		texts = append(texts, text)
		blocks = append(blocks, slack.NewSectionBlock(blockkit.Mrkdwn(blockkit.FitMrkdwn(text, blockkit.MaxSectionText)), nil, planButton(p)))
	}
	if more := len(plans) - len(shown); more > 0 {
		line := fmt.Sprintf("_%s: `%s goals` lists them all._", blockkit.AndMore(more), a.CommandName)
		texts, blocks = append(texts, line), append(blocks, blockkit.Section(line))
	}
	return Reply{Text: strings.Join(texts, "\n"), Blocks: blocks}
}

// planGoalText is one goal of the plan: its title and days left, the
// experiments serving it, its value, the next move and the nudge.
func planGoalText(p experiments.GoalPlan, command string, now time.Time, loc *time.Location) string {
	lines := []string{
		fmt.Sprintf("*%s* %s · %s", p.Goal.Ref(), blockkit.Escape(p.Goal.Title), planDaysWords(p)),
		"• " + planGroups(p),
	}
	if v := planValue(p, command, now, loc); v != "" {
		lines = append(lines, "• "+v)
	}
	lines = append(lines, "• Next: "+planMove(p, command, now, loc))
	if n := planNudge(p, command, now, loc); n != "" {
		lines = append(lines, n)
	}
	return strings.Join(lines, "\n")
}
