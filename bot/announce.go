package bot

import (
	"fmt"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

// Announcements tell the whole channel about launches, decisions and new
// goals. They are queued in the same transaction as the change. They name
// who acted, and the owner too when that is someone else: anyone in the
// channel may launch an idea or decide, and a post that named the owner
// would ping them for what they did not do.

func announceLaunch(e experiments.Experiment) []experiments.OutboxMessage {
	by := actor(e.LaunchedBy, e.Owner)
	text := fmt.Sprintf(":rocket: <@%s> launched %s *%s*%s", by, e.Ref(), blockkit.Escape(e.Title), ownerSuffix(by, e.Owner, "idea by"))
	return []experiments.OutboxMessage{postTo(e.Team, e.Channel, text, blockkit.Section(text), blockkit.ContextLine(withLever(aimLine(e), e)))}
}

// announceDecision tells the channel, and the owner in a DM when someone
// else decided, so nothing happens behind their back.
func announceDecision(e experiments.Experiment) []experiments.OutboxMessage {
	by := actor(e.DecidedBy, e.Owner)
	text := fmt.Sprintf("%s <@%s> decided *%s* on %s *%s*%s", decisionEmoji(e.Decision), by, e.Decision, e.Ref(), blockkit.Escape(e.Title), ownerSuffix(by, e.Owner, "owner"))
	msgs := []experiments.OutboxMessage{postTo(e.Team, e.Channel, text, blockkit.Section(text+learningLine(e)))}
	return append(msgs, tellOwner(e, by, fmt.Sprintf("%s <@%s> decided *%s* on your experiment %s *%s* in <#%s>.",
		decisionEmoji(e.Decision), by, e.Decision, e.Ref(), blockkit.Escape(e.Title), e.Channel))...)
}

func announceIteration(decided, followUp experiments.Experiment) []experiments.OutboxMessage {
	msgs := announceDecision(decided)
	text := fmt.Sprintf(":repeat: Follow-up %s *%s* is running, by %s.", followUp.Ref(), blockkit.Escape(followUp.Title), followUp.Deadline)
	return append(msgs, postTo(followUp.Team, followUp.Channel, text, blockkit.Section(text)))
}

// announceLearning tells the channel what a decided experiment taught,
// written after the decision.
func announceLearning(e experiments.Experiment) []experiments.OutboxMessage {
	by := actor(e.EditedBy, e.Owner)
	text := fmt.Sprintf(":bulb: <@%s> wrote what %s *%s* taught, decided %s%s", by, e.Ref(), blockkit.Escape(e.Title), e.Decision, ownerSuffix(by, e.Owner, "owner"))
	return []experiments.OutboxMessage{postTo(e.Team, e.Channel, text, blockkit.Section(text+learningLine(e)))}
}

// announceUndo tells the channel that the decision on e (as it was
// decided) was taken back by its decider, and the owner when that was
// someone else.
func announceUndo(e experiments.Experiment, removed *experiments.Experiment) []experiments.OutboxMessage {
	by, d := e.DecidedBy, e.Decision
	text := fmt.Sprintf(":leftwards_arrow_with_hook: <@%s> undid the *%s* decision on %s *%s*: it is running again%s.",
		by, d, e.Ref(), blockkit.Escape(e.Title), ownerSuffix(by, e.Owner, "owner"))
	if removed != nil {
		text += fmt.Sprintf(" Follow-up %s is removed.", removed.Ref())
	}
	msgs := []experiments.OutboxMessage{postTo(e.Team, e.Channel, text, blockkit.Section(text))}
	return append(msgs, tellOwner(e, by, fmt.Sprintf(":leftwards_arrow_with_hook: <@%s> undid the *%s* decision on your experiment %s *%s* in <#%s>: it is running again.",
		by, d, e.Ref(), blockkit.Escape(e.Title), e.Channel))...)
}

func announceGoal(g experiments.Goal) []experiments.OutboxMessage {
	text := fmt.Sprintf(":dart: <@%s> set goal %s *%s*", g.Author, g.Ref(), blockkit.Escape(g.Title))
	return []experiments.OutboxMessage{postTo(g.Team, g.Channel, text, blockkit.Section(text), blockkit.ContextLine(goalAimLine(g)))}
}

// tellOwner is a one-line DM of text to e's owner, none when by is the
// owner.
func tellOwner(e experiments.Experiment, by, text string) []experiments.OutboxMessage {
	if by == e.Owner {
		return nil
	}
	return []experiments.OutboxMessage{message(kindDM, e.Team, outgoing{User: e.Owner, Text: text, Blocks: blocksOf(blockkit.Section(text))})}
}

// actor is who acted, or the owner for experiments stored before actors
// were recorded.
func actor(by, owner string) string {
	if by == "" {
		return owner
	}
	return by
}

// ownerSuffix names the owner after the actor, " (owner <@U1>)", when they
// differ.
func ownerSuffix(by, owner, label string) string {
	if by == owner {
		return ""
	}
	return fmt.Sprintf(" (%s <@%s>)", label, owner)
}

func learningLine(e experiments.Experiment) string {
	if e.Learning == "" {
		return ""
	}
	return "\n" + quote(blockkit.Escape(e.Learning))
}

func decisionEmoji(d experiments.Decision) string {
	switch d {
	case experiments.DecisionKeep:
		return ":white_check_mark:"
	case experiments.DecisionKill:
		return ":x:"
	}
	return ":repeat:"
}
