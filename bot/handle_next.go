package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// rankWords says how ideas are ranked (experiments.IdeaOrder), for the
// replies that rank them.
const rankWords = "ideas for a goal with nothing running come first, then the highest ICE score, then the oldest"

// nextUsage is the usage of `next`.
const nextUsage = "`/exp next` names the idea to launch next; `/exp next skip #6` leaves #6 out of your `next` for a week."

// cmdNext names the one idea of the channel to launch next, and why, with
// Launch and Not now; `next skip #6` is Not now typed.
func (a *App) cmdNext(ctx context.Context, c Command, args string) (Reply, error) {
	if word, rest := experiments.CutWord(args); strings.EqualFold(word, "skip") {
		return a.cmdSkipIdea(ctx, c, rest)
	}
	ch, err := a.bareChannelCommand(ctx, c, args, "next", nextUsage)
	if err != nil {
		return Reply{}, err
	}
	return a.nextReply(ctx, c, ch)
}

// cmdSkipIdea is Not now: the idea leaves the caller's `next` for a week.
func (a *App) cmdSkipIdea(ctx context.Context, c Command, args string) (Reply, error) {
	e, err := a.oneExperiment(ctx, c, args, nextUsage)
	if err != nil {
		return Reply{}, err
	}
	return a.skipIdea(ctx, c, e)
}

// skipIdea stores the caller's Not now on idea e and names the next idea
// in its place.
func (a *App) skipIdea(ctx context.Context, c Command, e experiments.Experiment) (Reply, error) {
	e, at, err := a.store.Ideas.SkipIdea(ctx, c.Team, c.User, e.Number)
	if err != nil {
		return Reply{}, err
	}
	ch, err := a.channel(ctx, Command{Team: c.Team, Channel: e.Channel})
	if err != nil {
		return Reply{}, err
	}
	text := fmt.Sprintf(":zzz: Not now: %s *%s* is out of your `%s next` until %s. The rest of the team still sees it.",
		e.Ref(), blockkit.Escape(e.Title), a.CommandName, experiments.SkipEnds(at).In(ch.loc).Format("Mon 2 Jan 15:04 MST"))
	if c.isDM() { // the next pick's buttons belong in its channel
		return textReply(text), nil
	}
	next, err := a.nextReply(ctx, c, ch)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: text + "\n" + next.Text, Blocks: append([]slack.Block{blockkit.Section(text)}, next.Blocks...)}, nil
}

// ideaScene is what ranks a channel's ideas: the ideas, the open goals and
// the running experiments.
type ideaScene struct {
	ideas, running []experiments.Experiment
	goals          []experiments.Goal
}

// readIdeaScene reads the ideaScene of a channel.
func (a *App) readIdeaScene(ctx context.Context, team, channel string) (ideaScene, error) {
	var sc ideaScene
	var err error
	if sc.ideas, err = a.channelExperiments(ctx, team, channel, experiments.StatusIdea); err != nil {
		return sc, err
	}
	if sc.running, err = a.channelExperiments(ctx, team, channel, experiments.StatusRunning); err != nil {
		return sc, err
	}
	sc.goals, err = a.store.Goals.ListGoals(ctx, team, channel)
	return sc, err
}

// channelExperiments are every experiment of channel with status.
func (a *App) channelExperiments(ctx context.Context, team, channel string, status experiments.Status) ([]experiments.Experiment, error) {
	list, _, err := a.store.Experiments.ListExperiments(ctx, experiments.ExperimentFilter{Team: &team, Channel: &channel,
		Statuses: []experiments.Status{status}})
	return list, err
}

