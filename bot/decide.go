package bot

import (
	"context"
	"fmt"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

// The one decide path. `/exp decide`, the channel's decide buttons (the
// digest's "Decide now") and the check-in forms of a DM or the App Home
// all record keep, kill or iterate through decide, and the decider hears
// the confirmation it returns, whatever they used.

// decision is keep, kill or iterate on an experiment, by user, with what
// was learned; an iterate also says what its follow-up changes.
type decision struct {
	user     string
	verdict  experiments.Decision
	learning string
	change   string
	// also, if set, returns the messages the caller's surface queues in
	// the same write as the decision (a DM's redraw, the confirmation as
	// an ephemeral message): they exist if and only if the decision does.
	also func(decided) []experiments.OutboxMessage
}

// decided is a recorded decision: the experiment as decided, the
// follow-up an iterate started, what the decider is told, and the note on
// a goal the decision leaves with nothing running.
type decided struct {
	e       experiments.Experiment
	next    *experiments.Experiment
	confirm string
	watch   *goalWatch
}

// decide records dec on e, in e's channel ch, with the channel's
// announcement; an iterate starts the follow-up, due after the channel's
// default length.
func (a *App) decide(ctx context.Context, ch channelContext, e experiments.Experiment, dec decision) (decided, error) {
	watch, err := a.watchGoal(ctx, e, dec.verdict, ch)
	if err != nil {
		return decided{}, err
	}
	var out decided
	record := func(e experiments.Experiment, next *experiments.Experiment) []experiments.OutboxMessage {
		out = decided{e: e, next: next, confirm: confirmation(dec.user, e, next), watch: watch}
		if dec.also == nil {
			return nil
		}
		return dec.also(out)
	}
	if dec.verdict != experiments.DecisionIterate {
		_, err = a.store.Lifecycle.DecideExperiment(ctx, e.Team, e.Number, dec.verdict, dec.learning, dec.user,
			func(e experiments.Experiment) []experiments.OutboxMessage {
				return append(announceDecision(e), record(e, nil)...)
			})
		return out, err
	}
	_, _, err = a.store.Lifecycle.IterateExperiment(ctx, e.Team, e.Number, dec.learning, dec.change, dec.user, ch.defaultDeadline(),
		func(decided, next experiments.Experiment) []experiments.OutboxMessage {
			return append(announceIteration(decided, next), record(decided, &next)...)
		})
	return out, err
}

// confirmation is what the decider of e hears, wherever they decided: the
// verdict, the follow-up an iterate started, and who was told.
func confirmation(user string, e experiments.Experiment, next *experiments.Experiment) string {
	if next == nil {
		return fmt.Sprintf("%s Decided *%s* on %s *%s*. I told the channel%s.", decisionEmoji(e.Decision), e.Decision, e.Ref(), blockkit.Escape(e.Title), toldOwner(user, e))
	}
	return fmt.Sprintf(":repeat: Decided *iterate* on %s. Follow-up %s *%s* is running, by %s. I told the channel%s.",
		e.Ref(), next.Ref(), blockkit.Escape(next.Title), next.Deadline, toldOwner(user, e))
}

// toldOwner adds to "I told the channel" that the owner heard too, when
// the caller is someone else.
func toldOwner(user string, e experiments.Experiment) string {
	if user == e.Owner {
		return ""
	}
	return fmt.Sprintf(" and <@%s>, its owner", e.Owner)
}

// goalMessages is the note on r's goal, for a decision made in a form.
func (r decided) goalMessages(user string) []experiments.OutboxMessage {
	return r.watch.messages(user, r.e, r.next)
}
