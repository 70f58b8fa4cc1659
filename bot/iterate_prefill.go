package bot

import (
	"context"
	"strings"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

// followUpCard shows an iterate's follow-up as it was prefilled from its
// parent (title, metric, target, deadline, goal, and a hypothesis that
// says what changes), quoted under the reply, with how to change it: the
// one who iterated sees at once that it is not a bare copy.
func (a *App) followUpCard(ctx context.Context, next experiments.Experiment) (string, error) {
	parts := aimParts(next.Metric, next.Target, next.Deadline)
	if next.GoalID != 0 {
		g, err := a.store.Goals.FindGoalByID(ctx, next.GoalID)
		if err != nil {
			return "", err
		}
		parts = append(parts, "goal *"+g.Ref()+"*")
	}
	lines := []string{"*" + next.Ref() + "* " + blockkit.Escape(next.Title)}
	if len(parts) > 0 {
		lines = append(lines, strings.Join(parts, " · "))
	}
	if next.Hypothesis != "" {
		lines = append(lines, "_"+blockkit.Escape(next.Hypothesis)+"_")
	}
	return "\n" + quote(strings.Join(lines, "\n")) + "\nChange any of it with `" + a.CommandName + " edit " + next.Ref() + " …`.", nil
}
