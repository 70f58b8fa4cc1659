package bot

import (
	"fmt"
	"strconv"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

// logCue returns why the check-in just stored makes its experiment ready
// for its decision (experiments.DecideCue), "" when it does not or when it
// was back-dated before the latest one, which is what the rule reads.
// first is the experiment's first logged value, as AddCheckIn gives it.
func logCue(e experiments.Experiment, stored experiments.CheckIn, first *float64) string {
	if stored.At.Before(e.LastCheckInAt) {
		return ""
	}
	cue, _ := experiments.DecideCue(e, first, stored)
	return cue
}

// logAsk is the one question a check-in may raise instead of a cue: its
// value is the experiment's first and already past an "at least" target
// (experiments.LowerIsBetter), so the target may read backwards. Asked on
// the first value only; "" otherwise. It is mrkdwn.
func logAsk(e experiments.Experiment, stored experiments.CheckIn, first *float64, command string) string {
	if stored.Value == nil || first == nil || *first != *stored.Value {
		return ""
	}
	meant, ok := experiments.LowerIsBetter(e, *first)
	if !ok {
		return ""
	}
	metric := "this metric"
	if e.Metric != "" {
		metric = "*" + blockkit.Escape(e.Metric) + "*"
	}
	return fmt.Sprintf("%s logged is already past the target of %s. Is lower better for %s? `%s edit %s target:%s`",
		strconv.FormatFloat(*first, 'f', -1, 64), blockkit.EscapeMarkup(e.Target.Words()), metric, command, e.Ref(), blockkit.EscapeMarkup(meant.String()))
}

// cuePrompt is the "decide now?" DM to the owner of e, sent when a
// check-in logged by the user by made it ready for its decision: the
// experiment as a one-item check-in DM, flagged with the cue and its
// decide buttons first (the owner-only buttons of the check-in DM, so a
// click opens the same forms).
func cuePrompt(e experiments.Experiment, cue, by string, now time.Time, loc *time.Location, command string) experiments.OutboxMessage {
	who := "You"
	if by != e.Owner {
		who = "<@" + by + ">"
	}
	v := dmView{team: e.Team, channel: e.Channel, items: []dmItem{{e: e, cue: cue}}, now: now, loc: loc, command: command,
		intro: fmt.Sprintf(":rotating_light: *Decide now?* %s logged on %s in <#%s>: %s. Keep, kill or iterate while it is fresh.",
			who, e.Ref(), e.Channel, blockkit.Escape(cue)),
		text: "Decide now? " + e.Ref() + ": " + cue}
	m, _ := checkInDM(e.Owner, v, nil)
	return m
}

// cueReply tells whoever logged that the experiment is ready for its
// decision, that its owner got the decide buttons, and how to decide from
// where they are.
func cueReply(e experiments.Experiment, cue, user, command string) string {
	told := fmt.Sprintf("I sent <@%s>, its owner, the decide buttons", e.Owner)
	if user == e.Owner {
		told = "I sent you the decide buttons in a DM"
	}
	return fmt.Sprintf("\n:rotating_light: *%s — decide now?* %s; or decide here: `%s decide %s keep|kill|iterate &lt;what you learned&gt;`.",
		blockkit.Escape(cue), told, command, e.Ref())
}
