package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// The digest as Block Kit: a header with the ISO week, then what the team
// tried and learned (shipped, decided), what needs it now (decide, check
// in, launch the next idea, shoot a stuck idea, the goals' plan), the
// numbers, the stage and the nudges. Sections with nothing in them are left out. Every text a
// user wrote (titles, learnings) is escaped; the domain's sentences (stage,
// nudges) are escaped too, since they are echoed into mrkdwn.

// maxDigestLearning is how much of a learning a digest quotes; the rest is
// one `show` away.
const maxDigestLearning = 500

// digestBlocks renders the digest, empty sections left out, within
// Slack's 50 blocks: Decide now gets its buttons as room allows (see
// decideNowBlocks). Should the rest ever pass them, digestMessages splits
// it.
func digestBlocks(r digestReport) []slack.Block {
	return digestBlocksWithin(r, blockkit.MaxMessageBlocks)
}

// digestBlocksWithin renders the digest in at most max blocks, as far as
// Decide now's buttons decide it.
func digestBlocksWithin(r digestReport, max int) []slack.Block {
	before := []slack.Block{blockkit.Header(digestTitle(r)), blockkit.ContextLine(digestSubtitle(r))}
	before = append(append(before, shippedBlocks(r)...), decidedBlocks(r)...)
	var after []slack.Block
	for _, part := range []func(digestReport) []slack.Block{
		quietBlocks, nextIdeaBlocks, stuckBlocks, goalPlanBlocks, unalignedBlocks,
	} {
		after = append(after, part(r)...)
	}
	after = append(append(after, slack.NewDividerBlock()), numbersBlocks(r)...)
	after = append(after, leverBlocks(r)...)
	after = append(after, stageBlock(r), nudgesBlock(r))
	now := decideNowBlocks(r, max-len(before)-len(after))
	return append(append(before, now...), after...)
}

// digestTitle is the header: the ISO week in the channel's zone.
func digestTitle(r digestReport) string { return "Week " + r.Week + " digest" }

// digestSubtitle says which channel and which days the digest reviews:
// the whole ISO week, or the week so far when it is under way.
func digestSubtitle(r digestReport) string {
	w := r.Reviewed
	from := w.Start.In(w.Loc).Format("Mon 2 Jan")
	if w.Partial() {
		return fmt.Sprintf("<#%s> · %s to %s, so far", r.Channel, from, w.AsOf.In(w.Loc).Format("Mon 2 Jan 15:04 MST"))
	}
	return fmt.Sprintf("<#%s> · %s to %s", r.Channel, from, w.End.Add(-time.Millisecond).In(w.Loc).Format("Mon 2 Jan 2006"))
}

// daysAgo counts the calendar days from t to the end of the reviewed week,
// in the channel's zone, the one way every "N days" is counted.
func daysAgo(r digestReport, t time.Time) string {
	return experiments.CountOf(experiments.CalendarDaysSince(t, r.Reviewed.AsOf, r.Reviewed.Loc), "day")
}

// digestList renders a titled list: its title, one line per shown item and
// "… and N more" when total is larger; nothing when total is 0.
func digestList(title string, lines []string, total int) []slack.Block {
	if total == 0 {
		return nil
	}
	if more := total - len(lines); more > 0 {
		lines = append(lines, "_"+blockkit.AndMore(more)+"_")
	}
	return lineSections(append([]string{title}, lines...))
}

// experimentLines renders the shown items of a list with line.
func experimentLines(list []experiments.Experiment, line func(experiments.Experiment) string) []string {
	lines := make([]string, 0, digestListCap)
	for _, e := range digestShown(list) {
		lines = append(lines, line(e))
	}
	return lines
}

// digestItem is an experiment as a list item: ref, title, details, owner.
func digestItem(e experiments.Experiment, details ...string) string {
	parts := append([]string{fmt.Sprintf("• *%s* %s", e.Ref(), blockkit.Escape(e.Title))}, details...)
	if e.Owner != "" {
		parts = append(parts, "<@"+e.Owner+">")
	}
	return strings.Join(parts, " · ")
}

