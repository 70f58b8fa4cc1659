package bot

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// After a kill or an iterate, the goal the experiment served may be left
// with nothing running. The reply then names the goal and its top idea
// (experiments.NextIdea among the goal's ideas) with a Launch button, or
// says how to save an idea for it. A keep is left alone: it ends with a
// result to roll out, not a gap.

// goalWatch is what tells, once a decision is stored, whether the decided
// experiment's goal is left with nothing running: the channel's ideas,
// goals and running experiments as they were just before the decision. A
// nil *goalWatch watches nothing.
type goalWatch struct {
	scene   ideaScene
	now     time.Time
	loc     *time.Location
	command string
}

// watchGoal reads the goalWatch of deciding e with d; nil for a keep or an
// experiment that serves no goal, which need no read.
func (a *App) watchGoal(ctx context.Context, e experiments.Experiment, d experiments.Decision, ch channelContext) (*goalWatch, error) {
	if d == experiments.DecisionKeep || e.GoalID == 0 {
		return nil, nil
	}
	sc, err := a.readIdeaScene(ctx, e.Team, e.Channel)
	if err != nil {
		return nil, err
	}
	return &goalWatch{scene: sc, now: ch.now, loc: ch.loc, command: a.CommandName}, nil
}

// withNote adds the note on decided's goal to r, if there is one.
func (w *goalWatch) withNote(r Reply, decided experiments.Experiment, followUp *experiments.Experiment) Reply {
	text, blocks, ok := w.note(decided, followUp)
	if !ok {
		return r
	}
	r.Text += "\n" + text
	r.Blocks = append(r.Blocks, blocks...)
	return r
}

// messages is the note on decided's goal as an ephemeral message to user
// in its channel, for a decision made in a form; none when there is none.
func (w *goalWatch) messages(user string, decided experiments.Experiment, followUp *experiments.Experiment) []experiments.OutboxMessage {
	text, blocks, ok := w.note(decided, followUp)
	if !ok {
		return nil
	}
	return []experiments.OutboxMessage{message(kindEphemeral, decided.Team,
		outgoing{Channel: decided.Channel, User: user, Text: text, Blocks: blocksOf(blocks...)})}
}

// note is the text and blocks on decided's goal, with decided no longer
// running and followUp, if not nil, running; false when the goal is
// closed or still has something running.
func (w *goalWatch) note(decided experiments.Experiment, followUp *experiments.Experiment) (string, []slack.Block, bool) {
	if w == nil {
		return "", nil, false
	}
	running := slices.DeleteFunc(slices.Clone(w.scene.running), func(e experiments.Experiment) bool { return e.ID == decided.ID })
	if followUp != nil {
		running = append(running, *followUp)
	}
	if !experiments.NewIdeaOrder(w.scene.goals, running).ServesIdleGoal(decided) {
		return "", nil, false
	}
	g := w.scene.goals[slices.IndexFunc(w.scene.goals, func(g experiments.Goal) bool { return g.ID == decided.GoalID })]
	ideas := slices.DeleteFunc(slices.Clone(w.scene.ideas), func(e experiments.Experiment) bool { return e.GoalID != g.ID })
	pick, ok := experiments.NextIdea(ideas, w.scene.goals, running, nil, w.now, w.loc)
	if !ok {
		text := fmt.Sprintf(":dart: *%s* %s has nothing running now, and no idea waits for it. Save one: `%s idea Try a referral bonus for annual plans goal:%s ice:8/6/9`.",
			g.Ref(), blockkit.Escape(g.Title), w.command, g.Ref())
		return text, []slack.Block{blockkit.Section(text)}, true
	}
	e := pick.Idea
	text := fmt.Sprintf(":dart: *%s* %s has nothing running now. Its top idea: *%s* %s — %s, %s. Launch it with the button or `%s launch %s`.",
		g.Ref(), blockkit.Escape(g.Title), e.Ref(), blockkit.Escape(e.Title), iceShort(e.ICE), lowerFirst(waitedWords(pick.WaitedDays)), w.command, e.Ref())
	return text, []slack.Block{blockkit.Section(text), slack.NewActionBlock("idlegoal:"+strconv.Itoa(g.Number), launchButton(e))}, true
}

// iceShort is an idea's ICE score in a line: "ICE 8/6/9 = 7.7".
func iceShort(s experiments.ICE) string {
	if s.IsZero() {
		return "no ICE score yet"
	}
	return fmt.Sprintf("ICE %s = %s", s, s.ScoreText())
}

// lowerFirst lowers the first letter of an ASCII phrase.
func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
