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

// homeFixedBlocks is how many blocks a home takes besides its experiments
// and ideas, at most: the header, a notice, the running list's title and
// "… and N more", the same two for the ideas, the channels, a divider and
// the how-to. What is left of Slack's 100 goes to the ideas shown, then
// two to each running experiment (its text, its buttons).
const homeFixedBlocks = 9

// homeView is everything a home is drawn from.
type homeView struct {
	experiments.HomeFacts
	order   experiments.IdeaOrder // the ideas' order, to say why one leads
	user    string
	notice  string // escaped mrkdwn shown on top; "" for none
	now     time.Time
	loc     *time.Location // the person's zone, for their deadlines
	command string
}

// blocks draws the home in at most 100 blocks.
func (h homeView) blocks() []slack.Block {
	blocks := []slack.Block{blockkit.Header("Your experiments")}
	if h.notice != "" {
		blocks = append(blocks, blockkit.Section(h.notice))
	}
	room := blockkit.MaxModalBlocks - homeFixedBlocks - len(h.Ideas)
	blocks = append(blocks, h.runningBlocks(room/2)...)
	blocks = append(blocks, h.ideaBlocks()...)
	blocks = append(blocks, h.channelsBlock(), slack.NewDividerBlock(), blockkit.Section(h.howTo()))
	return blocks
}

// runningBlocks lists the running experiments, overdue first, each with
// the check-in buttons, at most max of them, then "… and N more".
func (h homeView) runningBlocks(max int) []slack.Block {
	if h.RunningTotal == 0 {
		return []slack.Block{blockkit.Section(fmt.Sprintf(":seedling: *Nothing running.* Shoot first: `%s new Try LinkedIn carousel ads metric:signups target:+20%% by:2w` in a channel.", h.command))}
	}
	shown := h.Running[:min(len(h.Running), max)]
	blocks := []slack.Block{blockkit.Section(h.runningTitle())}
	dm := dmView{now: h.now, loc: h.loc, command: h.command}
	for _, e := range shown {
		var b strings.Builder
		fmt.Fprintf(&b, "*%s* %s · <#%s>\n", e.Ref(), blockkit.Escape(e.Title), e.Channel)
		dm.writeStanding(&b, e)
		b.WriteString("\n" + dm.lastCheckIn(e))
		blocks = append(blocks, blockkit.Section(b.String()), homeCheckInButtons(e))
	}
	if more := h.RunningTotal - len(shown); more > 0 {
		blocks = append(blocks, blockkit.ContextLine(fmt.Sprintf("%s running: `%s list running` in your DM with me lists them all.", blockkit.AndMore(more), h.command)))
	}
	return blocks
}

// runningTitle counts the running experiments and the overdue among them.
func (h homeView) runningTitle() string {
	title := ":hourglass_flowing_sand: *Running* · " + strconv.Itoa(h.RunningTotal)
	if n := len(experiments.Overdue(h.Running, h.now, h.loc)); n > 0 {
		title += fmt.Sprintf(" · :alarm_clock: %d past the deadline, oldest first", n)
	}
	return title + " · log a result or decide: keep, kill or iterate"
}

// homeCheckInButtons are the check-in DM's buttons for e; their labels
// carry the ref, so a console reads [Keep #4].
func homeCheckInButtons(e experiments.Experiment) *slack.ActionBlock {
	n := strconv.Itoa(e.Number)
	return slack.NewActionBlock("home:"+n,
		blockkit.Button(actionCheckInLog, "Log "+e.Ref(), n, ""),
		blockkit.Button(actionCheckInKeep, "Keep "+e.Ref(), n, slack.StylePrimary),
		blockkit.Button(actionCheckInKill, "Kill "+e.Ref(), n, slack.StyleDanger),
		blockkit.Button(actionCheckInIterate, "Iterate "+e.Ref(), n, ""))
}

