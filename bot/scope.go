package bot

import (
	"context"
	"fmt"

	"github.com/aimlater/aimlater/experiments"
)

// An experiment or goal is reachable only from its own channel, and by its
// owner from a direct message. From anywhere else it does not exist: the
// error is worded exactly as for a number that was never used, so nothing
// leaks about other channels.

func experimentNotFound(number int) error {
	return experiments.Errorf(experiments.ENOTFOUND, "There is no experiment #%d here. `list` shows this channel's experiments.", number)
}

func goalNotFound(number int) error {
	return experiments.Errorf(experiments.ENOTFOUND, "There is no goal G%d here. `goals` shows this channel's goals.", number)
}

// findExperiment resolves a typed reference (N or #N) in the caller's scope.
func (a *App) findExperiment(ctx context.Context, c Command, ref string) (experiments.Experiment, error) {
	n, err := experiments.ParseExperimentNumber(ref)
	if err != nil {
		return experiments.Experiment{}, err
	}
	e, err := a.store.Experiments.FindExperiment(ctx, c.Team, n)
	if experiments.ErrorCode(err) == experiments.ENOTFOUND || (err == nil && !canSee(c, e.Channel, e.Owner)) {
		return experiments.Experiment{}, experimentNotFound(n)
	}
	if err != nil {
		return experiments.Experiment{}, fmt.Errorf("find experiment: %w", err)
	}
	return e, nil
}

// findGoalNumber resolves a goal number in the caller's scope.
func (a *App) findGoalNumber(ctx context.Context, c Command, n int) (experiments.Goal, error) {
	g, err := a.store.Goals.FindGoal(ctx, c.Team, n)
	if experiments.ErrorCode(err) == experiments.ENOTFOUND || (err == nil && !canSee(c, g.Channel, g.Author)) {
		return experiments.Goal{}, goalNotFound(n)
	}
	if err != nil {
		return experiments.Goal{}, fmt.Errorf("find goal: %w", err)
	}
	return g, nil
}

// canSee reports whether the caller may reach something of channel owned by
// owner.
func canSee(c Command, channel, owner string) bool {
	return channel == c.Channel || (c.isDM() && owner == c.User)
}

// oneExperiment resolves a command whose only argument is an experiment
// reference; anything else is a usage error with the given example.
func (a *App) oneExperiment(ctx context.Context, c Command, args, usage string) (experiments.Experiment, error) {
	e, rest, err := a.experimentAnd(ctx, c, args, usage)
	if err == nil && rest != "" {
		err = a.usageError("%s", usage)
	}
	return e, err
}

// experimentAnd reads a command's leading #N, finds that experiment as
// the caller may reach it, and returns it with the rest of args; without
// a number, the error is usage.
func (a *App) experimentAnd(ctx context.Context, c Command, args, usage string) (experiments.Experiment, string, error) {
	ref, rest := experiments.CutWord(args)
	if ref == "" {
		return experiments.Experiment{}, "", a.usageError("%s", usage)
	}
	e, err := a.findExperiment(ctx, c, ref)
	return e, rest, err
}
