package bot

import (
	"context"
	"fmt"

	"github.com/aimlater/aimlater/experiments"
)

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
