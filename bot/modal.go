package bot

import (
	"context"
	"slices"
	"strconv"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// Callback IDs of the modals and the block IDs of their fields. A block ID
// is also the key of a field error in a response_action "errors".
const (
	callbackNewExperiment  = "exp_new"
	callbackEditExperiment = "exp_edit"

	fieldTitle      = "title"
	fieldHypothesis = "hypothesis"
	fieldMetric     = "metric"
	fieldTarget     = "target"
	fieldDeadline   = "deadline"
	fieldGoal       = "goal"
	fieldLever      = "lever"
)

// modalState travels in a modal's private_metadata, sealed (see
// modal_trust.go): the channel the form acts in and, but for a new
// experiment, which experiment; where it was opened and by whom, so that a
// submission is held to the scope of the command or click that opened it.
type modalState struct {
	Team    string `json:"team"`
	Channel string `json:"channel"`
	Number  int    `json:"number,omitempty"`
	From    string `json:"from,omitempty"` // the channel or DM of the command or click
	User    string `json:"user,omitempty"` // who opened the form: the only one who can submit it
	Sig     string `json:"sig,omitempty"`  // the seal: an HMAC of the rest
}

// experimentForm holds a modal's initial values.
type experimentForm struct {
	title, hypothesis, metric, target string
	deadline                          experiments.Date
	goalID                            int64
}

// newExperimentModal is the reply to `new` with no title.
func (a *App) newExperimentModal(ctx context.Context, c Command) (Reply, error) {
	return a.newExperimentForm(ctx, c, experimentForm{})
}

// newExperimentForm opens the new-experiment form of c's channel with f's
// initial values (a goal picked, from the digest's New test).
func (a *App) newExperimentForm(ctx context.Context, c Command, f experimentForm) (Reply, error) {
	goals, err := a.store.Goals.ListGoals(ctx, c.Team, c.Channel)
	if err != nil {
		return Reply{}, err
	}
	ch, err := a.channel(ctx, c)
	if err != nil {
		return Reply{}, err
	}
	st := modalState{Team: c.Team, Channel: c.Channel, From: c.Channel, User: c.User}
	m := experimentModal(callbackNewExperiment, "New experiment", "Launch", a.sealState(&st), f, goals)
	m.Blocks.BlockSet = append(m.Blocks.BlockSet, leverSelect(ch.settings.LeverList(), ""))
	return Reply{Text: "Opening the new-experiment form…", Modal: m}, nil
}

// editModal is the reply to `edit #4` alone: e's form, prefilled.
func (a *App) editModal(ctx context.Context, c Command, e experiments.Experiment) (Reply, error) {
	goals, err := a.goalChoices(ctx, c.Team, e.Channel, e.GoalID)
	if err != nil {
		return Reply{}, err
	}
	ch, err := a.channel(ctx, Command{Team: c.Team, Channel: e.Channel})
	if err != nil {
		return Reply{}, err
	}
	form := experimentForm{title: e.Title, hypothesis: e.Hypothesis, metric: e.Metric,
		target: e.Target.String(), deadline: e.Deadline, goalID: e.GoalID}
	st := modalState{Team: c.Team, Channel: e.Channel, Number: e.Number, From: c.Channel, User: c.User}
	m := experimentModal(callbackEditExperiment, "Edit "+e.Ref(), "Save", a.sealState(&st), form, goals)
	m.Blocks.BlockSet = append(m.Blocks.BlockSet, leverSelect(ch.settings.LeverList(), e.Lever))
	return Reply{Text: "Opening " + e.Ref() + " for editing…", Modal: m}, nil
}

// experimentModal builds the new/edit experiment form; meta is its sealed
// state.
func experimentModal(callbackID, title, submit, meta string, f experimentForm, goals []experiments.Goal) *slack.ModalViewRequest {
	blocks := []slack.Block{
		textInput(fieldTitle, "Title", "Try LinkedIn carousel ads", f.title, false, false, experiments.MaxTitleRunes),
		textInput(fieldHypothesis, "Hypothesis", "We believe that … will … because …", f.hypothesis, true, true, experiments.MaxNoteRunes),
		textInput(fieldMetric, "Metric", "signups", f.metric, true, false, experiments.MaxMetricRunes),
		textInput(fieldTarget, "Target", "500, <50 or +20%", f.target, true, false, 20),
		dateInput(fieldDeadline, "Deadline", f.deadline),
	}
	if len(goals) > 0 {
		blocks = append(blocks, goalSelect(goals, f.goalID))
	}
	return &slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackID,
		Title:           plain(blockkit.Truncate(title, 24)),
		Submit:          plain(submit),
		Close:           plain("Cancel"),
		PrivateMetadata: meta,
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

// textInput is an input block with a plain-text field whose action ID is
// its block ID.
func textInput(id, label, placeholder, initial string, optional, multiline bool, maxLen int) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(plain(placeholder), id)
	el.InitialValue = initial
	el.Multiline = multiline
	el.MaxLength = maxLen
	b := slack.NewInputBlock(id, plain(label), nil, el)
	b.Optional = optional
	return b
}

func dateInput(id, label string, initial experiments.Date) *slack.InputBlock {
	el := slack.NewDatePickerBlockElement(id)
	el.InitialDate = initial.String()
	b := slack.NewInputBlock(id, plain(label), plain("Leave empty for the channel's default length"), el)
	b.Optional = true
	return b
}

// leverSelect offers the channel's levers (at most experiments.MaxLevers,
// far below Slack's 100 options), optional. An experiment's lever that the
// channel has since dropped is offered too, so saving the form keeps it;
// with a lever picked, "No lever" takes it away, since Slack cannot clear a
// static select.
func leverSelect(levers []string, selected string) *slack.InputBlock {
	if selected != "" && !slices.Contains(levers, selected) {
		levers = append(slices.Clip(levers), selected)
	}
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for _, l := range levers {
		o := slack.NewOptionBlockObject(l, plain(l), nil)
		opts = append(opts, o)
		if l == selected {
			initial = o
		}
	}
	if selected != "" {
		opts = append(opts, slack.NewOptionBlockObject(experiments.NoLever, plain("No lever"), nil))
	}
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick a lever"), fieldLever, opts...)
	el.InitialOption = initial
	b := slack.NewInputBlock(fieldLever, plain("Lever"), plain("Which growth lever it pulls; the channel sets its list in settings"), el)
	b.Optional = true
	return b
}

// goalSelect offers the channel's goals; Slack allows 100 options.
func goalSelect(goals []experiments.Goal, selected int64) *slack.InputBlock {
	var opts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for i, g := range goals {
		if i == 100 {
			break
		}
		o := slack.NewOptionBlockObject(strconv.FormatInt(g.ID, 10), plain(blockkit.Truncate(g.Ref()+" "+g.Title, 75)), nil)
		opts = append(opts, o)
		if g.ID == selected {
			initial = o
		}
	}
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick a goal"), fieldGoal, opts...)
	el.InitialOption = initial
	b := slack.NewInputBlock(fieldGoal, plain("Goal"), nil, el)
	b.Optional = true
	return b
}
