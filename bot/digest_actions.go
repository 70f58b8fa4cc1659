package bot

import (
	"context"
	"strconv"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// The buttons of the digest other than decide: Launch on the suggested
// idea, whose handler is `/exp next`'s (its action ID and value are that
// contract's), and New test on an idle goal.
const (
	// digestLaunchAction is the action ID of Launch, value the idea's
	// number: the same button as `/exp next` shows.
	digestLaunchAction = "exp_launch_idea"
	// actionNewForGoal opens the new-experiment form with the goal of its
	// value (a goal number) picked.
	actionNewForGoal = "exp_new_for_goal"
)

// actDigest handles the clicks on the digest's own buttons; ok is false
// for any other action.
func (a *App) actDigest(ctx context.Context, act Action) (r Reply, ok bool, err error) {
	switch {
	case channelDecideForms[act.ActionID] != "":
		r, err = a.actChannelDecide(ctx, act)
	case act.ActionID == actionNewForGoal:
		r, err = a.actNewForGoal(ctx, act)
	default:
		return Reply{}, false, nil
	}
	return r, true, err
}

// launchIdeaButton is Launch on an idea, [Launch #6] in a console.
func launchIdeaButton(e experiments.Experiment) *slack.ButtonBlockElement {
	return button(digestLaunchAction, "Launch "+e.Ref(), strconv.Itoa(e.Number), slack.StylePrimary)
}

// newForGoalButton is New test on a goal, [New test for G3] in a console.
func newForGoalButton(g experiments.Goal) *slack.ButtonBlockElement {
	return button(actionNewForGoal, "New test for "+g.Ref(), strconv.Itoa(g.Number), "")
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
