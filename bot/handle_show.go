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

// shownCheckIns is how many of the latest check-ins show lists.
const shownCheckIns = 10

// cmdShow shows one experiment with its check-ins, decision, learning and
// the experiments it links to.
func (a *App) cmdShow(ctx context.Context, c Command, args string) (Reply, error) {
	e, err := a.oneExperiment(ctx, c, args, "Show one experiment by its number, e.g. `/exp show #4`.")
	if err != nil {
		return Reply{}, err
	}
	ch, err := a.channel(ctx, Command{Team: c.Team, Channel: e.Channel})
	if err != nil {
		return Reply{}, err
	}
	links, err := a.links(ctx, e)
	if err != nil {
		return Reply{}, err
	}
	checkIns, err := a.store.CheckIns.ListCheckIns(ctx, e.ID, shownCheckIns)
	if err != nil {
		return Reply{}, err
	}
	blocks := experimentCard(e, links, ch.now, ch.loc)
	blocks = append(blocks, checkInBlocks(checkIns, ch.loc)...)
	return Reply{Text: e.Ref() + " " + blockkit.Escape(e.Title), Blocks: blockkit.CapBlocks(blocks, blockkit.MaxMessageBlocks, blockkit.AndMore)}, nil
}

// links are the references around an experiment that show mentions.
type links struct {
	goal      string // G<N> and title, "" when none
	parent    string // #N of the experiment this one iterates on
	followUps []string
}

func (a *App) links(ctx context.Context, e experiments.Experiment) (links, error) {
	var l links
	if e.GoalID != 0 {
		g, err := a.store.Goals.FindGoalByID(ctx, e.GoalID)
		if err != nil {
			return l, err
		}
		l.goal = g.Ref() + " " + blockkit.Escape(g.Title)
	}
	if e.ParentID != 0 {
		p, err := a.store.Experiments.FindExperimentByID(ctx, e.ParentID)
		if err != nil {
			return l, err
		}
		l.parent = p.Ref()
	}
	kids, _, err := a.store.Experiments.ListExperiments(ctx, experiments.ExperimentFilter{ParentID: &e.ID, Limit: 10})
	for _, k := range kids {
		l.followUps = append(l.followUps, k.Ref())
	}
	return l, err
}

// experimentCard renders an experiment's header and facts.
func experimentCard(e experiments.Experiment, l links, now time.Time, loc *time.Location) []slack.Block {
	facts := []string{"*Status*\n" + statusWord(e), "*Owner*\n<@" + e.Owner + ">"}
	if aim := aimLine(e); aim != "" {
		facts = append(facts, "*Aim*\n"+aim)
	}
	if due := dueLine(e, now, loc); due != "" {
		facts = append(facts, "*Deadline*\n"+due)
	}
	if l.goal != "" {
		facts = append(facts, "*Goal*\n"+l.goal)
	}
	if e.Lever != "" {
		facts = append(facts, "*Lever*\n"+blockkit.Escape(e.Lever))
	}
	if !e.ICE.IsZero() {
		facts = append(facts, fmt.Sprintf("*ICE*\n%s (score %s)", e.ICE, e.ICE.ScoreText()))
	}
	blocks := []slack.Block{blockkit.Header(e.Ref() + " " + e.Title), blockkit.Fields(facts...)}
	if e.Hypothesis != "" {
		blocks = append(blocks, blockkit.Section("*Hypothesis*\n"+quote(blockkit.Escape(e.Hypothesis))))
	}
	if e.Status == experiments.StatusDecided {
		blocks = append(blocks, blockkit.Section(fmt.Sprintf("%s *Decided %s* on %s%s%s", decisionEmoji(e.Decision), e.Decision,
			experiments.DateOf(e.DecidedAt, loc), deciderWords(e), learningLine(e))))
	}
	if ctx := joinNonEmpty(" ", actorsLine(e, loc), linkLine(l)); ctx != "" {
		blocks = append(blocks, blockkit.ContextLine(ctx))
	}
	return blocks
}

// deciderWords names who decided, when known.
func deciderWords(e experiments.Experiment) string {
	if e.DecidedBy == "" {
		return ""
	}
	return " by <@" + e.DecidedBy + ">"
}

// actorsLine says who launched and last edited e, as far as is known:
// anyone in the channel may, not only the owner. Who decided is on the
// decision's own line.
func actorsLine(e experiments.Experiment, loc *time.Location) string {
	var parts []string
	if e.LaunchedBy != "" {
		parts = append(parts, fmt.Sprintf("Launched by <@%s> on %s", e.LaunchedBy, experiments.DateOf(e.LaunchedAt, loc)))
	}
	if e.EditedBy != "" {
		parts = append(parts, fmt.Sprintf("last edited by <@%s> on %s", e.EditedBy, experiments.DateOf(e.EditedAt, loc)))
	}
	if len(parts) == 0 {
		return ""
	}
	return capitalize(strings.Join(parts, " · ")) + "."
}

// joinNonEmpty joins the non-empty parts with sep.
func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

func linkLine(l links) string {
	s := ""
	if l.parent != "" {
		s = "Follows up " + l.parent + ". "
	}
	if len(l.followUps) > 0 {
		s += "Follow-up: " + strings.Join(l.followUps, ", ") + "."
	}
	return s
}

// checkInBlocks lists check-ins, newest first, one line each.
func checkInBlocks(cs []experiments.CheckIn, loc *time.Location) []slack.Block {
	if len(cs) == 0 {
		return []slack.Block{blockkit.ContextLine("No check-ins yet.")}
	}
	lines := []string{"*Check-ins*"}
	for _, ci := range cs {
		lines = append(lines, fmt.Sprintf("%s <@%s> %s", experiments.DateOf(ci.At, loc), ci.Author, checkInSummary(ci)))
	}
	return lineSections(lines)
}
