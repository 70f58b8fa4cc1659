package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

// Submission is a submitted modal, whatever transport brought it.
type Submission struct {
	Team       string
	User       string
	CallbackID string
	Metadata   string            // the view's private_metadata
	Values     map[string]string // block ID → typed text, picked date or option value
}

// Outcome is what a submission leads to: field errors keep the modal open
// with the messages under the fields; otherwise it closes.
type Outcome struct {
	FieldErrors map[string]string
}

// Submit handles a submitted modal. Bad input comes back on the field and
// nothing is stored; a confirmation reaches the user ephemerally through the
// outbox, in the transaction of the change. A form is held to the scope of
// the command or click that opened it (access.go): one it does not
// allow changes nothing and shows a fixed text.
func (a *App) Submit(ctx context.Context, s Submission) (Outcome, error) {
	h, ok := submitRoutes[s.CallbackID]
	if !ok {
		a.log.Warn("view submission of an unknown form ignored", "team", s.Team, "user", s.User)
		return Outcome{}, errFormExpired
	}
	return h(a, ctx, s)
}

// formExperiment is the experiment an edit or learning form names, if it is
// in the form's channel and the submitter may reach it from where the form
// was opened, as `edit #4` typed there may (access.go). Otherwise it does not
// exist, worded as for a number never used.
func (a *App) formExperiment(ctx context.Context, s Submission, st modalState) (experiments.Experiment, error) {
	e, err := a.store.Experiments.FindExperiment(ctx, st.Team, st.Number)
	if experiments.ErrorCode(err) == experiments.ENOTFOUND {
		return e, experimentNotFound(st.Number)
	}
	if err != nil {
		return e, fmt.Errorf("find experiment of form: %w", err)
	}
	from := Command{Team: s.Team, Channel: st.From, User: s.User}
	if e.Channel != st.Channel || !canSee(from, e.Channel, e.Owner) {
		return e, a.refuse(experimentNotFound(st.Number), "form names an experiment out of the submitter's reach",
			"callback_id", s.CallbackID, "team", s.Team, "user", s.User, "number", st.Number)
	}
	return e, nil
}

// formValues are the parsed fields of the experiment modal.
type formValues struct {
	title, hypothesis, metric string
	target                    experiments.Target
	deadline                  experiments.Date
	goalID                    int64
	lever                     string
}

// parseForm reads and checks every field, collecting one error per field.
// keep is the experiment edited (zero for a new one): its deadline is
// allowed even if past, and its lever even if the channel dropped it.
func (a *App) parseForm(ctx context.Context, s Submission, st modalState, keep experiments.Experiment) (formValues, map[string]string, error) {
	keepDeadline := keep.Deadline
	ch, err := a.channel(ctx, Command{Team: st.Team, Channel: st.Channel})
	if err != nil {
		return formValues{}, nil, err
	}
	errs := map[string]string{}
	var f formValues
	var perr error
	if f.title, perr = experiments.ParseTitle(s.Values[fieldTitle]); perr != nil {
		errs[fieldTitle] = experiments.ErrorMessage(perr)
	}
	if f.metric, perr = experiments.ParseMetric(s.Values[fieldMetric]); perr != nil {
		errs[fieldMetric] = experiments.ErrorMessage(perr)
	}
	if f.hypothesis, perr = experiments.ParseHypothesis(s.Values[fieldHypothesis]); perr != nil {
		errs[fieldHypothesis] = experiments.ErrorMessage(perr)
	}
	if v := strings.TrimSpace(s.Values[fieldTarget]); v != "" {
		if f.target, perr = experiments.ParseTarget(v); perr != nil {
			errs[fieldTarget] = experiments.ErrorMessage(perr)
		}
	}
	if v := s.Values[fieldDeadline]; v != "" && v != keepDeadline.String() {
		if f.deadline, perr = experiments.ParseDate(v, ch.now, ch.loc); perr != nil {
			errs[fieldDeadline] = experiments.ErrorMessage(perr)
		}
	} else if v != "" {
		f.deadline = keepDeadline
	}
	if f.goalID, perr = a.formGoal(ctx, st, s.Values[fieldGoal]); perr != nil {
		errs[fieldGoal] = experiments.ErrorMessage(perr)
	}
	if f.lever = s.Values[fieldLever]; f.lever != "" && f.lever != keep.Lever {
		if f.lever, perr = ch.settings.Lever(f.lever); perr != nil {
			errs[fieldLever] = experiments.ErrorMessage(perr)
		}
	}
	return f, errs, nil
}

