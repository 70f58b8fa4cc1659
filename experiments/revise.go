package experiments

import (
	"strings"
	"time"
)

// UndoWindow is how long after a decision its decider may take it back:
// long enough to catch a slip of the finger, short enough that nobody has
// built on the decision yet.
const UndoWindow = 10 * time.Minute

// Edit sets the fields of e that upd holds and records upd.By as the last
// editor, at now. Any status may be edited: fixing a decided experiment's
// title or metric keeps the record right.
func (e *Experiment) Edit(upd ExperimentUpdate, now time.Time) {
	set(&e.Title, upd.Title)
	set(&e.Hypothesis, upd.Hypothesis)
	set(&e.Metric, upd.Metric)
	set(&e.Target, upd.Target)
	set(&e.Deadline, upd.Deadline)
	set(&e.GoalID, upd.GoalID)
	set(&e.Lever, upd.Lever)
	set(&e.ICE, upd.ICE)
	e.EditedBy, e.EditedAt = upd.By, now
}

// set copies *v into *dst when v is not nil.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// Learn sets or replaces the learning of a decided experiment, after the
// fact, and records by as the last editor. A running experiment records
// its learning with its decision.
func (e *Experiment) Learn(learning, by string, now time.Time) error {
	if e.Status != StatusDecided {
		return Errorf(ECONFLICT, "%s is %s: a learning is written when it is decided, e.g. `decide %s keep carousels doubled signups`.",
			e.Ref(), e.describeStatus(), e.Ref())
	}
	learning = strings.TrimSpace(learning)
	if learning == "" {
		return Errorf(EINVALID, "Say what %s taught you, e.g. `learn %s carousels doubled signups at the same cost`.", e.Ref(), e.Ref())
	}
	if err := checkLearning(learning); err != nil {
		return err
	}
	e.Learning = learning
	e.EditedBy, e.EditedAt = by, now
	return nil
}

// checkLearning refuses a learning longer than MaxNoteRunes.
func checkLearning(learning string) error {
	_, err := parseLongText(learning, "A learning", "keep what the team should remember.")
	return err
}

// Undo takes back a mistaken decision: e runs again, with no decision,
// learning or decider. Only the decider may, within UndoWindow of the
// decision. followUp is the experiment an iterate started (nil for none),
// which the caller removes: it must still be running with no check-in, so
// an undo never loses anyone's work.
func (e *Experiment) Undo(by string, now time.Time, followUp *Experiment) error {
	if e.Status != StatusDecided {
		return Errorf(ECONFLICT, "%s is %s: only a decision can be undone.", e.Ref(), e.describeStatus())
	}
	if e.DecidedBy == "" || e.DecidedBy != by {
		return Errorf(ECONFLICT, "Only the person who decided %s can undo it.", e.Ref())
	}
	if now.Sub(e.DecidedAt) > UndoWindow {
		return Errorf(ECONFLICT, "%s was decided more than %s ago, too long to undo: it stays decided. `learn %s …` still changes what it taught.",
			e.Ref(), windowWords(UndoWindow), e.Ref())
	}
	if err := checkRemovable(followUp); err != nil {
		return err
	}
	e.Status, e.Decision, e.Learning = StatusRunning, DecisionNone, ""
	e.DecidedAt, e.DecidedBy = time.Time{}, ""
	return nil
}

// checkRemovable refuses to remove a follow-up someone has worked on.
func checkRemovable(f *Experiment) error {
	switch {
	case f == nil:
		return nil
	case f.Status != StatusRunning:
		return Errorf(ECONFLICT, "Follow-up %s is %s: undoing the iterate would remove it, so it stays.", f.Ref(), f.describeStatus())
	case !f.LastCheckInAt.IsZero():
		return Errorf(ECONFLICT, "Follow-up %s has check-ins already: undoing the iterate would remove them, so it stays. Decide %s instead.", f.Ref(), f.Ref())
	}
	return nil
}

// windowWords says a duration of whole minutes in words: "10 minutes".
func windowWords(d time.Duration) string { return CountOf(int(d.Minutes()), "minute") }
