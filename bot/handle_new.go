package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

// Usage of the capturing subcommands other than new, whose example the
// grammar's own errors show.
const (
	ideaUsage = "An idea needs a title, e.g. `/exp idea Referral bonus for annual plans metric:upgrades ice:7/5/8`."
	goalUsage = "A goal needs a title, e.g. `/exp goal Double trial signups metric:signups target:+100%% by:2027-03-31` (with no `by:`, 90 days from today)."
)

// channelContext is what most handlers need to know about the channel.
type channelContext struct {
	settings experiments.ChannelSettings
	loc      *time.Location
	now      time.Time
}

// bareChannelCommand starts a command that takes no argument and runs in
// a channel (`next`, `plan`): its usage if given one, where it may run,
// and the channel's context.
func (a *App) bareChannelCommand(ctx context.Context, c Command, args, name, usage string) (channelContext, error) {
	if args != "" {
		return channelContext{}, a.usageError("%s", usage)
	}
	if err := a.inChannel(c, name); err != nil {
		return channelContext{}, err
	}
	return a.channel(ctx, c)
}

func (a *App) channel(ctx context.Context, c Command) (channelContext, error) {
	s, err := a.store.Settings.ChannelSettings(ctx, c.Team, c.Channel)
	if err != nil {
		return channelContext{}, err
	}
	return channelContext{settings: s, loc: a.zoneOf(s), now: a.Now()}, nil
}

// defaultDeadline is the deadline of an experiment starting now with no by:.
func (ch channelContext) defaultDeadline() experiments.Date {
	return ch.settings.DefaultDeadline(ch.now, ch.loc)
}

// cmdNew launches a running experiment from the quick-capture text, or opens
// the new-experiment modal when there is no text.
func (a *App) cmdNew(ctx context.Context, c Command, args string) (Reply, error) {
	if err := a.inChannel(c, "new"); err != nil {
		return Reply{}, err
	}
	if args == "" {
		return a.newExperimentModal(ctx, c)
	}
	e, err := a.capture(ctx, c, args, experiments.StatusRunning)
	if err != nil {
		return Reply{}, err
	}
	if err := a.createExperiment(ctx, &e, announceLaunch); err != nil {
		return Reply{}, err
	}
	r := textReply(fmt.Sprintf(":rocket: Launched %s *%s* — %s.%s I told the channel.", e.Ref(), blockkit.Escape(e.Title), withLever(aimLine(e), e), iceWords(e.ICE)))
	return withTriedBefore(r, a.triedBefore(ctx, e.Team, e.Channel, e.Title)), nil
}

// iceWords confirms an ICE score given at launch, which is kept as for an
// idea; "" when there is none.
func iceWords(s experiments.ICE) string {
	if s.IsZero() {
		return ""
	}
	return fmt.Sprintf(" ICE %s (score %s).", s, s.ScoreText())
}

// cmdIdea records an idea: planned, not yet launched.
func (a *App) cmdIdea(ctx context.Context, c Command, args string) (Reply, error) {
	if err := a.inChannel(c, "idea"); err != nil {
		return Reply{}, err
	}
	if args == "" {
		return Reply{}, a.usageError(ideaUsage)
	}
	e, err := a.capture(ctx, c, args, experiments.StatusIdea)
	if err != nil {
		return Reply{}, err
	}
	if err := a.createExperiment(ctx, &e, nil); err != nil {
		return Reply{}, err
	}
	r := textReply(fmt.Sprintf(":bulb: Idea %s *%s*%s saved. Shoot it soon: `%s launch %s`.", e.Ref(), blockkit.Escape(e.Title), leverWords(e), a.CommandName, e.Ref()))
	return withTriedBefore(r, a.triedBefore(ctx, e.Team, e.Channel, e.Title)), nil
}

// capture parses quick-capture text into a new experiment of status owned
// by the caller in this channel. A running experiment with no deadline gets
// the channel's default length.
func (a *App) capture(ctx context.Context, c Command, args string, status experiments.Status) (experiments.Experiment, error) {
	ch, err := a.channel(ctx, c)
	if err != nil {
		return experiments.Experiment{}, err
	}
	cp, err := experiments.ParseCapture(args, ch.now, ch.loc)
	if errors.Is(err, experiments.ErrNoTitle) && status == experiments.StatusIdea {
		return experiments.Experiment{}, a.usageError(ideaUsage)
	}
	if err != nil {
		return experiments.Experiment{}, err
	}
	lever, err := ch.settings.Lever(cp.Lever)
	if err != nil {
		return experiments.Experiment{}, err
	}
	goalID, err := a.goalID(ctx, c, cp.GoalNumber)
	if err != nil {
		return experiments.Experiment{}, err
	}
	e := experiments.Experiment{
		Team: c.Team, Channel: c.Channel, Owner: c.User, Title: cp.Title,
		Metric: cp.Metric, Target: cp.Target, Deadline: cp.Deadline, GoalID: goalID, Lever: lever, ICE: cp.ICE,
		Status: status, CreatedAt: ch.now,
	}
	if status == experiments.StatusRunning {
		e.LaunchedAt = ch.now
		if e.Deadline.IsZero() {
			e.Deadline = ch.defaultDeadline()
		}
	}
	return e, nil
}

// goalID resolves a goal number typed in this channel; 0 stays 0. A closed
// goal takes no new experiment: the error says how to reopen it.
func (a *App) goalID(ctx context.Context, c Command, number int) (int64, error) {
	if number == 0 {
		return 0, nil
	}
	g, err := a.findGoalNumber(ctx, c, number)
	if err != nil {
		return 0, err
	}
	return g.ID, g.CanServe()
}

// inChannel refuses to create something in a direct message: experiments
// and goals live in a channel, where the team sees them and the bot can
// announce them (it cannot post into a DM between two people).
func (a *App) inChannel(c Command, sub string) error {
	if !c.isDM() {
		return nil
	}
	return a.usageError("Experiments and goals live in a channel, where the team sees them: run `/exp %s …` in your team's channel. Here you can show, log and decide your own experiments.", sub)
}
