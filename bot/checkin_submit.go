package bot

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
)

// redrawFunc returns the chat.update that redraws a check-in DM with the
// changed item as it now stands (its experiment, what was recorded on it
// and why it is now ready for its decision, if it is); nil when
// there is no DM to redraw. The store calls it inside the transaction of
// the change, so the DM shows a result if and only if it was stored.
type redrawFunc func(changed dmItem) []experiments.OutboxMessage

// submitCheckIn stores a result logged from a check-in DM.
func (a *App) submitCheckIn(ctx context.Context, s Submission) (Outcome, error) {
	st, ch, _, err := a.dmSubmission(ctx, s)
	if err != nil {
		return Outcome{}, err
	}
	ci, errs := parseCheckInForm(s.Values)
	if len(errs) > 0 {
		return Outcome{FieldErrors: errs}, nil
	}
	ci.Author = s.User
	redraw, err := a.dmRedraw(ctx, st, ch)
	if err != nil {
		return Outcome{}, err
	}
	e, err := a.store.CheckIns.AddCheckIn(ctx, st.Team, st.Number, &ci, func(e experiments.Experiment, ci experiments.CheckIn, first *float64) []experiments.OutboxMessage {
		cue := logCue(e, ci, first)
		msgs := redraw(dmItem{e: e, recorded: ":memo: Logged: " + checkInSummary(ci) + onTrackWords(ci) + ".", cue: cue})
		if cue != "" && len(msgs) == 0 { // no DM to flag it in: prompt in a new one
			msgs = append(msgs, cuePrompt(e, cue, s.User, ch.now, ownerZone(a.Zones, e.Team, e.Owner, ch.loc), a.CommandName))
		}
		return msgs
	})
	if err == nil && st.Home {
		a.republishHome(ctx, st.Team, s.User, fmt.Sprintf(":memo: Logged on %s *%s*: %s%s.", e.Ref(), blockkit.Escape(e.Title), checkInSummary(ci), onTrackWords(ci)))
	}
	return fieldOutcome(err, fieldValue)
}

// submitDecision stores keep, kill or iterate decided from a check-in DM
// and tells the channel, as `decide` does.
func (a *App) submitDecision(ctx context.Context, s Submission) (Outcome, error) {
	st, ch, e, err := a.dmSubmission(ctx, s)
	if err != nil {
		return Outcome{}, err
	}
	d := decisionOf[s.CallbackID]
	learning, change, errs := parseDecisionForm(s.Values, d)
	if len(errs) > 0 {
		return Outcome{FieldErrors: errs}, nil
	}
	redraw, err := a.dmRedraw(ctx, st, ch)
	if err != nil {
		return Outcome{}, err
	}
	r, err := a.decide(ctx, ch, e, decision{user: s.User, verdict: d, learning: learning, change: change,
		also: func(r decided) []experiments.OutboxMessage {
			item := dmItem{e: r.e}
			if r.next != nil {
				item.recorded = fmt.Sprintf(":repeat: Follow-up %s is running, by %s.", r.next.Ref(), r.next.Deadline)
			}
			return append(redraw(item), r.goalMessages(s.User)...)
		}})
	if err == nil && st.Home {
		a.republishHome(ctx, st.Team, s.User, r.confirm)
	}
	return fieldOutcome(err, fieldLearning)
}

// dmSubmission reads the modal's sealed state, its experiment and its
// channel. A check-in form acts only for the experiment's owner, from their
// DM or home, as the button that opened it (Act).
func (a *App) dmSubmission(ctx context.Context, s Submission) (dmModalState, channelContext, experiments.Experiment, error) {
	var st dmModalState
	if err := a.openSubmission(s, &st); err != nil {
		return st, channelContext{}, experiments.Experiment{}, err
	}
	e, err := a.checkOwnerForm(ctx, s, st)
	if err != nil {
		return st, channelContext{}, e, err
	}
	ch, err := a.channel(ctx, Command{Team: st.Team, Channel: st.Channel})
	return st, ch, e, err
}

// checkOwnerForm returns the experiment of a check-in form, and refuses
// one submitted by anyone but its owner, or naming a DM that is not one
// (checkInAllowed).
func (a *App) checkOwnerForm(ctx context.Context, s Submission, st dmModalState) (experiments.Experiment, error) {
	e, err := a.store.Experiments.FindExperiment(ctx, st.Team, st.Number)
	if experiments.ErrorCode(err) == experiments.ENOTFOUND {
		return e, experimentNotFound(st.Number)
	}
	if err != nil {
		return e, fmt.Errorf("find experiment of check-in form: %w", err)
	}
	args := []any{"callback_id", s.CallbackID, "team", s.Team, "user", s.User, "number", st.Number}
	if e.Channel != st.Channel || !checkInPlace(st.From, st.Home) || !checkInPlace(st.DMChannel, st.Home) {
		return e, a.refuse(experimentNotFound(st.Number), "check-in form out of its DM, home or channel", args...)
	}
	if !checkInAllowed(e, s.User, st.From, st.Home) {
		return e, a.refuse(errNotYourCheckIn, "check-in form of someone else's experiment", args...)
	}
	return e, nil
}

