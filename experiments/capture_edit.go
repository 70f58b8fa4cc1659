package experiments

import (
	"strings"
	"time"
	"unicode/utf8"
)

// MaxHypothesisRunes bounds a hypothesis, as the experiment form does.
const MaxHypothesisRunes = 2000

// maxKeyLen is the length of the longest option key, so keyOf can skip
// long words without lower-casing them.
const maxKeyLen = len("hypothesis")

// editKeys are the options `edit` takes: those of quick capture, and the
// title and hypothesis, which quick capture reads from the text itself.
var editKeys = func() map[string]string {
	keys := map[string]string{
		"title":      "`title:\"Video carousels\"`",
		"hypothesis": "`hypothesis:\"carousels beat single images\"`",
	}
	for k, v := range captureKeys {
		keys[k] = v
	}
	return keys
}()

// editExample is a whole one-line edit, shown when the shape is wrong.
const editExample = "`edit #4 metric:signups target:+20% by:fri`"

// EditCapture is what one line of `edit` options says: the values of
// Capture and the hypothesis, and which keys were given. A key not given
// is left as it is.
type EditCapture struct {
	Capture
	Hypothesis string
	given      map[string]bool
}

// Has reports whether key (lower-case, e.g. "by") was given.
func (e EditCapture) Has(key string) bool { return e.given[key] }

// Keys returns how many keys were given.
func (e EditCapture) Keys() int { return len(e.given) }

// ParseEdit reads options with no title, as `edit #4` and `launch #7`
// take them:
//
//	[title:<text>] [hypothesis:<text>] [metric:<name>] [target:<value>] [by:<date>] [goal:<G#>] [ice:<i>/<c>/<e>]
//
// It is the quick-capture grammar (see ParseCapture: values, quotes, keys
// in any order and case, each at most once) with two more keys, title and
// hypothesis, and stricter about what it does not know: text before the
// first key, and a `word:value` inside an unquoted value, are errors that
// list the keys, since an edit has no title to keep them in. Empty text
// gives no keys.
func ParseEdit(text string, now time.Time, loc *time.Location) (EditCapture, error) {
	s := strings.ToValidUTF8(text, "\uFFFD")
	e := EditCapture{given: map[string]bool{}}
	ws, we := nextWord(s, 0)
	if ws == len(s) {
		return e, nil
	}
	if !isKey(s[ws:we], editKeys) {
		return EditCapture{}, unknownOption(s[ws:we])
	}
	opts, err := scanOptions(s[ws:], editKeys)
	if err != nil {
		return EditCapture{}, err
	}
	for _, o := range opts {
		if e.given[o.key] {
			return EditCapture{}, Errorf(EINVALID, "`%s:` is given twice: keep one, e.g. %s.", o.key, editKeys[o.key])
		}
		e.given[o.key] = true
		if err := e.set(o, now, loc); err != nil {
			return EditCapture{}, err
		}
	}
	return e, nil
}

// set reads o's value into e.
func (e *EditCapture) set(o option, now time.Time, loc *time.Location) error {
	if err := checkStrayOption(o); err != nil {
		return err
	}
	switch o.key {
	case "title":
		if e.Title = CleanLine(o.value()); e.Title == "" {
			return Errorf(EINVALID, "`title:` needs a value, e.g. %s.", editKeys["title"])
		}
		return checkTitle(e.Title)
	case "hypothesis":
		return e.setHypothesis(o)
	}
	err := e.Capture.set(o, now, loc)
	if err != nil && !o.quoted && len(o.words) > 1 && e.Capture.set(option{key: o.key, words: o.words[:1]}, now, loc) == nil {
		// A one-word value followed by more words: capture blames the
		// title, which an edit has not.
		return Errorf(EINVALID, "`%s:` takes one value, but %s follows %s: %s",
			o.key, echo(strings.Join(o.words[1:], " ")), echoOption(o.key, o.words[0]), optionList())
	}
	return err
}

func (e *EditCapture) setHypothesis(o option) error {
	e.Hypothesis = CleanText(o.value())
	switch n := utf8.RuneCountInString(e.Hypothesis); {
	case n == 0:
		return Errorf(EINVALID, "`hypothesis:` needs a value, e.g. %s.", editKeys["hypothesis"])
	case n > MaxHypothesisRunes:
		return Errorf(EINVALID, "A hypothesis is at most %d characters and this one has %d: say it in a sentence, e.g. %s.", MaxHypothesisRunes, n, editKeys["hypothesis"])
	}
	return nil
}

// checkStrayOption refuses a `word:value` after the first word of an
// unquoted value: most likely an option edit does not know (`color:red`),
// which would otherwise end up inside the title or the metric. Quoting the
// value keeps such a word in it; a URL is never taken for one.
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

// unknownOption is the error of a word that is no option of edit.
func unknownOption(word string) error {
	if name, _, found := strings.Cut(word, ":"); found && name != "" {
		return Errorf(EINVALID, "`%s:` is not something I can change (quote the value if it belongs in it): %s", echoable(name), optionList())
	}
	return Errorf(EINVALID, "%s is not an option: %s", echo(word), optionList())
}

// optionList says which options there are, with an example.
func optionList() string {
	return "use title:, hypothesis:, metric:, target:, by:, goal: or ice:, e.g. " + editExample + "."
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