// formGoal checks a picked goal ID belongs to the modal's channel.
func (a *App) formGoal(ctx context.Context, st modalState, v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, experiments.Errorf(experiments.EINVALID, "Pick a goal from the list.")
	}
	g, err := a.store.Goals.FindGoalByID(ctx, id)
	if err != nil || g.Channel != st.Channel || g.Team != st.Team {
		return 0, experiments.Errorf(experiments.EINVALID, "That goal is not in this channel: pick one from the list.")
	}
	if st.Number == 0 { // a new experiment; an edit may keep its closed goal (goalChoices)
		return id, g.CanServe()
	}
	return id, nil
}

// submitNew launches the experiment of a new-experiment form, in the
// channel it was opened in: never a DM, where `/exp new` refuses.
func (a *App) submitNew(ctx context.Context, s Submission, st modalState) (Outcome, error) {
	if st.From != st.Channel || (Command{Channel: st.Channel}).isDM() || st.Number != 0 {
		return Outcome{}, a.refuse(errFormExpired, "new-experiment form for a channel it was not opened in",
			"team", s.Team, "user", s.User, "channel", st.Channel)
	}
	f, errs, err := a.parseForm(ctx, s, st, experiments.Experiment{})
	if err != nil || len(errs) > 0 {
		return Outcome{FieldErrors: errs}, err
	}
	ch, err := a.channel(ctx, Command{Team: st.Team, Channel: st.Channel})
	if err != nil {
		return Outcome{}, err
	}
	if f.deadline.IsZero() {
		f.deadline = ch.defaultDeadline()
	}
	e := experiments.Experiment{Team: st.Team, Channel: st.Channel, Owner: s.User, Title: f.title,
		Hypothesis: f.hypothesis, Metric: f.metric, Target: f.target, Deadline: f.deadline, GoalID: f.goalID,
		Lever: f.lever, Status: experiments.StatusRunning, CreatedAt: ch.now, LaunchedAt: ch.now}
	// Read before the write: the confirmation is queued inside it.
	tried := a.triedBefore(ctx, e.Team, e.Channel, e.Title)
	err = a.createExperiment(ctx, &e, func(e experiments.Experiment) []experiments.OutboxMessage {
		return append(announceLaunch(e), ephemeralTo(e.Team, e.Channel, s.User,
			strings.TrimSuffix(fmt.Sprintf(":rocket: Launched %s *%s* — %s.\n%s", e.Ref(), blockkit.Escape(e.Title), withLever(aimLine(e), e), tried), "\n")))
	})
	return Outcome{}, err
}

// submitEdit saves the edit form of an experiment the submitter may reach.
func (a *App) submitEdit(ctx context.Context, s Submission, st modalState) (Outcome, error) {
	e, err := a.formExperiment(ctx, s, st)
	if err != nil {
		return Outcome{}, err
	}
	f, errs, err := a.parseForm(ctx, s, st, e)
	if err != nil || len(errs) > 0 {
		return Outcome{FieldErrors: errs}, err
	}
	upd := experiments.ExperimentUpdate{By: s.User, Title: &f.title, Hypothesis: &f.hypothesis, Metric: &f.metric,
		Target: &f.target, Deadline: &f.deadline, GoalID: &f.goalID, Lever: &f.lever}
	_, err = a.store.Lifecycle.UpdateExperiment(ctx, st.Team, st.Number, upd, func(e experiments.Experiment) []experiments.OutboxMessage {
		return []experiments.OutboxMessage{ephemeralTo(e.Team, e.Channel, s.User,
			fmt.Sprintf(":pencil2: Saved %s *%s* — %s.", e.Ref(), blockkit.Escape(e.Title), withLever(aimLine(e), e)))}
	})
	return Outcome{}, err
}

// ephemeralTo is a chat.postEphemeral of text to user in channel.
func ephemeralTo(team, channel, user, text string) experiments.OutboxMessage {
	return message(kindEphemeral, team, outgoing{Channel: channel, User: user, Text: text,
		Blocks: blocksOf(blockkit.Section(text))})
}
