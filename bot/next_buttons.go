package bot

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// The idea buttons. Their value is the idea's number. They may appear in
// any message of the idea's channel (the `next` reply, the digest, the
// reply to a kill), and any member may click: the click acts as the same
// command typed there would (`launch #6`, `next skip #6`), credited to the
// clicker, who alone hears the outcome. The clicked message stays as it is.
const (
	actionLaunchIdea = "exp_launch_idea"
	actionSkipIdea   = "exp_skip_idea"
)

// launchButton is the Launch button of idea e; its text names the idea, so
// the console shows [Launch #6].
func launchButton(e experiments.Experiment) *slack.ButtonBlockElement {
	return blockkit.Button(actionLaunchIdea, "Launch "+e.Ref(), strconv.Itoa(e.Number), slack.StylePrimary)
}

// skipButton is the Not now button of idea e.
func skipButton(e experiments.Experiment) *slack.ButtonBlockElement {
	return blockkit.Button(actionSkipIdea, "Not now", strconv.Itoa(e.Number), "")
}

// nextActions is the row of Launch and Not now for idea e.
func nextActions(e experiments.Experiment) *slack.ActionBlock {
	return slack.NewActionBlock("next:"+strconv.Itoa(e.Number), launchButton(e), skipButton(e))
}

// actLaunchIdea launches the clicked idea, as `launch #6` typed where the
// click was: by the clicker, with the channel told. An idea launched
// meanwhile says so and changes nothing.
func (a *App) actLaunchIdea(ctx context.Context, act Action) (Reply, error) {
	c, e, err := a.clickedIdea(ctx, act)
	if err != nil {
		return Reply{}, err
	}
	if e.Status != experiments.StatusIdea {
		return textReply(fmt.Sprintf(":information_source: %s *%s* is %s — nothing changed.", e.Ref(), blockkit.Escape(e.Title), launchedWords(e))), nil
	}
	ch, err := a.channel(ctx, Command{Team: e.Team, Channel: e.Channel})
	if err != nil {
		return Reply{}, err
	}
	return a.launch(ctx, c, e, experiments.Date{}, ch)
}

// actSkipIdea is Not now clicked: as `next skip #6` typed there.
func (a *App) actSkipIdea(ctx context.Context, act Action) (Reply, error) {
	c, e, err := a.clickedIdea(ctx, act)
	if err != nil {
		return Reply{}, err
	}
	return a.skipIdea(ctx, c, e)
}

// clickedIdea is the clicker as a command where they clicked, and the
// experiment the button names as they may reach it from there (access.go).
func (a *App) clickedIdea(ctx context.Context, act Action) (Command, experiments.Experiment, error) {
	c := Command{Team: act.Team, Channel: act.Channel, User: act.User}
	n, err := a.buttonNumber(act)
	if err != nil {
		return c, experiments.Experiment{}, err
	}
	if act.Home {
		return a.homeIdea(ctx, act, n)
	}
	e, err := a.findExperiment(ctx, c, strconv.Itoa(n))
	return c, e, err
}

// launchedWords says why an experiment is no idea to launch any more.
func launchedWords(e experiments.Experiment) string {
	if e.Status == experiments.StatusDecided {
		return fmt.Sprintf("already decided (%s)", e.Decision)
	}
	if e.LaunchedBy != "" {
		return fmt.Sprintf("already running, launched by <@%s>", e.LaunchedBy)
	}
	return "already running"
}
