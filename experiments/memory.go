package experiments

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The memory of what was tried: when a new experiment or idea resembles
// one the channel decided already, the reply names it with its verdict and
// learning ("Tried before"), and `learnings` searches what was learned.
// Storage finds them with a full-text index; which words of a text count
// is decided here, once, for both.

// TriedBeforeShown is how many decided experiments "Tried before" names
// at most, the most alike first.
const TriedBeforeShown = 3

// TriedBeforeWindow is how many of a channel's decided experiments that
// share a word with a new title "Tried before" ranks, the most recent:
// enough to hold every match of most channels' whole history, and few
// enough that a common word in a history of 50,000 is ranked in
// milliseconds.
const TriedBeforeWindow = 200

// LearningsPageSize is how many learnings one page of `learnings` shows;
// with no words it is the last ten.
const LearningsPageSize = 10

// MaxSearchWords bounds the words of one search: a 200-character title
// names what it is about in its first dozen words, and every word more is
// one more term for the index to look up.
const MaxSearchWords = 12

// searchStopWords are words too common in experiment titles and learnings
// to say what one is about: English function words, the verbs every title
// starts with ("Try …", "Test …"), and the stubs the index makes of
// contractions ("don't" is "don" and "t").
var searchStopWords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true, "but": true,
	"by": true, "did": true, "do": true, "does": true, "for": true, "from": true, "has": true,
	"have": true, "how": true, "if": true, "in": true, "into": true, "is": true, "it": true,
	"its": true, "more": true, "no": true, "not": true, "of": true, "on": true, "or": true,
	"our": true, "so": true, "than": true, "that": true, "the": true, "their": true, "them": true,
	"then": true, "there": true, "this": true, "to": true, "too": true, "us": true, "vs": true,
	"was": true, "we": true, "were": true, "what": true, "when": true, "which": true, "who": true,
	"why": true, "will": true, "with": true, "you": true, "your": true,
	"try": true, "trying": true, "test": true, "testing": true, "experiment": true, "new": true,
	"don": true, "doesn": true, "didn": true, "isn": true, "aren": true, "wasn": true, "weren": true,
}

// SearchWords returns the words of text a search matches on: lower-case
// runs of letters, digits and combining marks, in order, each once,
// without one-letter words and stop words, at most MaxSearchWords. Every
// other character separates words, so quotes, `*`, `:`, `-` or
// parentheses typed by a user never reach a query as syntax. Case and
// accents are left for the index to fold ("Café" finds "cafe").
func SearchWords(text string) []string {
	var words []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(text, notWordRune) {
		w = strings.ToLower(w)
		if utf8.RuneCountInString(w) < 2 || searchStopWords[w] || seen[w] {
			continue
		}
		seen[w] = true
		if words = append(words, w); len(words) == MaxSearchWords {
			break
		}
	}
	return words
}

// notWordRune reports whether r separates words: anything but a letter, a
// digit or a mark (the accent of a decomposed "é").
func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
}

// LearningFilter selects decided experiments that have a learning, for
// `learnings`: newest decision first. A nil field does not filter.
type LearningFilter struct {
	Team    string
	Channel *string
	Owner   *string
	// Words, from SearchWords, must each occur in the title, hypothesis or
	// learning, as a word or the start of one ("podcast" finds
	// "podcasts"); none lists every learning.
	Words  []string
	Limit  int // at most this many; 0 means no limit
	Offset int // skip this many first
}

// learningsUsage is the error of a `learnings` that is not understood.
const learningsUsage = "Search what the channel learned by a word or two, add `page:2` for older ones, e.g. `/exp learnings podcast audience`."

// LearningsQuery is what `learnings` was asked for: the text to search
// ("" for every learning) and the page.
type LearningsQuery struct {
	Text string
	Page int // from 1
}

// ParseLearningsQuery reads the words after `learnings`: a `page:N` word
// anywhere, at most once, and the rest as the text to search. Text with
// no word to search on (only stop words, say) is refused with an example
// rather than answered with every learning.
func ParseLearningsQuery(text string) (LearningsQuery, error) {
	q := LearningsQuery{Page: 1}
	var rest []string
	seenPage := false
	for _, w := range strings.Fields(text) {
		v, ok := strings.CutPrefix(strings.ToLower(w), "page:")
		if !ok {
			rest = append(rest, w)
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxRefNumber || seenPage {
			return LearningsQuery{}, Errorf(EINVALID, learningsUsage)
		}
		q.Page, seenPage = n, true
	}
	q.Text = strings.Join(rest, " ")
	if q.Text != "" && len(q.Words()) == 0 {
		return LearningsQuery{}, Errorf(EINVALID, "Nothing to search for in %q: common words (the, and, for…) and one-letter words are left out. "+learningsUsage, q.Text)
	}
	return q, nil
}

// Words are the words q searches for; none means every learning.
func (q LearningsQuery) Words() []string { return SearchWords(q.Text) }

// Offset is how many learnings come before q's page.
func (q LearningsQuery) Offset() int { return (max(q.Page, 1) - 1) * LearningsPageSize }

// LearningPages returns how many pages total learnings fill.
func LearningPages(total int) int { return (total + LearningsPageSize - 1) / LearningsPageSize }

// Command returns the words after the command name that show page of the
// same search, e.g. "learnings podcast page:2". It spells the search by
// its words, which hold no character that needs escaping.
func (q LearningsQuery) Command(page int) string {
	words := append([]string{"learnings"}, q.Words()...)
	if page > 1 {
		words = append(words, "page:"+strconv.Itoa(page))
	}
	return strings.Join(words, " ")
}

// Past is the decision as a past participle: "kept", "killed",
// "iterated".
func (d Decision) Past() string {
	switch d {
	case DecisionKeep:
		return "kept"
	case DecisionKill:
		return "killed"
	case DecisionIterate:
		return "iterated"
	}
	return string(d)
}
