package experiments

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Bounds of captured text, in runes after cleaning.
const (
	MaxTitleRunes  = 200
	MaxMetricRunes = 80
)

// ErrNoTitle is the error of a capture without a title. It is one value so
// that callers capturing something else than an experiment (a goal, an
// idea) can recognise it with errors.Is and show their own example.
var ErrNoTitle = Errorf(EINVALID, "An experiment needs a title, e.g. %s — the title comes first, then the options.", captureExample)

// captureExample is a whole quick capture, shown when the shape is wrong.
const captureExample = "`/exp new Try LinkedIn carousel ads metric:signups target:+20% by:2w`"

// Capture is what one line of quick capture says about a new experiment.
// Zero fields were not given.
type Capture struct {
	Title      string
	Metric     string
	Target     Target
	Deadline   Date
	GoalNumber int
	Lever      string // as typed (ParseLever); ChannelSettings.Lever checks it
	ICE        ICE
}

// keySet is the option keys of one grammar, lower-case, with an example of
// each. Quick capture and options-only text (edits) share the scanner and
// differ only in their keys.
type keySet map[string]string

// optionsOnly reports whether ks is the key set of options-only text (see
// ParseOptions), which has a `title:` key because it has no leading title.
func (ks keySet) optionsOnly() bool {
	_, ok := ks["title"]
	return ok
}

// oneValueHint is what the error of a one-word option followed by more
// words says to do: in quick capture the extra words were likely meant
// for the leading title.
func (ks keySet) oneValueHint() string {
	if ks.optionsOnly() {
		return optionList()
	}
	return "the title comes first, then the options, e.g. " + captureExample + "."
}

// captureKeys are the options of quick capture.
var captureKeys = keySet{
	"metric": "`metric:signups` or `metric:\"trial signups\"`",
	"target": "`target:500` or `target:+20%`",
	"by":     "`by:fri` or `by:2w`",
	"goal":   "`goal:G2`",
	"lever":  leverExample,
	"ice":    "`ice:8/6/9`",
}

// ParseCapture reads the quick-capture grammar:
//
//	<title> [metric:<name>] [target:<value>] [by:<date>] [goal:<G#>] [lever:<name>] [ice:<i>/<c>/<e>]
//
// The title comes first; the first word that starts with a known key and a
// colon ends it, and everything after is options, in any order, each at most
// once. Keys are case-insensitive (`Metric:`, `BY:`). Any other `word:` — a
// label like `Webinar:`, a URL like `https://x.io` — stays in the title, and
// so does a key with nothing after its colon at the very start of the text,
// so a title may read `Goal: double trial signups`.
//
// A value runs until the next key: `metric:trial signups by:fri` gives the
// metric "trial signups", and `by: fri` (a space after the colon) works too.
// A value may be quoted with straight or typographic double quotes
// (`metric:"trial signups"`, `metric:“trial signups”`); a quote that is never
// closed is an error, and so are words between a closing quote and the next
// key. target:, by:, goal:, lever: and ice: take one word: extra words after a valid
// value are an error that says the title comes first, rather than being
// moved silently into the title.
//
// The title is cleaned with CleanLine (so invalid UTF-8 is replaced, not
// rejected) and must be 1–MaxTitleRunes runes; the metric likewise, at most
// MaxMetricRunes. Values are read by ParseTarget, ParseDate (relative to now
// in loc), ParseGoalNumber, ParseLever and ParseICE. Every error is EINVALID with a
// message that shows an example.
func ParseCapture(text string, now time.Time, loc *time.Location) (Capture, error) {
	s := strings.ToValidUTF8(text, "\uFFFD")
	start := captureKeys.optionsStart(s)
	title := CleanLine(s[:start])
	if err := checkTitle(title); err != nil {
		return Capture{}, err
	}
	o, err := captureKeys.parse(s[start:], now, loc)
	if err != nil {
		return Capture{}, err
	}
	return o.capture(title), nil
}

