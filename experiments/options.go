package experiments

import (
	"strings"
	"time"
)

// Options are the key:value options of one line of text, read by the
// quick-capture grammar. A nil field was not given.
type Options struct {
	Title      *string
	Hypothesis *string
	Metric     *string
	Target     *Target
	Deadline   *Date
	GoalNumber *int
	Lever      *string // as typed (ParseLever); ChannelSettings.Lever checks it
	ICE        *ICE
	Start      *float64 // a goal's start (goalEditKeys only)
}

// maxKeyLen is the length of the longest option key, so keyOf can skip
// long words without lower-casing them.
const maxKeyLen = len("hypothesis")

// editKeys are the options of options-only text, which changes something
// that exists: the capture keys, and `title:` and `hypothesis:`, which
// quick capture reads from the text itself.
var editKeys = func() keySet {
	ks := keySet{
		"title":      "`title:\"Video carousels\"`",
		"hypothesis": "`hypothesis:\"carousels beat single images\"`",
	}
	for k, v := range captureKeys {
		ks[k] = v
	}
	return ks
}()

// goalEditKeys are the options of `goal edit`: those of editKeys and
// `start:`, the level a goal starts from, which only a goal has (an
// experiment's baseline is its first check-in).
var goalEditKeys = func() keySet {
	ks := keySet{"start": "`start:3000`"}
	for k, v := range editKeys {
		ks[k] = v
	}
	return ks
}()

// editExample is options-only text as a whole, shown when its shape is wrong.
const editExample = "`edit #4 metric:signups target:+20% by:fri`"

// ParseOptions reads options-only text, the tail of an edit such as
// `edit #4 metric:signups by:fri`, `goal edit G1 target:+50%` or
// `launch #7 by:fri`:
//
//	[title:<text>] [hypothesis:<text>] [metric:<name>] [target:<value>] [by:<date>] [goal:<G#>] [lever:<name>] [ice:<i>/<c>/<e>]
//
// It is the quick-capture grammar (see ParseCapture: values, quotes, keys
// in any order and case, each at most once) with two more keys, and
// stricter about what it does not know, since there is no title to keep it
// in: text before the first option, text with no option at all, and a
// `word:value` inside an unquoted value are errors that list the options.
// Quoting a value keeps such a word in it; a URL is never taken for one.
func ParseOptions(text string, now time.Time, loc *time.Location) (Options, error) {
	return editKeys.parseOptionsOnly(text, now, loc)
}

// ParseGoalEdit reads the options of `goal edit G1 …` as the change of a
// goal: ParseOptions' grammar with one more key, `start:<value>`, the level
// the goal starts from, read as a check-in's value (ParseCheckInValue).
func ParseGoalEdit(text string, now time.Time, loc *time.Location) (GoalUpdate, error) {
	o, err := goalEditKeys.parseOptionsOnly(text, now, loc)
	if err != nil {
		return GoalUpdate{}, err
	}
	return o.GoalUpdate()
}

// parseOptionsOnly reads options-only text with the keys ks (see
// ParseOptions).
func (ks keySet) parseOptionsOnly(text string, now time.Time, loc *time.Location) (Options, error) {
	s := strings.TrimSpace(strings.ToValidUTF8(text, "\uFFFD"))
	if s == "" {
		return Options{}, Errorf(EINVALID, "Say what to change as key:value options: %s", optionList())
	}
	if ws, we := nextWord(s, 0); !ks.isKey(s[ws:we]) {
		return Options{}, unknownOption(s[ws:we])
	}
	return ks.parse(s, now, loc)
}

// checkStrayOption refuses a `word:value` after the first word of an
// unquoted value of options-only text: most likely an option it does not
// know (`color:red`), which would otherwise end up inside a title or a
// metric.
func checkStrayOption(o option) error {
	if o.quoted {
		return nil
	}
	for _, w := range o.words[min(1, len(o.words)):] {
		name, rest, found := strings.Cut(w, ":")
		if found && rest != "" && !strings.HasPrefix(rest, "/") && isLetters(name) {
			return unknownOption(w)
		}
	}
	return nil
}

// unknownOption is the error of a word that is no option of options-only
// text.
func unknownOption(word string) error {
	if name, _, found := strings.Cut(word, ":"); found && name != "" {
		return Errorf(EINVALID, "`%s:` is not something I can change (quote the value if it belongs in it): %s", echoable(name), optionList())
	}
	return Errorf(EINVALID, "%s is not an option: %s", echo(word), optionList())
}

// optionList says which options there are, with an example.
func optionList() string {
	return "use title:, hypothesis:, metric:, target:, by:, goal:, lever: or ice:, e.g. " + editExample + "."
}

// isLetters reports whether s is 2–maxKeyLen ASCII letters.
func isLetters(s string) bool {
	if len(s) < 2 || len(s) > maxKeyLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

func (o *Options) setHypothesis(v string) error {
	h, err := ParseHypothesis(v)
	o.Hypothesis = &h
	return err
}

// Given lists the options set, as users name them ("deadline" for by:),
// in the order of the grammar.
func (o Options) Given() []string {
	var names []string
	for _, f := range []struct {
		name string
		set  bool
	}{{"title", o.Title != nil}, {"hypothesis", o.Hypothesis != nil}, {"metric", o.Metric != nil},
		{"target", o.Target != nil}, {"deadline", o.Deadline != nil}, {"goal", o.GoalNumber != nil}, {"lever", o.Lever != nil}, {"ice", o.ICE != nil}, {"start", o.Start != nil}} {
		if f.set {
			names = append(names, f.name)
		}
	}
	return names
}

// capture is o as the options of a quick capture titled title.
func (o Options) capture(title string) Capture {
	c := Capture{Title: title}
	set(&c.Metric, o.Metric)
	set(&c.Target, o.Target)
	set(&c.Deadline, o.Deadline)
	set(&c.GoalNumber, o.GoalNumber)
	set(&c.Lever, o.Lever)
	set(&c.ICE, o.ICE)
	return c
}

// GoalUpdate is o as the change of a goal, which has a title, a metric, a
// target and a deadline only; any other option is an error naming them.
func (o Options) GoalUpdate() (GoalUpdate, error) {
	if o.GoalNumber != nil || o.ICE != nil || o.Hypothesis != nil || o.Lever != nil {
		return GoalUpdate{}, Errorf(EINVALID, "A goal has `title:`, `metric:`, `target:` and `by:` only, and `start:` (the level it starts from), e.g. `/exp goal edit G1 target:+50%% start:3000 by:2027-03-31`.")
	}
	return GoalUpdate{Title: o.Title, Metric: o.Metric, Target: o.Target, Deadline: o.Deadline, Start: o.Start}, nil
}
