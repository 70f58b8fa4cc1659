package bot

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// The decide buttons of a channel message (the digest's "Decide now"):
// Keep, Kill and Iterate open the forms of the check-in DM, for any member
// who clicks in the experiment's own channel, and record the decision as
// theirs. Each action ID is also the callback ID of the form it opens, so
// a submission comes back to these handlers, not to the DM's.
const (
	actionDecideKeep    = "exp_decide_keep"
	actionDecideKill    = "exp_decide_kill"
	actionDecideIterate = "exp_decide_iterate"
)

// channelDecideForms maps each channel decide button (and its form's
// callback ID) to the check-in DM form whose fields it shows.
var channelDecideForms = map[string]string{
	actionDecideKeep:    callbackDecideKeep,
	actionDecideKill:    callbackDecideKill,
	actionDecideIterate: callbackDecideIterate,
}

// decideButtons is the row of Keep, Kill and Iterate for e in a channel
// message; the labels carry the ref, so a console reads [Keep #6].
func decideButtons(e experiments.Experiment) slack.Block {
	n := strconv.Itoa(e.Number)
	return slack.NewActionBlock("decide:"+n,
		blockkit.Button(actionDecideKeep, "Keep "+e.Ref(), n, slack.StylePrimary),
		blockkit.Button(actionDecideKill, "Kill "+e.Ref(), n, slack.StyleDanger),
		blockkit.Button(actionDecideIterate, "Iterate "+e.Ref(), n, ""))
}

// actChannelDecide answers a decide button in a channel message: the
// decide form of a running experiment of that channel.
func (a *App) actChannelDecide(ctx context.Context, act Action) (Reply, error) {
	e, r, ok, err := a.clickedExperiment(ctx, act)
	if !ok {
		return r, err
	}
	if !channelDecideAllowed(e, act.Channel) {
		return Reply{}, a.refuse(experimentNotFound(e.Number), "decide button out of its experiment's channel",
			"action_id", act.ActionID, "team", act.Team, "user", act.User, "channel", act.Channel, "number", e.Number)
	}
	if e.Status != experiments.StatusRunning {
		return textReply(fmt.Sprintf(":information_source: %s *%s* is %s — nothing changed.", e.Ref(), blockkit.Escape(e.Title), notRunning(e))), nil
	}
	st := modalState{Team: act.Team, Channel: e.Channel, Number: e.Number, From: act.Channel, User: act.User}
	m := checkInModal(channelDecideForms[act.ActionID], e, a.sealState(&st))
	m.CallbackID = act.ActionID
	return Reply{Text: "Opening " + e.Ref() + "…", Modal: m}, nil
}

// submitChannelDecision records the decision of a form opened by a channel
// decide button, credited to the submitter, who alone hears so (the
// channel hears of the decision as from `decide`); the clicked message is
// left as it is, for everyone.
func (a *App) submitChannelDecision(ctx context.Context, s Submission) (Outcome, error) {
	var st modalState
	if err := a.openSubmission(s, &st); err != nil {
		return Outcome{}, err
	}
	e, err := a.channelDecideExperiment(ctx, s, st)
	if err != nil {
		return Outcome{}, err
	}
	d := decisionOf[channelDecideForms[s.CallbackID]]
	learning, change, errs := parseDecisionForm(s.Values, d)
	if len(errs) > 0 {
		return Outcome{FieldErrors: errs}, nil
	}
	ch, err := a.channel(ctx, Command{Team: st.Team, Channel: e.Channel})
	if err != nil {
		return Outcome{}, err
	}
	_, err = a.decide(ctx, ch, e, decision{user: s.User, verdict: d, learning: learning, change: change,
		also: func(r decided) []experiments.OutboxMessage {
			return append([]experiments.OutboxMessage{ephemeralTo(r.e.Team, r.e.Channel, s.User, r.confirm)}, r.goalMessages(s.User)...)
		}})
	return fieldOutcome(err, fieldLearning)
}

// channelDecideExperiment is the experiment a channel decide form names,
// if the form was opened in its own channel (channelDecideAllowed);
// otherwise it does not exist, worded as for a number never used.
func (a *App) channelDecideExperiment(ctx context.Context, s Submission, st modalState) (experiments.Experiment, error) {
	e, err := a.store.Experiments.FindExperiment(ctx, st.Team, st.Number)
	if experiments.ErrorCode(err) == experiments.ENOTFOUND {
		return e, experimentNotFound(st.Number)
	}
	if err != nil {
		return e, fmt.Errorf("find experiment of decide form: %w", err)
	}
	if e.Channel != st.Channel || !channelDecideAllowed(e, st.From) {
		return e, a.refuse(experimentNotFound(st.Number), "decide form out of its experiment's channel",
			"callback_id", s.CallbackID, "team", s.Team, "user", s.User, "number", st.Number)
	}
	return e, nil
}