// parse reads s, which starts with a key of ks (or is empty), into Options.
func (ks keySet) parse(s string, now time.Time, loc *time.Location) (Options, error) {
	opts, err := ks.scanOptions(s)
	if err != nil {
		return Options{}, err
	}
	var o Options
	seen := map[string]bool{}
	for _, opt := range opts {
		if seen[opt.key] {
			return Options{}, Errorf(EINVALID, "`%s:` is given twice: keep one, e.g. %s.", opt.key, ks[opt.key])
		}
		seen[opt.key] = true
		if err := o.set(opt, ks, now, loc); err != nil {
			return Options{}, err
		}
	}
	return o, nil
}

func checkTitle(title string) error {
	switch n := utf8.RuneCountInString(title); {
	case n == 0:
		return ErrNoTitle
	case n > MaxTitleRunes:
		return Errorf(EINVALID, "A title is at most %d characters and this one has %d: keep it short, e.g. %s.", MaxTitleRunes, n, captureExample)
	}
	return nil
}

// option is one key with its value as typed: the words up to the next key,
// or the text between quotes.
type option struct {
	key    string // lower-case, one of captureKeys
	words  []string
	quoted bool
}

func (o option) value() string { return strings.Join(o.words, " ") }

// set reads opt's value into o.
func (o *Options) set(opt option, ks keySet, now time.Time, loc *time.Location) error {
	if CleanLine(opt.value()) == "" {
		return Errorf(EINVALID, "`%s:` needs a value, e.g. %s.", opt.key, ks[opt.key])
	}
	if ks.optionsOnly() {
		if err := checkStrayOption(opt); err != nil {
			return err
		}
	}
	switch opt.key {
	case "title":
		return o.setTitle(opt.value())
	case "hypothesis":
		return o.setHypothesis(opt.value())
	case "metric":
		return o.setMetric(opt.value())
	case "target":
		return opt.readOne(ks.oneValueHint(), func(v string) error { return parseInto(&o.Target, v, ParseTarget) })
	case "by":
		return opt.readOne(ks.oneValueHint(), func(v string) error {
			return parseInto(&o.Deadline, v, func(v string) (Date, error) { return ParseDate(v, now, loc) })
		})
	case "goal":
		return opt.readOne(ks.oneValueHint(), func(v string) error { return parseInto(&o.GoalNumber, v, ParseGoalNumber) })
	case "lever":
		return opt.readOne(ks.oneValueHint(), func(v string) error { return parseInto(&o.Lever, v, ParseLever) })
	case "ice":
		return opt.readOne(ks.oneValueHint(), func(v string) error { return parseInto(&o.ICE, v, ParseICE) })
	case "start":
		return opt.readOne(ks.oneValueHint(), func(v string) error { return o.setStart(v) })
	}
	return Errorf(EINTERNAL, "capture: unknown key %q", opt.key)
}

// parseInto sets *dst to parse(v) when it parses.
func parseInto[T any](dst **T, v string, parse func(string) (T, error)) error {
	x, err := parse(v)
	if err != nil {
		return err
	}
	*dst = &x
	return nil
}

func (o *Options) setTitle(v string) error {
	t, err := ParseTitle(v)
	o.Title = &t
	return err
}

// setStart reads a goal's start with the number grammar of a check-in's
// value, the level the goal's metric stood at.
func (o *Options) setStart(v string) error {
	n, err := ParseCheckInValue(v)
	if err != nil {
		return err
	}
	o.Start = n
	return nil
}

func (o *Options) setMetric(v string) error {
	m, err := ParseMetric(v)
	o.Metric = &m
	return err
}

// readOne reads a one-word value with parse. When an unquoted value has
// more words and its first word is valid on its own, the rest was meant for
// the title: the error says so.
func (o option) readOne(hint string, parse func(string) error) error {
	if o.quoted || len(o.words) == 1 {
		return parse(o.value())
	}
	if parse(o.words[0]) != nil {
		return parse(o.value())
	}
	return Errorf(EINVALID, "`%s:` takes one value, but %s follows %s: %s",
		o.key, echo(strings.Join(o.words[1:], " ")), echoOption(o.key, o.words[0]), hint)
}

