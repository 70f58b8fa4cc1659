package bot

import (
	"context"
	"strconv"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// The digest's own button other than decide: New test on an idle goal.
// (Its Launch on the suggested idea is `/exp next`'s launchButton.)
const (
	// actionNewForGoal opens the new-experiment form with the goal of its
	// value (a goal number) picked.
	actionNewForGoal = "exp_new_for_goal"
)

// newForGoalButton is New test on a goal, [New test for G3] in a console.
func newForGoalButton(g experiments.Goal) *slack.ButtonBlockElement {
	return blockkit.Button(actionNewForGoal, "New test for "+g.Ref(), strconv.Itoa(g.Number), "")
}

// actNewForGoal answers New test for G3: the new-experiment form of the
// channel clicked in, with G3 picked, as `/exp new` there opens it. Anyone
// in the channel may click; the experiment is theirs. A goal of another
// channel does not exist; a closed one says how to reopen it.
func (a *App) actNewForGoal(ctx context.Context, act Action) (Reply, error) {
	n, err := a.buttonNumber(act)
	if err != nil {
		return Reply{}, err
	}
	c := Command{Team: act.Team, Channel: act.Channel, User: act.User}
	if err := a.inChannel(c, "new"); err != nil {
		return Reply{}, err
	}
	g, err := a.findGoalNumber(ctx, c, n)
	if err != nil {
		return Reply{}, err
	}
	if err := g.CanServe(); err != nil {
		return Reply{}, err
	}
	return a.newExperimentForm(ctx, c, experimentForm{goalID: g.ID})
}
