package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

// cmdLaunch turns an idea into a running experiment, launched by the
// caller, who need not be its owner. A `by:` after the number sets its
// deadline.
func (a *App) cmdLaunch(ctx context.Context, c Command, args string) (Reply, error) {
	e, rest, err := a.experimentAnd(ctx, c, args, "Launch one idea by its number, e.g. `/exp launch #7` or `/exp launch #7 by:fri`.")
	if err != nil {
		return Reply{}, err
	}
	ch, err := a.channel(ctx, Command{Team: c.Team, Channel: e.Channel})
	if err != nil {
		return Reply{}, err
	}
	deadline, err := a.launchDeadline(e, rest, ch)
	if err != nil {
		return Reply{}, err
	}
	return a.launch(ctx, c, e, deadline, ch)
}

// launch launches idea e, launched by the caller, with deadline (zero for
// the idea's own or the channel's default), and tells the channel: the one
// launch path of `launch #7` and the Launch button.
func (a *App) launch(ctx context.Context, c Command, e experiments.Experiment, deadline experiments.Date, ch channelContext) (Reply, error) {
	today := experiments.DateOf(ch.now, ch.loc)
	plan := experiments.LaunchPlan{By: c.User, At: ch.now, Today: today, Deadline: deadline,
		DefaultDeadline: ch.defaultDeadline()}
	e, err := a.store.Lifecycle.LaunchExperiment(ctx, c.Team, e.Number, plan, announceLaunch)
	if err != nil {
		return Reply{}, err
	}
	return textReply(fmt.Sprintf(":rocket: Launched %s *%s* — %s. I told the channel.", e.Ref(), blockkit.Escape(e.Title), aimLine(e))), nil
}

// launchDeadline reads what may follow `launch #N`: nothing (a zero
// date), or a deadline as `by:<date>`. Anything else gets the usage of
// launch, quoting what was typed; a bad date, the date's own error.
func (a *App) launchDeadline(e experiments.Experiment, rest string, ch channelContext) (experiments.Date, error) {
	if rest == "" {
		return experiments.Date{}, nil
	}
	opts, err := experiments.ParseOptions(rest, ch.now, ch.loc)
	switch {
	case err == nil && len(opts.Given()) == 1 && opts.Deadline != nil:
		return *opts.Deadline, nil
	case err != nil && strings.HasPrefix(strings.ToLower(rest), "by:"):
		return experiments.Date{}, err
	case err == nil: // options edit takes
		return experiments.Date{}, a.usageError("`launch %s` takes only a deadline after the number, e.g. `/exp launch %s by:fri`; change the rest first with `/exp edit %s %s`.",
			e.Ref(), e.Ref(), e.Ref(), blockkit.Truncate(experiments.CleanLine(rest), 60))
	}
	return experiments.Date{}, a.usageError("`launch %s` takes only a deadline after the number, e.g. `/exp launch %s by:fri`, not %s; change anything else with `/exp edit %s …` first.",
		e.Ref(), e.Ref(), experiments.Echo(rest), e.Ref())
}

// cmdDecide records keep, kill or iterate with the learning. Without a
// learning the reply asks for it, with a button to the learning form.
func (a *App) cmdDecide(ctx context.Context, c Command, args string) (Reply, error) {
	ref, rest := experiments.CutWord(args)
	word, learning := experiments.CutWord(rest)
	if ref == "" || word == "" {
		return Reply{}, a.usageError("Decide with keep, kill or iterate and what you learned, e.g. `/exp decide #4 keep carousels doubled signups`.")
	}
	d, err := experiments.ParseDecision(word)
	if err != nil {
		return Reply{}, err
	}
	e, err := a.findExperiment(ctx, c, ref)
	if err != nil {
		return Reply{}, err
	}
	change := ""
	if d == experiments.DecisionIterate {
		learning, change = experiments.CutIterateChange(learning)
	}
	learning = experiments.CleanText(learning)
	r, err := a.decideByCommand(ctx, c, e, d, learning, change)
	if err != nil || learning != "" {
		return r, err
	}
	return withLearningPrompt(r, e, a.CommandName), nil
}

