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

// cmdList lists this channel's experiments, running and ideas by default,
// one page at a time; `mine` keeps the caller's own. From a direct message
// it lists the caller's own experiments of every channel, each with its
// channel, since that is what they can reach from there.
func (a *App) cmdList(ctx context.Context, c Command, args string) (Reply, error) {
	q, err := experiments.ParseListQuery(args)
	if err != nil {
		return Reply{}, a.usageError("%s", experiments.ErrorMessage(err))
	}
	ch, err := a.channel(ctx, c)
	if err != nil {
		return Reply{}, err
	}
	f := experiments.ExperimentFilter{Team: &c.Team, Statuses: q.Statuses(), Limit: experiments.ListPageSize, Offset: q.Offset()}
	if c.isDM() || q.Mine {
		f.Owner = &c.User
	}
	if !c.isDM() {
		f.Channel = &c.Channel
	}
	list, total, err := a.listPage(ctx, f, q)
	if err != nil {
		return Reply{}, err
	}
	if len(list) == 0 {
		return textReply(a.emptyList(c, q, total)), nil
	}
	lines := make([]string, 0, len(list)+1)
	for _, e := range list {
		lines = append(lines, a.listEntry(c, e, ch))
	}
	if rest := total - q.Offset() - len(list); rest > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more: `%s %s`", rest, a.CommandName, q.Command(q.Page+1)))
	}
	title := listTitle(c, q, total)
	blocks := append([]slack.Block{blockkit.Header(title)}, lineSections(lines)...)
	if q.Which == "ideas" {
		blocks = append(blocks, blockkit.ContextLine(a.rankNote(c)))
	}
	return Reply{Text: title, Blocks: blockkit.CapBlocks(blocks, blockkit.MaxMessageBlocks, blockkit.AndMore)}, nil
}

// listPage reads one page of f: in number order, but ideas alone ranked
// as `next` ranks them (experiments.IdeaOrder), which is not an order SQL
// knows, so every matching idea is read and the page cut after ranking.
func (a *App) listPage(ctx context.Context, f experiments.ExperimentFilter, q experiments.ListQuery) ([]experiments.Experiment, int, error) {
	if q.Which != "ideas" {
		return a.store.Experiments.ListExperiments(ctx, f)
	}
	all := f
	all.Limit, all.Offset = 0, 0
	ideas, _, err := a.store.Experiments.ListExperiments(ctx, all)
	if err != nil {
		return nil, 0, err
	}
	order, err := a.ideaOrder(ctx, *f.Team, ideas)
	if err != nil {
		return nil, 0, err
	}
	order.Sort(ideas)
	from, to := min(f.Offset, len(ideas)), len(ideas)
	if f.Limit > 0 {
		to = min(from+f.Limit, to)
	}
	return ideas[from:to], len(ideas), nil
}

// rankNote says how `list ideas` is ranked, and where the top one is
// offered for launch.
func (a *App) rankNote(c Command) string {
	note := "Best first: " + rankWords + "."
	if !c.isDM() {
		note += fmt.Sprintf(" `%s next` names the one to launch next.", a.CommandName)
	}
	return note
}

// ideaOrder is the IdeaOrder of the channels of ideas (several, from a
// DM): their open goals and running experiments.
func (a *App) ideaOrder(ctx context.Context, team string, ideas []experiments.Experiment) (experiments.IdeaOrder, error) {
	var goals []experiments.Goal
	var running []experiments.Experiment
	seen := map[string]bool{}
	for _, e := range ideas {
		if seen[e.Channel] {
			continue
		}
		seen[e.Channel] = true
		g, err := a.store.Goals.ListGoals(ctx, team, e.Channel)
		if err != nil {
			return experiments.IdeaOrder{}, err
		}
		r, err := a.channelExperiments(ctx, team, e.Channel, experiments.StatusRunning)
		if err != nil {
			return experiments.IdeaOrder{}, err
		}
		goals, running = append(goals, g...), append(running, r...)
	}
	return experiments.NewIdeaOrder(goals, running), nil
}

// listEntry is one experiment of a list; from a DM it names its channel.
func (a *App) listEntry(c Command, e experiments.Experiment, ch channelContext) string {
	line := listLine(e, ch.now, ch.loc)
	if c.isDM() {
		line += " · in <#" + e.Channel + ">"
	}
	return line
}

func listTitle(c Command, q experiments.ListQuery, total int) string {
	title := fmt.Sprintf("Experiments (%d)", total)
	switch {
	case c.isDM():
		title = fmt.Sprintf("Your experiments, every channel (%d)", total)
	case q.Mine:
		title = fmt.Sprintf("Your experiments here (%d)", total)
	}
	if pages := experiments.Pages(total); pages > 1 {
		title += fmt.Sprintf(" · page %d of %d", q.Page, pages)
	}
	return title
}

// emptyList says why a list is empty and what to do: a page past the end
// points back to the last one; an empty DM list points to a channel, where
// experiments start.
func (a *App) emptyList(c Command, q experiments.ListQuery, total int) string {
	example := a.CommandName + " new Try LinkedIn carousel ads metric:signups target:+20% by:2w"
	switch {
	case total > 0:
		last := experiments.Pages(total)
		return fmt.Sprintf("Page %d is past the end: %s, on %s. See `%s %s`.",
			q.Page, experiments.CountOf(total, "experiment"), experiments.CountOf(last, "page"), a.CommandName, q.Command(last))
	case c.isDM():
		return fmt.Sprintf("You own no %sexperiments in any channel. Experiments start in your team's channel, where the team sees them: run `%s` there.", whichWord(q), example)
	case q.Mine:
		return fmt.Sprintf("You own no %sexperiments in this channel. Shoot first: `%s`.", whichWord(q), example)
	}
	return fmt.Sprintf("Nothing here yet. Shoot first: `%s`.", example)
}