// nextReply is the reply of `next` for the caller in c's channel.
func (a *App) nextReply(ctx context.Context, c Command, ch channelContext) (Reply, error) {
	sc, err := a.readIdeaScene(ctx, c.Team, c.Channel)
	if err != nil {
		return Reply{}, err
	}
	if len(sc.ideas) == 0 {
		return textReply(a.noIdeasText(sc)), nil
	}
	skips, err := a.store.Ideas.IdeaSkips(ctx, c.Team, c.Channel, c.User, ch.now)
	if err != nil {
		return Reply{}, err
	}
	pick, ok := experiments.NextIdea(sc.ideas, sc.goals, sc.running, skips.Hides(ch.now), ch.now, ch.loc)
	if !ok {
		back, _ := skips.FirstBack(sc.ideas, ch.now)
		return textReply(fmt.Sprintf(":zzz: You said Not now to every idea here (%s). The first comes back on %s; `%s list ideas` shows them all, and `%s launch #N` launches one anyway.",
			experiments.CountOf(len(sc.ideas), "idea"), back.In(ch.loc).Format("Mon 2 Jan 15:04 MST"), a.CommandName, a.CommandName)), nil
	}
	return a.pickReply(pick, len(sc.ideas)-1), nil
}

// noIdeasText says what to do when the channel has no idea waiting: save
// one, for a goal with nothing running if there is one.
func (a *App) noIdeasText(sc ideaScene) string {
	example := a.CommandName + " idea Try a referral bonus for annual plans ice:8/6/9"
	if idle := experiments.IdleGoals(sc.goals, sc.running); len(idle) > 0 {
		example = fmt.Sprintf("%s idea Try a referral bonus for annual plans goal:%s ice:8/6/9", a.CommandName, idle[0].Ref())
	}
	return fmt.Sprintf(":bulb: No idea is waiting here. Save one for later — `%s` — or launch straight away with `%s new`.", example, a.CommandName)
}

// pickReply shows the idea to launch next, why it comes first, and the
// buttons, with the commands that do the same.
func (a *App) pickReply(pick experiments.NextPick, others int) Reply {
	e := pick.Idea
	head := fmt.Sprintf(":dart: *Launch next: %s %s*", e.Ref(), blockkit.Escape(e.Title))
	why := "• " + strings.Join([]string{goalWhy(pick), a.iceWhy(e), waitedWords(pick.WaitedDays)}, "\n• ")
	how := fmt.Sprintf("Launch it with the button or `%s launch %s`; *Not now* (`%s next skip %s`) leaves it out of your `%s next` for a week.",
		a.CommandName, e.Ref(), a.CommandName, e.Ref(), a.CommandName)
	rank := "Ranked: " + rankWords + "."
	switch {
	case others == 1:
		rank += fmt.Sprintf(" 1 more idea waits: `%s list ideas`.", a.CommandName)
	case others > 1:
		rank += fmt.Sprintf(" %d more ideas wait: `%s list ideas`.", others, a.CommandName)
	}
	text := head + "\n" + why + "\n" + how
	return Reply{Text: text + "\n" + rank, Blocks: []slack.Block{
		blockkit.Section(head + "\n" + why), nextActions(e), blockkit.ContextLine(how + " " + rank)}}
}

// goalWhy says which goal the idea serves, and that nothing runs for it.
func goalWhy(pick experiments.NextPick) string {
	switch {
	case pick.Goal.ID == 0:
		return "Serves no goal"
	case pick.GoalIdle:
		return fmt.Sprintf("Serves *%s* %s — nothing is running for it", pick.Goal.Ref(), blockkit.Escape(pick.Goal.Title))
	}
	return fmt.Sprintf("Serves *%s* %s", pick.Goal.Ref(), blockkit.Escape(pick.Goal.Title))
}

// iceWhy shows the ICE score as the average of its three parts, or asks
// for one.
func (a *App) iceWhy(e experiments.Experiment) string {
	if e.ICE.IsZero() {
		return fmt.Sprintf("No ICE score yet: `%s edit %s ice:8/6/9`", a.CommandName, e.Ref())
	}
	return iceShort(e.ICE)
}

// waitedWords says how long an idea has waited.
func waitedWords(days int) string {
	if days <= 0 {
		return "Saved today"
	}
	return "Waiting for " + experiments.CountOf(days, "day")
}
