package bot

import (
	"fmt"
	"strings"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// The digest's sections that carry buttons, so that each nudge comes with
// its next move: Decide now (Keep, Kill, Iterate on each experiment),
// Launch next (the idea experiments.NextIdea picks) and the goals with
// nothing running (New test for G3, in digest_plan.go). The digest stays one message of at most 50 blocks:
// Decide now takes two blocks an experiment, and gets what the rest leaves.

// decideNowShown returns the first experiments to decide now that the
// digest shows, in its order: the overdue ones, oldest first, then those
// ready before their deadline (experiments.DecideCue), by number; and how
// many there are in all. Only the shown ones are copied: at scale the
// overdue alone are a thousand.
func decideNowShown(r digestReport) ([]experiments.Experiment, int) {
	shown := digestShown(r.Overdue)
	if room := digestListCap - len(shown); room > 0 && len(r.ReadyEarly) > 0 {
		shown = append(shown[:len(shown):len(shown)], r.ReadyEarly[:min(room, len(r.ReadyEarly))]...)
	}
	return shown, len(r.Overdue) + len(r.ReadyEarly)
}

// decideNowBlocks renders Decide now in at most room blocks: its title,
// then each shown experiment with its buttons, oldest overdue first, as
// many as fit; the rest, shown or not, are "… and N more" with the
// commands that list and decide them. With no room for one, it is the
// list without buttons, as a single block.
func decideNowBlocks(r digestReport, room int) []slack.Block {
	shown, total := decideNowShown(r)
	if total == 0 {
		return nil
	}
	lines := make([]string, len(shown))
	for i, e := range shown {
		lines[i] = decideLine(r, e, i < len(r.Overdue))
	}
	k := len(shown)
	for k > 0 && 1+2*k+boolInt(total > k) > room {
		k--
	}
	if k == 0 {
		return digestList(decideNowTitle(r), lines, total)
	}
	blocks := []slack.Block{blockkit.Section(decideNowTitle(r))}
	for i, e := range shown[:k] {
		blocks = append(blocks, blockkit.Section(lines[i]), decideButtons(e))
	}
	if more := total - k; more > 0 {
		blocks = append(blocks, blockkit.Section(fmt.Sprintf("_%s: `%s list running` shows them; decide one with `%s decide #N keep|kill|iterate <what you learned>`._",
			blockkit.AndMore(more), r.Command, r.Command)))
	}
	return blocks
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// decideNowTitle counts what Decide now lists.
func decideNowTitle(r digestReport) string {
	parts := []string{}
	if n := len(r.Overdue); n > 0 {
		parts = append(parts, experiments.CountOf(n, "experiment")+" past the deadline, oldest first")
	}
	if n := len(r.ReadyEarly); n > 0 {
		parts = append(parts, fmt.Sprintf("%d ready before the deadline", n))
	}
	return ":alarm_clock: *Decide now* · " + strings.Join(parts, " · ")
}

// decideLine is an experiment to decide: how overdue it is (when it is
// one of r.Overdue), and why it is ready when the team's own record says
// so.
func decideLine(r digestReport, e experiments.Experiment, overdue bool) string {
	var details []string
	if overdue {
		today := experiments.DateOf(r.Reviewed.AsOf, r.Reviewed.Loc)
		details = append(details, fmt.Sprintf("due %s, %s ago", e.Deadline, experiments.CountOf(e.Deadline.DaysUntil(today), "day")))
	}
	if cue := r.Cues[e.ID]; cue != "" && overdue {
		details = append(details, blockkit.EscapeMarkup(cue))
	} else if cue != "" {
		details = append(details, blockkit.EscapeMarkup(cue)+" — decide now?")
	}
	return digestItem(e, details...)
}

// nextIdeaBlocks is the idea to launch next with its Launch button: its
// ICE, how long it has waited and the goal it serves.
func nextIdeaBlocks(r digestReport) []slack.Block {
	if !r.HasNext {
		return nil
	}
	n := r.Next
	var details []string
	if !n.Idea.ICE.IsZero() {
		details = append(details, fmt.Sprintf("ICE %s = %s", n.Idea.ICE, n.Idea.ICE.ScoreText()))
	}
	details = append(details, "waiting "+experiments.CountOf(n.WaitedDays, "day"))
	switch {
	case n.GoalIdle:
		details = append(details, "moves "+n.Goal.Ref()+", which has nothing running")
	case n.Goal.ID != 0:
		details = append(details, "serves "+n.Goal.Ref())
	}
	text := ":pushpin: *Launch next* · the best idea to shoot now\n" + digestItem(n.Idea, details...)
	return []slack.Block{slack.NewSectionBlock(blockkit.Mrkdwn(blockkit.FitMrkdwn(text, blockkit.MaxSectionText)), nil, slack.NewAccessory(launchButton(n.Idea)))}
}
