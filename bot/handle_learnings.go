package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// The memory of what was tried: "Tried before" on the reply to `new` and
// `idea` (and the new-experiment form), and `learnings`, the search of
// what the channel learned.

// Bounds of what the memory shows of an experiment: a title and learning
// are named, not reprinted (`show #N` has them whole).
const (
	maxTriedTitle    = 80
	maxTriedLearning = 150
	maxLearningShown = 600
)

// triedBefore returns what the channel decided already on experiments
// like one titled title, as lines to add to a reply, or "" for none. It
// is a read beside the command's write: a failed look-up is logged and
// skipped, never the cause of a failed launch.
func (a *App) triedBefore(ctx context.Context, team, channel, title string) string {
	words := experiments.SearchWords(title)
	if len(words) == 0 {
		return ""
	}
	list, err := a.store.Ideas.TriedBefore(ctx, team, channel, words, experiments.TriedBeforeShown)
	if err != nil {
		a.log.Warn("tried-before look-up failed, reply sent without it", "err", err, "team", team, "channel", channel)
		return ""
	}
	return triedBeforeText(list)
}

// triedBeforeText is "Tried before: #12 Podcast sponsorship — killed:
// Podcast audience did not convert", one such line per experiment.
func triedBeforeText(list []experiments.Experiment) string {
	if len(list) == 0 {
		return ""
	}
	lines := make([]string, len(list))
	for i, e := range list {
		lines[i] = triedLine(e)
	}
	if len(lines) == 1 {
		return ":mag: Tried before: " + lines[0]
	}
	return ":mag: Tried before:\n• " + strings.Join(lines, "\n• ")
}

// triedLine names a decided experiment, its verdict and what it taught.
func triedLine(e experiments.Experiment) string {
	line := fmt.Sprintf("%s %s — %s", e.Ref(), blockkit.Escape(blockkit.Truncate(e.Title, maxTriedTitle)), e.Decision.Past())
	if e.Learning != "" {
		line += ": " + blockkit.Escape(blockkit.Truncate(experiments.CleanLine(e.Learning), maxTriedLearning))
	}
	return line
}

// withTriedBefore adds the tried-before lines, if any, to r as a section
// of their own.
func withTriedBefore(r Reply, tried string) Reply {
	if tried == "" {
		return r
	}
	r.Text += "\n" + tried
	r.Blocks = append(r.Blocks, blockkit.Section(tried))
	return r
}

// cmdLearnings lists what the channel's decided experiments taught, newest
// first, a page at a time, all of them or those that mention every word
// given. From a direct message it searches the caller's own, in every
// channel, as `list` does there.
func (a *App) cmdLearnings(ctx context.Context, c Command, args string) (Reply, error) {
	q, err := experiments.ParseLearningsQuery(args)
	if err != nil {
		return Reply{}, a.usageError("%s", experiments.ErrorMessage(err))
	}
	ch, err := a.channel(ctx, c)
	if err != nil {
		return Reply{}, err
	}
	f := experiments.LearningFilter{Team: c.Team, Words: q.Words(), Limit: experiments.LearningsPageSize, Offset: q.Offset()}
	if c.isDM() {
		f.Owner = &c.User
	} else {
		f.Channel = &c.Channel
	}
	list, total, err := a.store.Ideas.Learnings(ctx, f)
	if err != nil {
		return Reply{}, err
	}
	if len(list) == 0 {
		return textReply(a.noLearnings(c, q, total)), nil
	}
	lines := make([]string, 0, len(list)+1)
	for _, e := range list {
		lines = append(lines, a.learningEntry(c, e, ch))
	}
	if rest := total - q.Offset() - len(list); rest > 0 {
		lines = append(lines, fmt.Sprintf("… and %d more: `%s %s`", rest, a.CommandName, q.Command(q.Page+1)))
	}
	title := learningsTitle(c, q, total)
	blocks := append([]slack.Block{blockkit.Header(title)}, lineSections(lines)...)
	return Reply{Text: title, Blocks: blockkit.CapBlocks(blocks, blockkit.MaxMessageBlocks, blockkit.AndMore)}, nil
}

// learningEntry is one learning: the experiment, its verdict and when, in
// the channel's zone, then what it taught, quoted.
func (a *App) learningEntry(c Command, e experiments.Experiment, ch channelContext) string {
	line := fmt.Sprintf("*%s* %s — %s on %s", e.Ref(), blockkit.Escape(blockkit.Truncate(e.Title, maxTriedTitle)), e.Decision.Past(),
		experiments.DateOf(e.DecidedAt, ch.loc))
	if c.isDM() {
		line += " · in <#" + e.Channel + ">"
	}
	return line + "\n" + quote(blockkit.Escape(blockkit.Truncate(e.Learning, maxLearningShown)))
}

func learningsTitle(c Command, q experiments.LearningsQuery, total int) string {
	title := fmt.Sprintf("Learnings (%d)", total)
	if c.isDM() {
		title = fmt.Sprintf("Your learnings, every channel (%d)", total)
	}
	if words := q.Words(); len(words) > 0 {
		title += ": " + strings.Join(words, " ")
	}
	if pages := experiments.LearningPages(total); pages > 1 {
		title += fmt.Sprintf(" · page %d of %d", q.Page, pages)
	}
	return title
}

// noLearnings says why `learnings` found nothing and what to do: a page
// past the end points back to the last one, a search to every learning,
// and no learning at all to `learn`, which records one.
func (a *App) noLearnings(c Command, q experiments.LearningsQuery, total int) string {
	learn := fmt.Sprintf("`%s learn #4 carousels doubled signups at the same cost`", a.CommandName)
	words := q.Words()
	switch {
	case total > 0:
		last := experiments.LearningPages(total)
		return fmt.Sprintf("Page %d is past the end: %s, on %s. See `%s %s`.", q.Page,
			experiments.CountOf(total, "learning"), experiments.CountOf(last, "page"), a.CommandName, q.Command(last))
	case len(words) > 0:
		return fmt.Sprintf("No learning %s mentions %s. See them all with `%s learnings`; record what a decided experiment taught with %s.",
			learningsWhere(c), strings.Join(words, " and "), a.CommandName, learn)
	}
	return fmt.Sprintf("No learnings %s yet. When an experiment is decided, say what it taught: %s. It is what the team keeps.",
		learningsWhere(c), learn)
}

// learningsWhere is where `learnings` looked: this channel, or the
// caller's own experiments from a DM.
func learningsWhere(c Command) string {
	if c.isDM() {
		return "of your experiments"
	}
	return "in this channel"
}
