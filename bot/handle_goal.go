package bot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

// GoalNotify builds the messages that report a change of a goal, as Notify
// does for an experiment.
type GoalNotify = func(experiments.Goal) []experiments.OutboxMessage

// GoalStore is what the goal verbs, `goals`, the plan's buttons and the
// experiments that serve a goal need of goals. Each change is one write on
// behalf of actor.
type GoalStore interface {
	CreateGoal(ctx context.Context, g *experiments.Goal, notify GoalNotify) error
	FindGoal(ctx context.Context, team string, number int) (experiments.Goal, error)
	FindGoalByID(ctx context.Context, id int64) (experiments.Goal, error)
	ListGoals(ctx context.Context, team, channel string) ([]experiments.Goal, error)
	CloseGoal(ctx context.Context, team string, number int, actor, note string, notify GoalNotify) (experiments.Goal, error)
	ReopenGoal(ctx context.Context, team string, number int, actor string, notify GoalNotify) (experiments.Goal, error)
	UpdateGoal(ctx context.Context, team string, number int, actor string, upd experiments.GoalUpdate, notify GoalNotify) (experiments.Goal, error)
	ListClosedGoals(ctx context.Context, team, channel string, limit int) ([]experiments.Goal, int, error)
	// LogGoalValue records a value of the goal's own metric (`goal log`)
	// and sets v's ID, GoalID and, when zero, At; a closed goal refuses.
	LogGoalValue(ctx context.Context, team string, number int, v *experiments.GoalValue) (experiments.Goal, error)
	// GoalRecords reads the records of a channel's goals open at asOf, by
	// goal ID: each goal's own values, and, with none, its experiments'
	// readings.
	GoalRecords(ctx context.Context, team, channel string, asOf time.Time) (map[int64]experiments.GoalRecord, error)
}

// goalVerbs maps each verb on an existing goal to its handler.
var goalVerbs = map[string]func(a *App, ctx context.Context, c Command, v experiments.GoalVerb) (Reply, error){
	experiments.GoalClose:  (*App).goalClose,
	experiments.GoalReopen: (*App).goalReopen,
	experiments.GoalEdit:   (*App).goalEdit,
	experiments.GoalLog:    (*App).goalLog,
}

// cmdGoal closes, reopens, edits or logs a goal (`goal close G1 …`), or else sets
// a new goal for the channel; experiments.ParseGoalVerb tells which.
func (a *App) cmdGoal(ctx context.Context, c Command, args string) (Reply, error) {
	v, isVerb, err := experiments.ParseGoalVerb(args)
	if err != nil {
		return Reply{}, err
	}
	if isVerb {
		return goalVerbs[v.Verb](a, ctx, c, v)
	}
	return a.goalCreate(ctx, c, args)
}

// goalCreate sets a goal for the channel from quick-capture text.
func (a *App) goalCreate(ctx context.Context, c Command, args string) (Reply, error) {
	if err := a.inChannel(c, "goal"); err != nil {
		return Reply{}, err
	}
	if args == "" {
		return Reply{}, a.usageError(goalUsage)
	}
	ch, err := a.channel(ctx, c)
	if err != nil {
		return Reply{}, err
	}
	cp, err := experiments.ParseCapture(args, ch.now, ch.loc)
	if errors.Is(err, experiments.ErrNoTitle) {
		return Reply{}, a.usageError(goalUsage)
	}
	if err != nil {
		return Reply{}, err
	}
	if cp.GoalNumber != 0 || !cp.ICE.IsZero() {
		return Reply{}, a.usageError("A goal takes `metric:`, `target:` and `by:` only, e.g. `/exp goal Double trial signups metric:signups target:+100%% by:2027-03-31`.")
	}
	// With no by:, the goal gets the plan's horizon (DefaultGoalDays).
	deadline := cp.Deadline
	if deadline.IsZero() {
		deadline = experiments.DefaultGoalDeadline(ch.now, ch.loc)
	}
	g := experiments.Goal{Team: c.Team, Channel: c.Channel, Title: cp.Title, Metric: cp.Metric,
		Target: cp.Target, Deadline: deadline, Author: c.User, CreatedAt: ch.now}
	if err := a.store.Goals.CreateGoal(ctx, &g, announceGoal); err != nil {
		return Reply{}, err
	}
	return textReply(fmt.Sprintf(":dart: Goal %s *%s* set — %s. Point experiments at it with `goal:%s`.", g.Ref(), blockkit.Escape(g.Title), goalAimLine(g), g.Ref())), nil
}

// goalClose closes a goal with an optional note and tells its channel.
func (a *App) goalClose(ctx context.Context, c Command, v experiments.GoalVerb) (Reply, error) {
	if _, err := a.findGoalNumber(ctx, c, v.Number); err != nil {
		return Reply{}, err
	}
	note, err := experiments.ParseGoalNote(v.Rest)
	if err != nil {
		return Reply{}, err
	}
	g, err := a.store.Goals.CloseGoal(ctx, c.Team, v.Number, c.User, note, announceGoalClosed)
	if err != nil {
		return Reply{}, err
	}
	return textReply(fmt.Sprintf(":checkered_flag: Closed goal %s *%s*. I told the channel. Changed your mind? `%s goal reopen %s`.",
		g.Ref(), blockkit.Escape(g.Title), a.CommandName, g.Ref())), nil
}

