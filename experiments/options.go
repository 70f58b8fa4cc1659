package experiments

import (
	"strings"
	"time"
)

// Options are the key:value options of one line of text, read by the
// quick-capture grammar. A nil field was not given.
type Options struct {
	Title      *string
	Metric     *string
	Target     *Target
	Deadline   *Date
	GoalNumber *int
	ICE        *ICE
}

// editKeys are the options of options-only text, which changes something
// that exists: the capture keys and `title:`, since there the title is not
// the leading text.
var editKeys = func() keySet {
	ks := keySet{"title": "`title:\"Double trial signups\"`"}
	for k, v := range captureKeys {
		ks[k] = v
	}
	return ks
}()

// editExample is options-only text as a whole, shown when its shape is wrong.
const editExample = "`title:\"Double trial signups\" target:+50% by:2027-03-31`"

// ParseOptions reads options-only text, the tail of an edit such as
// `goal edit G1 target:+50% by:fri`: the options of ParseCapture, plus
// `title:`, in any order, each at most once, with the same values, quotes
// and errors as there. There is no leading title: text before the first
// option is an error, and so is text with no option at all.
func ParseOptions(text string, now time.Time, loc *time.Location) (Options, error) {
	s := strings.TrimSpace(strings.ToValidUTF8(text, "\uFFFD"))
	if s == "" {
		return Options{}, Errorf(EINVALID, "Say what to change as key:value options, e.g. %s.", editExample)
	}
	if ws, we := nextWord(s, 0); !editKeys.isKey(s[ws:we]) {
		return Options{}, Errorf(EINVALID, "%s is not an option: say what to change as key:value options, e.g. %s.", echo(s[ws:we]), editExample)
	}
	return editKeys.parse(s, now, loc)
}

// capture is o as the options of a quick capture titled title.
func (o Options) capture(title string) Capture {
	c := Capture{Title: title}
	get(&c.Metric, o.Metric)
	get(&c.Target, o.Target)
	get(&c.Deadline, o.Deadline)
	get(&c.GoalNumber, o.GoalNumber)
	get(&c.ICE, o.ICE)
	return c
}

// get copies *v into dst when v is set.
func get[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// GoalUpdate is o as the change of a goal, which has a title, a metric, a
// target and a deadline only; any other option is an error naming them.
func (o Options) GoalUpdate() (GoalUpdate, error) {
	if o.GoalNumber != nil || o.ICE != nil {
		return GoalUpdate{}, Errorf(EINVALID, "A goal has `title:`, `metric:`, `target:` and `by:` only, e.g. `/exp goal edit G1 target:+50%% by:2027-03-31`.")
	}
	return GoalUpdate{Title: o.Title, Metric: o.Metric, Target: o.Target, Deadline: o.Deadline}, nil
}