// ideaBlocks lists the ideas, best first, each with Launch, under a title
// and above "… and N more"; with no idea, one line saying how to save one.
func (h homeView) ideaBlocks() []slack.Block {
	if h.IdeasTotal == 0 {
		return []slack.Block{blockkit.Section(fmt.Sprintf(":bulb: *No idea saved.* Save one for later: `%s idea Try a referral bonus ice:8/6/9` in a channel.", h.command))}
	}
	blocks := []slack.Block{blockkit.Section(":bulb: *Your ideas* · " + strconv.Itoa(h.IdeasTotal) + " · ranked as `" + h.command + " next` ranks them: " + rankWords)}
	for _, e := range h.Ideas {
		details := []string{"<#" + e.Channel + ">", iceShort(e.ICE)}
		if h.order.ServesIdleGoal(e) {
			details = append(details, "its goal has nothing running")
		}
		text := fmt.Sprintf("*%s* %s · %s", e.Ref(), blockkit.Escape(e.Title), strings.Join(details, " · "))
		blocks = append(blocks, slack.NewSectionBlock(blockkit.Mrkdwn(blockkit.FitMrkdwn(text, blockkit.MaxSectionText)), nil, slack.NewAccessory(launchButton(e))))
	}
	if more := h.IdeasTotal - len(h.Ideas); more > 0 {
		blocks = append(blocks, blockkit.ContextLine(fmt.Sprintf("%s: `%s list ideas` in your DM with me lists them all.", blockkit.AndMore(more), h.command)))
	}
	return blocks
}

// channelsBlock is a line for each channel the person works in: the
// numbers of the week its digest reviews and its stage, as `/exp stats`
// there shows them.
func (h homeView) channelsBlock() slack.Block {
	if len(h.Channels) == 0 {
		return blockkit.Section(":bar_chart: *Your channels* · none yet: your first experiment puts its channel here.")
	}
	lines := []string{":bar_chart: *Your channels* · the numbers of the week each digest reviews"}
	for _, ch := range h.Channels {
		d := experiments.Summarize(ch.Facts, ch.Week)
		lines = append(lines, channelLine(ch.Channel, d))
		lines = append(lines, homeGoalLines(d.Plan, h.command)...)
	}
	if more := h.ChannelsTotal - len(h.Channels); more > 0 {
		lines = append(lines, fmt.Sprintf("_%s channels: `%s stats` in one shows its numbers._", blockkit.AndMore(more), h.command))
	}
	return blockkit.Section(blockkit.FitMrkdwn(strings.Join(lines, "\n"), blockkit.MaxSectionText))
}

// homeGoalsShown is how many open goals of a channel its home line lists.
const homeGoalsShown = 3

// homeGoalLines are a channel's open goals under its line, soonest
// deadline first, each with its own number's progress (planValueBrief),
// as of the week its digest reviews.
func homeGoalLines(plans []experiments.GoalPlan, command string) []string {
	shown := plans[:min(len(plans), homeGoalsShown)]
	lines := make([]string, 0, len(shown)+1)
	for _, p := range shown {
		line := fmt.Sprintf("    ◦ *%s* %s", p.Goal.Ref(), blockkit.Escape(blockkit.Truncate(p.Goal.Title, 60)))
		if v := planValueBrief(p, command); v != "" {
			line += " · " + v
		}
		lines = append(lines, line)
	}
	if more := len(plans) - len(shown); more > 0 {
		lines = append(lines, fmt.Sprintf("    ◦ _%s: `%s plan` there shows them_", blockkit.AndMore(more), command))
	}
	return lines
}

// channelLine is one channel's week in a line, from the digest's metrics d.
func channelLine(channel string, d experiments.Digest) string {
	rate := "no decisions yet"
	if d.Decided > 0 {
		rate = "win rate " + winRate(d.WinRate, d.Decided)
	}
	return fmt.Sprintf("• <#%s> · W%02d: %s (target %d a week) · %s · %s %s",
		channel, d.Reviewed.Week, experiments.CountOf(d.Shipped(), "launch"), d.Measures.TempoTarget,
		rate, stageEmoji[d.Stage], d.Stage)
}

// howTo is the three commands that matter, in a channel or the DM.
func (h homeView) howTo() string {
	c := h.command
	return fmt.Sprintf("*How to* · in a channel, or in your DM with me for your own experiments\n"+
		"• `%s new Try LinkedIn carousel ads metric:signups target:+20%% by:2w` launches an experiment (no title: a form)\n"+
		"• `%s log #4 412 strong first week` checks in on #4\n"+
		"• `%s decide #4 keep carousels doubled signups` decides, with what you learned (kill and iterate too)\n"+
		"`%s help` shows the rest.", c, c, c, c)
}