// dmRedraw reads, before the change, what the DM lists, and returns the
// function that redraws it with the changed experiment.
func (a *App) dmRedraw(ctx context.Context, st dmModalState, ch channelContext) (redrawFunc, error) {
	if st.DMChannel == "" || st.DMTS == "" {
		return func(dmItem) []experiments.OutboxMessage { return nil }, nil
	}
	items, err := a.listedItems(ctx, st)
	if err != nil {
		return nil, err
	}
	return func(changed dmItem) []experiments.OutboxMessage {
		v := dmView{team: st.Team, channel: st.Channel, items: withItem(items, changed),
			now: ch.now, loc: ownerZone(a.Zones, st.Team, changed.e.Owner, ch.loc), command: a.CommandName}
		return []experiments.OutboxMessage{dmUpdate(st.DMChannel, st.DMTS, v)}
	}, nil
}

// listedItems reads the experiments the DM lists as they stand now.
func (a *App) listedItems(ctx context.Context, st dmModalState) ([]dmItem, error) {
	numbers := st.Listed
	if len(numbers) == 0 {
		numbers = []int{st.Number}
	}
	items := make([]dmItem, 0, len(numbers))
	for _, n := range capListed(numbers) {
		e, err := a.store.Experiments.FindExperiment(ctx, st.Team, n)
		if experiments.ErrorCode(err) == experiments.ENOTFOUND || (err == nil && (e.Channel != st.Channel || e.Owner != st.User)) {
			continue // gone, or not this DM's: draw the rest
		}
		if err != nil {
			return nil, fmt.Errorf("redraw check-in DM: %w", err)
		}
		items = append(items, dmItem{e: e})
	}
	return items, nil
}

// withItem returns items with it in place of the same experiment, or added
// at the end.
func withItem(items []dmItem, it dmItem) []dmItem {
	out := append([]dmItem(nil), items...)
	for i := range out {
		if out[i].e.Number == it.e.Number {
			out[i] = it
			return out
		}
	}
	return append(out, it)
}

// fieldOutcome shows a user-facing error of the store (such as "already
// decided", when another decision won the race) under field, keeping the
// modal open; internal errors go up to be logged.
func fieldOutcome(err error, field string) (Outcome, error) {
	switch experiments.ErrorCode(err) {
	case "":
		return Outcome{}, nil
	case experiments.EINTERNAL, experiments.EDUPLICATE:
		return Outcome{}, err
	}
	return Outcome{FieldErrors: map[string]string{field: experiments.ErrorMessage(err)}}, nil
}

// parseCheckInForm reads the log modal: an optional number, an optional
// note (one of the two at least) and on track yes or no. The value and the
// note are read as `/exp log` reads them, by the domain's check-in grammar.
func parseCheckInForm(values map[string]string) (experiments.CheckIn, map[string]string) {
	errs := map[string]string{}
	ci := experiments.CheckIn{OnTrack: values[fieldOnTrack] != "no"}
	v, err := experiments.ParseCheckInValue(values[fieldValue])
	if err != nil {
		errs[fieldValue] = experiments.ErrorMessage(err)
	}
	ci.Value = v
	if ci.Note, err = experiments.ParseCheckInNote(values[fieldNote]); err != nil {
		errs[fieldNote] = experiments.ErrorMessage(err)
	}
	if ci.Value == nil && ci.Note == "" && len(errs) == 0 {
		errs[fieldValue] = "Log a value, a note or both."
	}
	return ci, errs
}

// parseDecisionForm reads a decision modal: what was learnt and, for
// iterate, what changes in the follow-up; both are required.
func parseDecisionForm(values map[string]string, d experiments.Decision) (learning, change string, errs map[string]string) {
	errs = map[string]string{}
	learning = experiments.CleanText(values[fieldLearning])
	errs[fieldLearning] = checkRequiredText(learning, "Say what you learned: it is what the team keeps from this experiment.")
	if d == experiments.DecisionIterate {
		change = experiments.CleanText(values[fieldChange])
		errs[fieldChange] = checkRequiredText(change, "Say what changes in the follow-up, e.g. the same carousels as video.")
	}
	for k, v := range errs {
		if v == "" {
			delete(errs, k)
		}
	}
	return learning, change, errs
}

// checkRequiredText returns ifEmpty for an empty text, a length error for
// a long one, and "" when it is fine.
func checkRequiredText(s, ifEmpty string) string {
	switch {
	case s == "":
		return ifEmpty
	case utf8.RuneCountInString(s) > experiments.MaxNoteRunes:
		return fmt.Sprintf("Keep it under %d characters.", experiments.MaxNoteRunes)
	}
	return ""
}

// onTrackWords closes a logged line with how it is going.
func onTrackWords(ci experiments.CheckIn) string {
	if ci.OnTrack {
		return " — _on track_"
	}
	return ""
}
