package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

// submitSaveIdea saves the idea of a save-idea form: in the message's
// channel, or in the picked one when the bot was not in the message's. Its
// one write stores the idea with its thread reply (or the submitter's
// confirmation DM) and the submission's keys.
func (a *App) submitSaveIdea(ctx context.Context, s Submission) (Outcome, error) {
	var st ideaFormState
	if err := a.openSubmission(s, &st); err != nil {
		return Outcome{}, err
	}
	e, errs := a.ideaOfForm(s, st)
	if len(errs) == 0 {
		if err := a.formLever(ctx, &e, s.Values[fieldLever]); err != nil {
			errs[fieldLever] = experiments.ErrorMessage(err)
		}
	}
	if len(errs) > 0 {
		return Outcome{FieldErrors: errs}, nil
	}
	return Outcome{}, a.createExperiment(ctx, &e, a.ideaSaved(st, s.User))
}

// ideaOfForm reads the form into a new idea owned by the submitter,
// collecting one error per field.
func (a *App) ideaOfForm(s Submission, st ideaFormState) (experiments.Experiment, map[string]string) {
	errs := map[string]string{}
	channel := st.Channel
	if st.Pick {
		channel = strings.TrimSpace(s.Values[fieldIdeaChannel])
		if channel == "" || (Command{Channel: channel}).isDM() {
			errs[fieldIdeaChannel] = "Pick a channel: ideas live in a channel, where the team sees them."
		}
	}
	title, err := experiments.ParseTitle(s.Values[fieldTitle])
	if errors.Is(err, experiments.ErrNoTitle) {
		errs[fieldTitle] = "Give the idea a title, e.g. Referral bonus for annual plans."
	} else if err != nil {
		errs[fieldTitle] = experiments.ErrorMessage(err)
	}
	hypothesis, err := experiments.ParseHypothesis(s.Values[fieldHypothesis])
	if err != nil {
		errs[fieldHypothesis] = experiments.ErrorMessage(err)
	}
	ice, field, err := formICE(s.Values)
	if err != nil {
		errs[field] = experiments.ErrorMessage(err)
	}
	return experiments.Experiment{Team: st.Team, Channel: channel, Owner: s.User, Title: title,
		Hypothesis: hypothesis, ICE: ice, Status: experiments.StatusIdea, CreatedAt: a.Now()}, errs
}

// formLever checks the lever picked against the list of the channel the
// idea goes to (a picked channel may have its own) and sets it on e.
func (a *App) formLever(ctx context.Context, e *experiments.Experiment, picked string) error {
	if picked == "" {
		return nil
	}
	settings, err := a.store.Settings.ChannelSettings(ctx, e.Team, e.Channel)
	if err != nil {
		return err
	}
	e.Lever, err = settings.Lever(picked)
	return err
}

// formICE reads the three ICE fields: all empty is no score; otherwise
// they are read as `ice:` is (experiments.ParseICE, the one grammar), and
// an error belongs to the first field that is empty, else to impact.
func formICE(values map[string]string) (experiments.ICE, string, error) {
	fields := []string{fieldImpact, fieldConfidence, fieldEase}
	scores := make([]string, len(fields))
	missing := ""
	for i, f := range fields {
		scores[i] = strings.TrimSpace(values[f])
		if scores[i] == "" && missing == "" {
			missing = f
		}
	}
	if strings.Join(scores, "") == "" {
		return experiments.ICE{}, "", nil
	}
	if missing != "" {
		return experiments.ICE{}, missing, experiments.Errorf(experiments.EINVALID,
			"Score impact, confidence and ease, each from 1 to 10, or leave all three empty.")
	}
	ice, err := experiments.ParseICE(strings.Join(scores, "/"))
	return ice, fieldImpact, err
}

// ideaSaved is what a saved idea posts: "saved as idea #N" in the
// message's thread when the idea is in the message's channel; otherwise a
// DM to the submitter, which says the thread got no reply.
func (a *App) ideaSaved(st ideaFormState, user string) Notify {
	return func(e experiments.Experiment) []experiments.OutboxMessage {
		launch := fmt.Sprintf("`%s launch %s`", a.CommandName, e.Ref())
		if e.Channel == st.Channel && st.Thread != "" {
			text := fmt.Sprintf(":bulb: Saved as idea %s *%s* by <@%s>. Shoot it with %s.", e.Ref(), blockkit.Escape(e.Title), user, launch)
			return []experiments.OutboxMessage{message(kindPost, e.Team, outgoing{Channel: e.Channel, ThreadTS: st.Thread,
				Text: text, Blocks: blocksOf(blockkit.Section(text))})}
		}
		text := fmt.Sprintf(":bulb: Saved as idea %s *%s* in <#%s>. I'm not in the message's conversation, "+
			"so I did not reply in its thread. Shoot it with %s in <#%s>.", e.Ref(), blockkit.Escape(e.Title), e.Channel, launch, e.Channel)
		return []experiments.OutboxMessage{message(kindDM, e.Team, outgoing{User: user, Text: text, Blocks: blocksOf(blockkit.Section(text))})}
	}
}