// shippedBlocks lists the experiments launched in the week, with their aim.
func shippedBlocks(r digestReport) []slack.Block {
	title := fmt.Sprintf(":rocket: *Shipped* · %s launched", experiments.CountOf(r.Activity.ShippedTotal, "experiment"))
	return digestList(title, experimentLines(r.Activity.Shipped, func(e experiments.Experiment) string {
		return digestItem(e, aimParts(e.Metric, e.Target, experiments.Date{})...)
	}), r.Activity.ShippedTotal)
}

// decidedBlocks lists the week's decisions with what each taught.
func decidedBlocks(r digestReport) []slack.Block {
	title := fmt.Sprintf(":bulb: *Decided* · %s — what we learned", verdictCounts(r.Activity.Verdicts))
	return digestList(title, experimentLines(r.Activity.Decided, decidedLine), r.Activity.DecidedTotal)
}

// decidedLine is a decision with its learning quoted, or a prompt for one.
func decidedLine(e experiments.Experiment) string {
	line := fmt.Sprintf("%s *%s* · *%s* %s · <@%s>", decisionEmoji(e.Decision), e.Decision, e.Ref(), blockkit.Escape(e.Title), e.Owner)
	if e.Learning == "" {
		return line + "\n>_no learning written down: what did it teach you?_"
	}
	return line + "\n" + quote(blockkit.Escape(blockkit.Truncate(e.Learning, maxDigestLearning)))
}

// verdictCounts is "2 keep · 1 kill · 1 iterate", verdicts with none left out.
func verdictCounts(v map[experiments.Decision]int) string {
	var parts []string
	for _, d := range []experiments.Decision{experiments.DecisionKeep, experiments.DecisionKill, experiments.DecisionIterate} {
		if v[d] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", v[d], d))
		}
	}
	return strings.Join(parts, " · ")
}

// quietBlocks lists the running experiments nobody checked in on lately.
func quietBlocks(r digestReport) []slack.Block {
	title := fmt.Sprintf(":zzz: *Gone quiet* · no check-in for %s or more", experiments.CountOf(r.Settings.QuietAfterDays, "day"))
	return digestList(title, experimentLines(r.Quiet, func(e experiments.Experiment) string {
		return digestItem(e, "quiet for "+daysAgo(r, lastWord(e)))
	}), len(r.Quiet))
}

// lastWord is when an experiment was last heard of: its latest check-in,
// else its launch.
func lastWord(e experiments.Experiment) time.Time {
	if !e.LastCheckInAt.IsZero() {
		return e.LastCheckInAt
	}
	return e.LaunchedAt
}

// stuckBlocks lists the ideas stuck in planning, best ICE first.
func stuckBlocks(r digestReport) []slack.Block {
	title := fmt.Sprintf(":hourglass_flowing_sand: *Stuck in planning* · %s older than %s — shoot one this week, best ICE first",
		experiments.CountOf(r.StuckTotal, "idea"), experiments.CountOf(r.Settings.IdeaStaleDays, "day"))
	return digestList(title, experimentLines(r.StuckIdeas, func(e experiments.Experiment) string {
		details := []string{"waiting " + daysAgo(r, e.CreatedAt)}
		if !e.ICE.IsZero() {
			details = append([]string{fmt.Sprintf("ICE %s = %s", e.ICE, e.ICE.ScoreText())}, details...)
		}
		return digestItem(e, details...)
	}), r.StuckTotal)
}

// unalignedBlocks lists the running experiments that serve no goal.
func unalignedBlocks(r digestReport) []slack.Block {
	title := fmt.Sprintf(":eyes: *Running with no goal* · %d — which goal do they serve?", len(r.Unaligned))
	return digestList(title, experimentLines(r.Unaligned, func(e experiments.Experiment) string {
		return digestItem(e)
	}), len(r.Unaligned))
}
