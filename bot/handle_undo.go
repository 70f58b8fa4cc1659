package bot

import (
	"context"
	"fmt"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

// cmdUndo takes back a mistaken decision: only its decider, within
// experiments.UndoWindow. The experiment runs again; an iterate's follow-up
// is removed. The channel is told.
func (a *App) cmdUndo(ctx context.Context, c Command, args string) (Reply, error) {
	e, err := a.oneExperiment(ctx, c, args, "Undo a decision you just made, by its number, e.g. `/exp undo #4`.")
	if err != nil {
		return Reply{}, err
	}
	var (
		was     experiments.Experiment
		removed *experiments.Experiment
	)
	e, err = a.store.Lifecycle.UndoDecision(ctx, c.Team, e.Number, c.User, func(decided experiments.Experiment, r *experiments.Experiment) []experiments.OutboxMessage {
		was, removed = decided, r
		return announceUndo(decided, r)
	})
	if err != nil {
		return Reply{}, err
	}
	text := fmt.Sprintf(":leftwards_arrow_with_hook: Undid *%s* on %s *%s*: it is running again.", was.Decision, e.Ref(), blockkit.Escape(e.Title))
	if removed != nil {
		text += fmt.Sprintf(" Follow-up %s is removed.", removed.Ref())
	}
	return textReply(text + " I told the channel."), nil
}
