package bot

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// The learning form: a button on the reply to a decision without a
// learning opens it; its submission records the learning after the fact.
const (
	actionLearn   = "exp_learn"
	callbackLearn = "exp_learn"
)

// cmdLearn sets or replaces a decided experiment's learning.
func (a *App) cmdLearn(ctx context.Context, c Command, args string) (Reply, error) {
	ref, text := experiments.CutWord(args)
	if ref == "" || text == "" {
		return Reply{}, a.usageError("Say what a decided experiment taught, e.g. `/exp learn #4 carousels doubled signups at the same cost`.")
	}
	e, err := a.findExperiment(ctx, c, ref)
	if err != nil {
		return Reply{}, err
	}
	e, err = a.store.Lifecycle.LearnExperiment(ctx, c.Team, e.Number, experiments.CleanText(text), c.User, announceLearning)
	if err != nil {
		return Reply{}, err
	}
	return textReply(fmt.Sprintf(":bulb: Recorded what %s *%s* taught. I told the channel.%s", e.Ref(), blockkit.Escape(e.Title), learningLine(e))), nil
}

// withLearningPrompt adds to the reply to a decision without a learning
// that the learning is the point, with a button to the learning form and
// the one-line command for where buttons do not work.
func withLearningPrompt(r Reply, e experiments.Experiment, command string) Reply {
	text := fmt.Sprintf(":bulb: *The learning is the point:* what did %s teach you? A kill that says why is worth as much as a keep. "+
		"Add it with the button, or `%s learn %s <what it taught>`.", e.Ref(), command, e.Ref())
	r.Text += "\n" + text
	r.Blocks = append(r.Blocks, blockkit.Section(text),
		slack.NewActionBlock("learn:"+strconv.Itoa(e.Number), blockkit.Button(actionLearn, "Add the learning", strconv.Itoa(e.Number), slack.StylePrimary)))
	return r
}

// actLearn answers a click on the learning button: the learning form of a
// decided experiment the clicker can reach from where they clicked, as
// `learn #4` typed there.
func (a *App) actLearn(ctx context.Context, act Action) (Reply, error) {
	n, err := a.buttonNumber(act)
	if err != nil {
		return Reply{}, err
	}
	e, err := a.findExperiment(ctx, Command{Team: act.Team, Channel: act.Channel, User: act.User}, strconv.Itoa(n))
	if err != nil {
		return Reply{}, err
	}
	if e.Status != experiments.StatusDecided {
		return textReply(fmt.Sprintf(":information_source: %s *%s* is %s: its learning is written when it is decided.",
			e.Ref(), blockkit.Escape(e.Title), e.Status)), nil
	}
	st := modalState{Team: e.Team, Channel: e.Channel, Number: e.Number, From: act.Channel, User: act.User}
	return Reply{Text: "Opening " + e.Ref() + "…", Modal: learningModal(e, a.sealState(&st))}, nil
}

// learningModal is the form that asks what e taught, prefilled with the
// learning it has; meta is its sealed state.
func learningModal(e experiments.Experiment, meta string) *slack.ModalViewRequest {
	about := blockkit.Section(fmt.Sprintf("*%s* %s — decided *%s*\n%s", e.Ref(), blockkit.Escape(e.Title), e.Decision, aimLine(e)))
	field := textInput(fieldLearning, "What did you learn?", "Carousels doubled signups at the same cost", e.Learning, false, true, experiments.MaxNoteRunes)
	return &slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: callbackLearn, Title: plain(blockkit.Truncate("Learning of "+e.Ref(), 24)),
		Submit: plain("Save"), Close: plain("Cancel"), PrivateMetadata: meta,
		Blocks: slack.Blocks{BlockSet: []slack.Block{about, field}},
	}
}

// submitLearn records the learning typed into the learning form.
func (a *App) submitLearn(ctx context.Context, s Submission, st modalState) (Outcome, error) {
	if _, err := a.formExperiment(ctx, s, st); err != nil {
		return Outcome{}, err
	}
	learning := experiments.CleanText(s.Values[fieldLearning])
	if msg := checkRequiredText(learning, "Say what you learned: it is what the team keeps from this experiment."); msg != "" {
		return Outcome{FieldErrors: map[string]string{fieldLearning: msg}}, nil
	}
	_, err := a.store.Lifecycle.LearnExperiment(ctx, st.Team, st.Number, learning, s.User, func(e experiments.Experiment) []experiments.OutboxMessage {
		return append(announceLearning(e), ephemeralTo(e.Team, e.Channel, s.User,
			fmt.Sprintf(":bulb: Recorded what %s *%s* taught.", e.Ref(), blockkit.Escape(e.Title))))
	})
	return fieldOutcome(err, fieldLearning)
}