// decideByCommand records d on e, decided by the caller, and replies with
// the confirmation, an iterate's follow-up card and the note on a goal the
// decision leaves with nothing running (next_idle_goal.go).
func (a *App) decideByCommand(ctx context.Context, c Command, e experiments.Experiment, d experiments.Decision, learning, change string) (Reply, error) {
	ch, err := a.channel(ctx, Command{Team: c.Team, Channel: e.Channel})
	if err != nil {
		return Reply{}, err
	}
	r, err := a.decide(ctx, ch, e, decision{user: c.User, verdict: d, learning: learning, change: change})
	if err != nil {
		return Reply{}, err
	}
	card := ""
	if r.next != nil {
		if card, err = a.followUpCard(ctx, *r.next); err != nil {
			return Reply{}, err
		}
	}
	return r.watch.withNote(textReply(r.confirm+card), r.e, r.next), nil
}

// cmdLog records a check-in, as experiments.ParseCheckIn reads it: an
// optional value first, then a note; the word off-track anywhere marks it
// as not on track.
func (a *App) cmdLog(ctx context.Context, c Command, args string) (Reply, error) {
	ref, rest := experiments.CutWord(args)
	if ref == "" || rest == "" {
		return Reply{}, a.usageError("Log a value and/or a note, e.g. `/exp log #4 412 signups after week one` (add `off-track` if it is not going well).")
	}
	ci, err := experiments.ParseCheckIn(rest)
	if err != nil {
		return Reply{}, err
	}
	e, err := a.findExperiment(ctx, c, ref)
	if err != nil {
		return Reply{}, err
	}
	ci.Author = c.User
	got, err := a.logCheckIn(ctx, c, e, &ci)
	if err != nil {
		return Reply{}, err
	}
	text := fmt.Sprintf(":memo: Logged on %s *%s*: %s", e.Ref(), blockkit.Escape(e.Title), checkInSummary(ci))
	switch {
	case got.cue != "":
		text += cueReply(e, got.cue, c.User, a.CommandName)
	case got.ask != "":
		text += "\n:thinking_face: " + got.ask
	}
	return textReply(text), nil
}

// logged is what a stored check-in says back: why its experiment is ready
// for its decision (cue), or else a question about its target (ask).
type logged struct{ cue, ask string }

// logCheckIn stores ci on e and, in the same write, the "decide now?" DM
// to its owner when ci makes it ready for its decision; it returns why, or
// the question its value raises.
func (a *App) logCheckIn(ctx context.Context, c Command, e experiments.Experiment, ci *experiments.CheckIn) (logged, error) {
	ch, err := a.channel(ctx, Command{Team: c.Team, Channel: e.Channel})
	if err != nil {
		return logged{}, err
	}
	var got logged
	_, err = a.store.CheckIns.AddCheckIn(ctx, c.Team, e.Number, ci, func(e experiments.Experiment, stored experiments.CheckIn, first *float64) []experiments.OutboxMessage {
		if got.cue = logCue(e, stored, first); got.cue == "" {
			got.ask = logAsk(e, stored, first, a.CommandName)
			return nil
		}
		loc := ownerZone(a.Zones, e.Team, e.Owner, ch.loc)
		return []experiments.OutboxMessage{cuePrompt(e, got.cue, c.User, ch.now, loc, a.CommandName)}
	})
	return got, err
}

// checkInSummary is a check-in in one line.
func checkInSummary(ci experiments.CheckIn) string {
	var parts []string
	if ci.Value != nil {
		parts = append(parts, "*"+strconv.FormatFloat(*ci.Value, 'f', -1, 64)+"*")
	}
	if ci.Note != "" {
		parts = append(parts, blockkit.Escape(ci.Note))
	}
	if !ci.OnTrack {
		parts = append(parts, "_off track_")
	}
	if len(parts) == 0 { // `log #4 on-track`: a status report with nothing else
		parts = append(parts, "on track")
	}
	return strings.Join(parts, " — ")
}