// goalReopen reopens a closed goal and tells its channel.
func (a *App) goalReopen(ctx context.Context, c Command, v experiments.GoalVerb) (Reply, error) {
	if v.Rest != "" {
		return Reply{}, a.usageError("Reopen a goal by its number alone, e.g. `/exp goal reopen G%d`.", v.Number)
	}
	if _, err := a.findGoalNumber(ctx, c, v.Number); err != nil {
		return Reply{}, err
	}
	g, err := a.store.Goals.ReopenGoal(ctx, c.Team, v.Number, c.User, announceGoalReopened)
	if err != nil {
		return Reply{}, err
	}
	return textReply(fmt.Sprintf(":arrows_counterclockwise: Reopened goal %s *%s* — %s. I told the channel.", g.Ref(), blockkit.Escape(g.Title), goalAimLine(g))), nil
}

// goalEdit changes a goal's title, metric, target, start or deadline from
// options-only text, read in the zone of the goal's channel.
func (a *App) goalEdit(ctx context.Context, c Command, v experiments.GoalVerb) (Reply, error) {
	g, err := a.findGoalNumber(ctx, c, v.Number)
	if err != nil {
		return Reply{}, err
	}
	ch, err := a.channel(ctx, Command{Team: g.Team, Channel: g.Channel})
	if err != nil {
		return Reply{}, err
	}
	upd, err := experiments.ParseGoalEdit(v.Rest, ch.now, ch.loc)
	if err != nil {
		return Reply{}, err
	}
	if g, err = a.store.Goals.UpdateGoal(ctx, c.Team, v.Number, c.User, upd, nil); err != nil {
		return Reply{}, err
	}
	return textReply(fmt.Sprintf(":pencil2: Goal %s is now *%s* — %s.", g.Ref(), blockkit.Escape(g.Title), goalAimLine(g))), nil
}

// goalLog records a value of the goal's own metric (`goal log G1 4300
// [note]`) and answers with where the goal stands now. It reaches the
// goals the other verbs reach (findGoalNumber); a closed goal refuses
// with how to reopen it, and bad input stores nothing.
func (a *App) goalLog(ctx context.Context, c Command, v experiments.GoalVerb) (Reply, error) {
	g, err := a.findGoalNumber(ctx, c, v.Number)
	if err != nil {
		return Reply{}, err
	}
	value, note, err := experiments.ParseGoalLog(v.Rest)
	if err != nil {
		return Reply{}, err
	}
	ch, err := a.channel(ctx, Command{Team: g.Team, Channel: g.Channel})
	if err != nil {
		return Reply{}, err
	}
	gv := experiments.GoalValue{Value: value, Note: note, By: c.User, At: ch.now}
	if g, err = a.store.Goals.LogGoalValue(ctx, c.Team, v.Number, &gv); err != nil {
		return Reply{}, err
	}
	records, err := a.store.Goals.GoalRecords(ctx, g.Team, g.Channel, ch.now)
	if err != nil {
		return Reply{}, err
	}
	p := experiments.MeasureGoal(g, records[g.ID].Values, ch.loc)
	return textReply(fmt.Sprintf(":chart_with_upwards_trend: Logged *%s* on goal %s *%s* — %s.",
		experiments.GroupedNumber(value), g.Ref(), blockkit.Escape(g.Title), goalStanding(g, p, nil, a.CommandName, ch.now, ch.loc))), nil
}

// announceGoalClosed tells the goal's channel who closed it, and why when
// a note says so.
func announceGoalClosed(g experiments.Goal) []experiments.OutboxMessage {
	text := fmt.Sprintf(":checkered_flag: <@%s> closed goal %s *%s*%s", g.ClosedBy, g.Ref(), blockkit.Escape(g.Title), setBy(g, g.ClosedBy))
	body := text
	if g.ClosedNote != "" {
		body += "\n" + quote(blockkit.Escape(g.ClosedNote))
	}
	return []experiments.OutboxMessage{postTo(g.Team, g.Channel, text, blockkit.Section(body))}
}

// announceGoalReopened tells the goal's channel who reopened it.
func announceGoalReopened(g experiments.Goal) []experiments.OutboxMessage {
	text := fmt.Sprintf(":arrows_counterclockwise: <@%s> reopened goal %s *%s*%s", g.ReopenedBy, g.Ref(), blockkit.Escape(g.Title), setBy(g, g.ReopenedBy))
	return []experiments.OutboxMessage{postTo(g.Team, g.Channel, text, blockkit.Section(text), blockkit.ContextLine(goalAimLine(g)))}
}

// setBy names the goal's author when someone else acted, so the channel
// knows whose goal it was.
func setBy(g experiments.Goal, actor string) string {
	if g.Author == "" || g.Author == actor {
		return ""
	}
	return fmt.Sprintf(" (set by <@%s>)", g.Author)
}

// goalChoices are the goals an experiment's edit form offers: the open
// goals of channel, and the experiment's own goal current even when it is
// closed, so that saving the form keeps it rather than dropping it unseen.
func (a *App) goalChoices(ctx context.Context, team, channel string, current int64) ([]experiments.Goal, error) {
	goals, err := a.store.Goals.ListGoals(ctx, team, channel)
	if err != nil || current == 0 {
		return goals, err
	}
	for _, g := range goals {
		if g.ID == current {
			return goals, nil
		}
	}
	g, err := a.store.Goals.FindGoalByID(ctx, current)
	if err != nil {
		return nil, err
	}
	return append(goals, g), nil
}