// whichWord names the statuses q lists, as an adjective with a space
// after it, "" for the default.
func whichWord(q experiments.ListQuery) string {
	switch q.Which {
	case "", "all":
		return ""
	case "ideas":
		return "idea "
	}
	return q.Which + " "
}

// closedShown is how many closed goals `goals` shows below the open ones;
// `goals all` shows every one.
const closedShown = 3

// maxNoteShown bounds a closing note in the list of goals; the
// announcement showed it whole.
const maxNoteShown = 120

// cmdGoals lists the channel's open goals with how many experiments serve
// each right now, then the latest closed ones.
func (a *App) cmdGoals(ctx context.Context, c Command, args string) (Reply, error) {
	limit := closedShown
	switch strings.ToLower(args) {
	case "":
	case "all":
		limit = 0
	default:
		return Reply{}, a.usageError("`/exp goals` lists open goals, `/exp goals all` closed ones too; set one with `/exp goal Double trial signups metric:signups target:+100%%`.")
	}
	ch, err := a.channel(ctx, c)
	if err != nil {
		return Reply{}, err
	}
	goals, err := a.store.Goals.ListGoals(ctx, c.Team, c.Channel)
	if err != nil {
		return Reply{}, err
	}
	closed, closedTotal, err := a.store.Goals.ListClosedGoals(ctx, c.Team, c.Channel, limit)
	if err != nil {
		return Reply{}, err
	}
	if len(goals) == 0 && closedTotal == 0 {
		return textReply(fmt.Sprintf("No goals yet. Start at the end: `%s goal Double trial signups metric:signups target:+100%% by:2027-03-31`.", a.CommandName)), nil
	}
	lines, err := a.openGoalLines(ctx, c, ch, goals)
	if err != nil {
		return Reply{}, err
	}
	title := fmt.Sprintf("Goals (%d)", len(goals))
	blocks := append([]slack.Block{blockkit.Header(title)}, lineSections(lines)...)
	if closedTotal > 0 {
		blocks = append(blocks, lineSections(a.closedGoalLines(closed, closedTotal, ch.loc))...)
	}
	return Reply{Text: title, Blocks: blockkit.CapBlocks(blocks, blockkit.MaxMessageBlocks, blockkit.AndMore)}, nil
}

// openGoalLines are the open goals, each with how many running
// experiments serve it and where its own number stands (goalStanding).
func (a *App) openGoalLines(ctx context.Context, c Command, ch channelContext, goals []experiments.Goal) ([]string, error) {
	if len(goals) == 0 {
		return []string{fmt.Sprintf("_No open goals._ Set one: `%s goal Double trial signups metric:signups target:+100%%`.", a.CommandName)}, nil
	}
	running, _, err := a.store.Experiments.ListExperiments(ctx, experiments.ExperimentFilter{
		Team: &c.Team, Channel: &c.Channel, Statuses: []experiments.Status{experiments.StatusRunning}})
	if err != nil {
		return nil, err
	}
	serving := map[int64]int{}
	for _, e := range running {
		serving[e.GoalID]++
	}
	records, err := a.store.Goals.GoalRecords(ctx, c.Team, c.Channel, ch.now)
	if err != nil {
		return nil, err
	}
	lines := make([]string, 0, len(goals))
	for _, g := range goals {
		r := records[g.ID]
		p := experiments.MeasureGoal(g, r.Values, ch.loc)
		standing := goalStanding(g, p, experiments.LatestReadings(r.Readings, g.Metric, ch.now), a.CommandName, ch.now, ch.loc)
		lines = append(lines, fmt.Sprintf("*%s* %s · %s · %s\n%s", g.Ref(), blockkit.Escape(g.Title), goalAimLine(g), servingWords(serving[g.ID]), standing))
	}
	return lines, nil
}

// closedGoalLines are the "Closed" section: who closed each goal, when
// (in the channel's zone) and why, then how to see the rest.
func (a *App) closedGoalLines(closed []experiments.Goal, total int, loc *time.Location) []string {
	lines := []string{fmt.Sprintf("*Closed (%d)* — reopen one with `%s goal reopen G1`", total, a.CommandName)}
	for _, g := range closed {
		line := fmt.Sprintf("*%s* %s · closed by <@%s> on %s", g.Ref(), blockkit.Escape(g.Title), g.ClosedBy, experiments.DateOf(g.ClosedAt, loc))
		if g.ClosedNote != "" {
			line += " · _" + blockkit.Escape(blockkit.Truncate(experiments.CleanLine(g.ClosedNote), maxNoteShown)) + "_"
		}
		lines = append(lines, line)
	}
	if rest := total - len(closed); rest > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more: `%s goals all`", rest, a.CommandName))
	}
	return lines
}

func servingWords(n int) string {
	switch n {
	case 0:
		return "_no running experiment — shoot one_"
	}
	return experiments.CountOf(n, "running experiment")
}
