package bot

import (
	"fmt"

	"github.com/aimlater/aimlater/experiments"
)

// Announcements tell the whole channel about launches, decisions and new
// goals. They are queued in the same transaction as the change.

func announceLaunch(e experiments.Experiment) []experiments.OutboxMessage {
	text := fmt.Sprintf(":rocket: <@%s> launched %s *%s*", e.Owner, e.Ref(), esc(e.Title))
	return []experiments.OutboxMessage{postTo(e.Team, e.Channel, text, section(text), contextLine(aimLine(e)))}
}

func announceDecision(e experiments.Experiment) []experiments.OutboxMessage {
	text := fmt.Sprintf("%s <@%s> decided *%s* on %s *%s*", decisionEmoji(e.Decision), e.Owner, e.Decision, e.Ref(), esc(e.Title))
	return []experiments.OutboxMessage{postTo(e.Team, e.Channel, text, section(text+learningLine(e)))}
}

func announceIteration(decided, followUp experiments.Experiment) []experiments.OutboxMessage {
	msgs := announceDecision(decided)
	text := fmt.Sprintf(":repeat: Follow-up %s *%s* is running, by %s.", followUp.Ref(), esc(followUp.Title), followUp.Deadline)
	return append(msgs, postTo(followUp.Team, followUp.Channel, text, section(text)))
}

func announceGoal(g experiments.Goal) []experiments.OutboxMessage {
	text := fmt.Sprintf(":dart: <@%s> set goal %s *%s*", g.Author, g.Ref(), esc(g.Title))
	return []experiments.OutboxMessage{postTo(g.Team, g.Channel, text, section(text), contextLine(goalAimLine(g)))}
}

func learningLine(e experiments.Experiment) string {
	if e.Learning == "" {
		return ""
	}
	return "\n" + quote(esc(e.Learning))
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
