package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// maxListed is how many experiments a list shows before "… and N more".
const maxListed = 40

// listFilters maps the list argument to the statuses it shows.
var listFilters = map[string][]experiments.Status{
	"":        {experiments.StatusRunning, experiments.StatusIdea},
	"running": {experiments.StatusRunning},
	"ideas":   {experiments.StatusIdea},
	"idea":    {experiments.StatusIdea},
	"decided": {experiments.StatusDecided},
	"all":     nil,
}

// cmdList lists this channel's experiments, running and ideas by default.
func (a *App) cmdList(ctx context.Context, c Command, args string) (Reply, error) {
	which := strings.ToLower(strings.TrimSpace(args))
	statuses, ok := listFilters[which]
	if !ok {
		return Reply{}, a.usageError("List `running`, `ideas`, `decided` or `all`, e.g. `/exp list decided`.")
	}
	ch, err := a.channel(ctx, c)
	if err != nil {
		return Reply{}, err
	}
	list, total, err := a.store.ListExperiments(ctx, experiments.ExperimentFilter{
		Team: &c.Team, Channel: &c.Channel, Statuses: statuses, Limit: maxListed})
	if err != nil {
		return Reply{}, err
	}
	if total == 0 {
		return textReply(fmt.Sprintf("Nothing here yet. Shoot first: `%s new Try LinkedIn carousel ads metric:signups target:+20%% by:2w`.", a.CommandName)), nil
	}
	lines := make([]string, 0, len(list)+1)
	for _, e := range list {
		lines = append(lines, listLine(e, ch.now, ch.loc))
	}
	if total > len(list) {
		lines = append(lines, andMore(total-len(list)))
	}
	title := fmt.Sprintf("Experiments (%d)", total)
	blocks := append([]slack.Block{header(title)}, lineSections(lines)...)
	return Reply{Text: title, Blocks: capBlocks(blocks, maxMessageBlocks, andMore)}, nil
}

// cmdGoals lists the channel's open goals with how many experiments serve
// each right now.
func (a *App) cmdGoals(ctx context.Context, c Command, args string) (Reply, error) {
	if args != "" {
		return Reply{}, a.usageError("`/exp goals` takes no arguments; set one with `/exp goal Double trial signups metric:signups target:+100%%`.")
	}
	goals, err := a.store.ListGoals(ctx, c.Team, c.Channel)
	if err != nil {
		return Reply{}, err
	}
	if len(goals) == 0 {
		return textReply(fmt.Sprintf("No goals yet. Start at the end: `%s goal Double trial signups metric:signups target:+100%% by:2027-03-31`.", a.CommandName)), nil
	}
	running, _, err := a.store.ListExperiments(ctx, experiments.ExperimentFilter{
		Team: &c.Team, Channel: &c.Channel, Statuses: []experiments.Status{experiments.StatusRunning}})
	if err != nil {
		return Reply{}, err
	}
	serving := map[int64]int{}
	for _, e := range running {
		serving[e.GoalID]++
	}
	lines := make([]string, 0, len(goals))
	for _, g := range goals {
		lines = append(lines, fmt.Sprintf("*%s* %s · %s · %s", g.Ref(), esc(g.Title), goalAimLine(g), servingWords(serving[g.ID])))
	}
	title := fmt.Sprintf("Goals (%d)", len(goals))
	blocks := append([]slack.Block{header(title)}, lineSections(lines)...)
	return Reply{Text: title, Blocks: capBlocks(blocks, maxMessageBlocks, andMore)}, nil
}

func servingWords(n int) string {
	switch n {
	case 0:
		return "_no running experiment — shoot one_"
	case 1:
		return "1 running experiment"
	}
	return fmt.Sprintf("%d running experiments", n)
}
