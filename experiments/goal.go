package experiments

import (
	"strings"
	"time"
)

// The verbs on an existing goal: `goal close G1 [note]`, `goal reopen G1`,
// `goal edit G1 key:value…`, `goal log G1 4300 [note]`.
const (
	GoalClose  = "close"
	GoalReopen = "reopen"
	GoalEdit   = "edit"
	GoalLog    = "log"
)

// GoalVerb is a verb on an existing goal as typed after `goal`.
type GoalVerb struct {
	Verb   string // GoalClose, GoalReopen, GoalEdit or GoalLog
	Number int    // the goal's number
	Rest   string // the text after the goal's reference, trimmed
}

// ParseGoalVerb tells a verb on a goal from a new goal's title in the text
// after `goal`. The words close, reopen, edit or log (any case) followed by
// a reference written with its G (`G2`, `g2`, `#G2`) are a verb; anything
// else is a title, so `Close the enterprise gap` or `Log 3 calls a day` set
// a goal. A verb followed by a bare number and nothing else (`close 2`) is
// neither: the error asks for the G, since no one means it as a title.
func ParseGoalVerb(text string) (v GoalVerb, ok bool, err error) {
	word, rest := CutWord(text)
	verb := strings.ToLower(word)
	if verb != GoalClose && verb != GoalReopen && verb != GoalEdit && verb != GoalLog {
		return GoalVerb{}, false, nil
	}
	ref, rest := CutWord(rest)
	if !isGoalRef(ref) {
		if _, err := ParseGoalNumber(ref); err == nil && rest == "" {
			return GoalVerb{}, false, Errorf(EINVALID, "Write the goal with its G, e.g. `/exp goal %s G%s`.", verb, strings.TrimPrefix(ref, "#"))
		}
		return GoalVerb{}, false, nil
	}
	n, err := ParseGoalNumber(ref)
	if err != nil {
		return GoalVerb{}, false, err
	}
	return GoalVerb{Verb: verb, Number: n, Rest: rest}, true, nil
}

// isGoalRef reports whether word is a goal reference written with its G.
func isGoalRef(word string) bool {
	v := strings.TrimPrefix(word, "#")
	if v == "" || (v[0] != 'G' && v[0] != 'g') {
		return false
	}
	_, err := ParseGoalNumber(v)
	return err == nil
}

// CutWord splits off the first word of s, trimming spaces: how a command
// reads its subcommand and its arguments.
func CutWord(s string) (word, rest string) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " \t\n"); i >= 0 {
		return s[:i], strings.TrimSpace(s[i+1:])
	}
	return s, ""
}

// ParseGoalNote reads the optional note of a goal's closing: cleaned as
// any note, at most MaxNoteRunes.
func ParseGoalNote(s string) (string, error) {
	return parseLongText(s, "A closing note", "say what happened in short, e.g. `/exp goal close G1 hit 2× signups in March`.")
}

// CanServe returns nil when new experiments may point at g, and otherwise
// says why not and how to change that: a closed goal serves no new
// experiment until it is reopened.
func (g Goal) CanServe() error {
	if !g.Closed {
		return nil
	}
	return Errorf(ECONFLICT, "Goal %s is closed, so it takes no new experiments: reopen it with `/exp goal reopen %s`, or pick an open goal from `/exp goals`.", g.Ref(), g.Ref())
}

// CanClose returns nil when g may be closed: it is open.
func (g Goal) CanClose() error {
	if g.Closed {
		return Errorf(ECONFLICT, "Goal %s is closed already. Reopen it with `/exp goal reopen %s`.", g.Ref(), g.Ref())
	}
	return nil
}

// CanReopen returns nil when g may be reopened: it is closed.
func (g Goal) CanReopen() error {
	if !g.Closed {
		return Errorf(ECONFLICT, "Goal %s is open already. Close it with `/exp goal close %s [note]`.", g.Ref(), g.Ref())
	}
	return nil
}

// Edit changes the fields of g that upd sets, on behalf of by at now.
func (g *Goal) Edit(upd GoalUpdate, by string, now time.Time) {
	set(&g.Title, upd.Title)
	set(&g.Metric, upd.Metric)
	set(&g.Target, upd.Target)
	set(&g.Deadline, upd.Deadline)
	if upd.Start != nil {
		g.Start, g.HasStart = *upd.Start, true
	}
	g.EditedBy, g.EditedAt = by, now
}
