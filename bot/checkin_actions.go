package bot

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// Action is a click on a button, whatever transport brought it.
type Action struct {
	Team      string
	User      string
	Channel   string // where the clicked message is: for a check-in DM, the DM
	MessageTS string // the clicked message, so it can be redrawn
	ActionID  string
	Value     string
	// Listed holds the numbers of the experiments the clicked DM lists
	// (see listedNumbers); empty means just the one clicked.
	Listed []int
	// Home reports a click on the clicker's App Home tab; Channel and
	// MessageTS are then empty.
	Home bool
	// Message holds the blocks of the clicked message, from which Click
	// reads Listed when it is empty.
	Message []slack.Block
}

// Act handles a click. The reply holds the modal to open with the click's
// trigger, or else a text to show the clicker alone. A click on an
// experiment that is no longer running says so and opens nothing, so a DM
// older than a decision cannot decide twice.
//
// A check-in button (Log, Keep, Kill, Iterate) lives in its owner's DM or
// on their App Home: a click from anywhere else, or by anyone else, opens
// nothing (checkInAllowed).
func (a *App) Act(ctx context.Context, act Action) (Reply, error) {
	h, ok := actionRoutes[act.ActionID]
	if !ok {
		a.log.Debug("unknown action ignored", "action_id", act.ActionID)
		return Reply{}, nil
	}
	return h(a, ctx, act)
}

// actCheckIn opens the form of a check-in button (Log, Keep, Kill,
// Iterate) for the experiment's owner, in their DM or on their App Home.
func (a *App) actCheckIn(ctx context.Context, act Action) (Reply, error) {
	callbackID := checkInModalOf[act.ActionID]
	e, r, ok, err := a.clickedExperiment(ctx, act)
	if !ok {
		return r, err
	}
	if !checkInAllowed(e, act.User, act.Channel, act.Home) {
		return Reply{}, a.refuse(errNotYourCheckIn, "check-in button of someone else's experiment, or outside a DM or home",
			"action_id", act.ActionID, "team", act.Team, "user", act.User, "channel", act.Channel, "number", e.Number)
	}
	if e.Status != experiments.StatusRunning {
		return textReply(fmt.Sprintf(":information_source: %s *%s* is %s — nothing changed.",
			e.Ref(), blockkit.Escape(e.Title), notRunning(e))), nil
	}
	st := dmModalState{modalState: modalState{Team: act.Team, Channel: e.Channel, Number: e.Number, From: act.Channel, User: act.User},
		DMChannel: act.Channel, DMTS: act.MessageTS, Listed: capListed(act.Listed), Home: act.Home}
	return Reply{Text: "Opening " + e.Ref() + "…", Modal: checkInModal(callbackID, e, a.sealState(&st))}, nil
}

// clickedExperiment reads the experiment a button names. When ok is false,
// r and err answer the click as they are: the experiment is gone, or the
// button's value is forged.
func (a *App) clickedExperiment(ctx context.Context, act Action) (e experiments.Experiment, r Reply, ok bool, err error) {
	n, err := a.buttonNumber(act)
	if err != nil {
		return e, Reply{}, false, err
	}
	e, err = a.store.Experiments.FindExperiment(ctx, act.Team, n)
	if experiments.ErrorCode(err) == experiments.ENOTFOUND {
		return e, textReply(fmt.Sprintf(":warning: Experiment #%d is gone — nothing changed.", n)), false, nil
	}
	if err != nil {
		return e, Reply{}, false, fmt.Errorf("act %s: %w", act.ActionID, err)
	}
	return e, Reply{}, true, nil
}

// buttonNumber reads the experiment number a button carries. The bot wrote
// it, so anything else is forged: logged, never echoed.
func (a *App) buttonNumber(act Action) (int, error) {
	n, err := strconv.Atoi(act.Value)
	if err != nil || n <= 0 || n > experiments.MaxRefNumber {
		return 0, a.refuse(errForgedButton, "button value is no experiment number",
			"action_id", act.ActionID, "team", act.Team, "user", act.User, "value_bytes", len(act.Value))
	}
	return n, nil
}

// capListed keeps at most the experiments one DM can show, which also
// bounds the modal's private_metadata well below Slack's 3,000 characters.
func capListed(numbers []int) []int {
	if len(numbers) > maxDMExperiments {
		return numbers[:maxDMExperiments]
	}
	return numbers
}

// notRunning says why an experiment takes no check-in or decision.
func notRunning(e experiments.Experiment) string {
	if e.Status == experiments.StatusDecided {
		return fmt.Sprintf("already decided (%s)", e.Decision)
	}
	return "still an idea (launch it first)"
}
