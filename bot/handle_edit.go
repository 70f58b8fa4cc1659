package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

// cmdEdit changes an experiment: `edit #4` alone opens its form, prefilled;
// `edit #4 metric:signups by:fri` changes just the fields given, in one line
// (the console's way, since it cannot open forms).
func (a *App) cmdEdit(ctx context.Context, c Command, args string) (Reply, error) {
	e, rest, err := a.experimentAnd(ctx, c, args, "Edit one experiment by its number: `/exp edit #4` opens its form, and `/exp edit #4 metric:signups target:+20% by:fri` changes just those fields.")
	if err != nil {
		return Reply{}, err
	}
	if rest == "" {
		return a.editModal(ctx, c, e)
	}
	ch, err := a.channel(ctx, Command{Team: c.Team, Channel: e.Channel})
	if err != nil {
		return Reply{}, err
	}
	opts, err := experiments.ParseOptions(rest, ch.now, ch.loc)
	if err != nil {
		return Reply{}, err
	}
	upd, err := a.editUpdate(ctx, c, e, opts, ch.settings)
	if err != nil {
		return Reply{}, err
	}
	e, err = a.store.Lifecycle.UpdateExperiment(ctx, c.Team, e.Number, upd, nil)
	if err != nil {
		return Reply{}, err
	}
	return textReply(fmt.Sprintf(":pencil2: Saved %s *%s* — %s. Changed: %s.", e.Ref(), blockkit.Escape(e.Title), withLever(aimLine(e), e), strings.Join(opts.Given(), ", "))), nil
}

// editUpdate turns the options given into an update by the caller; a goal
// must be one of the experiment's channel, and a lever one of its levers
// (s, its settings).
func (a *App) editUpdate(ctx context.Context, c Command, e experiments.Experiment, o experiments.Options, s experiments.ChannelSettings) (experiments.ExperimentUpdate, error) {
	upd := experiments.ExperimentUpdate{By: c.User, Title: o.Title, Hypothesis: o.Hypothesis, Metric: o.Metric,
		Target: o.Target, Deadline: o.Deadline, ICE: o.ICE}
	if o.Lever != nil {
		lever, err := s.Lever(*o.Lever)
		if err != nil {
			return upd, err
		}
		upd.Lever = &lever
	}
	if o.GoalNumber != nil {
		g, err := a.findGoalNumber(ctx, Command{Team: c.Team, Channel: e.Channel, User: c.User}, *o.GoalNumber)
		if err != nil {
			return upd, err
		}
		upd.GoalID = &g.ID
	}
	return upd, nil
}