// optionsStart returns the byte offset in s of the first option, len(s) when
// there is none. A bare key (nothing after the colon) as the very first word
// is a title label, not an option.
func (ks keySet) optionsStart(s string) int {
	first := true
	for ws, we := nextWord(s, 0); ws < len(s); ws, we = nextWord(s, we) {
		key, ok := ks.keyOf(s[ws:we])
		if ok && !(first && we-ws == len(key)+1) {
			return ws
		}
		first = false
	}
	return len(s)
}

// scanOptions splits s, which starts with a key word, into options.
func (ks keySet) scanOptions(s string) ([]option, error) {
	var opts []option
	ws, we := nextWord(s, 0)
	for ws < len(s) {
		key, _ := ks.keyOf(s[ws:we])
		o := option{key: key}
		valueStart := ws + len(key) + 1
		if vs := skipSpace(s, valueStart); vs < len(s) && isOpenQuote(s[vs:]) {
			content, end, err := readQuoted(s, vs, key)
			if err != nil {
				return nil, err
			}
			o.words, o.quoted = []string{content}, true
			if ws, we = nextWord(s, end); ws < len(s) && !ks.isKey(s[ws:we]) {
				return nil, Errorf(EINVALID, "%s after the quoted `%s:` value is not an option: put it inside the quotes, or in the title, which comes first — e.g. %s.", echo(s[ws:we]), key, captureExample)
			}
		} else {
			if valueStart < we {
				o.words = append(o.words, s[valueStart:we])
			}
			for ws, we = nextWord(s, we); ws < len(s) && !ks.isKey(s[ws:we]); ws, we = nextWord(s, we) {
				o.words = append(o.words, s[ws:we])
			}
		}
		opts = append(opts, o)
	}
	return opts, nil
}

// readQuoted reads the quoted value opening at s[open:], returning its
// content and the offset just past the closing quote, which must be followed
// by a space or the end of the text.
func readQuoted(s string, open int, key string) (content string, end int, err error) {
	_, n := utf8.DecodeRuneInString(s[open:])
	from := open + n
	i := strings.IndexAny(s[from:], closeQuotes)
	if i < 0 {
		return "", 0, Errorf(EINVALID, "The quote after `%s:` is never closed: close it, e.g. `%s:\"trial signups\"`.", key, key)
	}
	_, m := utf8.DecodeRuneInString(s[from+i:])
	end = from + i + m
	if r, _ := utf8.DecodeRuneInString(s[end:]); end < len(s) && !unicode.IsSpace(r) {
		return "", 0, Errorf(EINVALID, "Put a space after the closing quote of `%s:`, e.g. `metric:\"trial signups\" by:fri`.", key)
	}
	return s[from : from+i], end, nil
}

// Quotes that open and close a value: straight, and the typographic ones
// Slack clients substitute (“…”, and „…“ in some locales).
const (
	openQuotes  = "\"“”„"
	closeQuotes = "\"”“"
)

func isOpenQuote(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune(openQuotes, r)
}

// keyOf returns the key of ks that word starts with, followed by a colon,
// compared ASCII case-insensitively.
func (ks keySet) keyOf(word string) (string, bool) {
	name, _, found := strings.Cut(word, ":")
	if !found || len(name) > maxKeyLen || !isASCII(name) {
		return "", false
	}
	key := strings.ToLower(name)
	if _, ok := ks[key]; !ok {
		return "", false
	}
	return key, true
}

func (ks keySet) isKey(word string) bool {
	_, ok := ks.keyOf(word)
	return ok
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// nextWord returns the bounds of the first word at or after offset i of s:
// a run of non-space runes. start is len(s) when there is none.
func nextWord(s string, i int) (start, end int) {
	start = skipSpace(s, i)
	end = start
	for end < len(s) {
		r, n := utf8.DecodeRuneInString(s[end:])
		if unicode.IsSpace(r) {
			break
		}
		end += n
	}
	return start, end
}

func skipSpace(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}
