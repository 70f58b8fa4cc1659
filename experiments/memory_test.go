package experiments

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSearchWords(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Podcast sponsorship", []string{"podcast", "sponsorship"}},
		{"Try LinkedIn carousel ads for the pricing page", []string{"linkedin", "carousel", "ads", "pricing", "page"}},
		{`"Café" crème`, []string{"café", "crème"}},
		{"C++ (beta)", []string{"beta"}},
		{"don't email", []string{"email"}},
		{"NEAR AND OR NOT *", []string{"near"}},
		{"title:cafe -ads ^x {a b}", []string{"title", "cafe", "ads"}},
		{"Ads ads ADS", []string{"ads"}},
		{"10x signups in Q4", []string{"10x", "signups", "q4"}},
		{"Cafe\u0301", []string{"cafe\u0301"}},
		{"<@U123> webinar", []string{"u123", "webinar"}},
		{"the a of *", nil},
		{"", nil},
		{"one two three four five six seven eight nine ten eleven twelve thirteen", []string{"one", "two", "three",
			"four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}},
	}
	for _, tt := range tests {
		if got := SearchWords(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SearchWords(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestParseLearningsQuery(t *testing.T) {
	tests := []struct {
		text       string
		wantWords  []string
		wantPage   int
		wantCmd    string // Command(Page+1)
		wantErrHas string
	}{
		{"", nil, 1, "learnings page:2", ""},
		{"page:3", nil, 3, "learnings page:4", ""},
		{"Podcast audience", []string{"podcast", "audience"}, 1, "learnings podcast audience page:2", ""},
		{"PAGE:2 `podcast`", []string{"podcast"}, 2, "learnings podcast page:3", ""},
		{"podcast page:0", nil, 0, "", "page:2"},
		{"page:x", nil, 0, "", "page:2"},
		{"page:2 page:3", nil, 0, "", "page:2"},
		{"the of", nil, 0, "", "Nothing to search for"},
	}
	for _, tt := range tests {
		q, err := ParseLearningsQuery(tt.text)
		if tt.wantErrHas != "" {
			if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), tt.wantErrHas) || !strings.Contains(ErrorMessage(err), "/exp learnings podcast") {
				t.Errorf("ParseLearningsQuery(%q) = %v, want EINVALID with %q and an example", tt.text, err, tt.wantErrHas)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(q.Words(), tt.wantWords) || q.Page != tt.wantPage || q.Command(q.Page+1) != tt.wantCmd {
			t.Errorf("ParseLearningsQuery(%q) = %q page %d (%q), %v; want %q page %d (%q)",
				tt.text, q.Words(), q.Page, q.Command(q.Page+1), err, tt.wantWords, tt.wantPage, tt.wantCmd)
		}
	}
	if q := (LearningsQuery{Page: 3}); q.Offset() != 2*LearningsPageSize || LearningPages(21) != 3 || LearningPages(0) != 0 {
		t.Errorf("Offset = %d, LearningPages(21) = %d", q.Offset(), LearningPages(21))
	}
}

func TestDecisionPast(t *testing.T) {
	for d, want := range map[Decision]string{DecisionKeep: "kept", DecisionKill: "killed", DecisionIterate: "iterated"} {
		if got := d.Past(); got != want {
			t.Errorf("%s.Past() = %q, want %q", d, got, want)
		}
	}
}

// FuzzSearchWords: a search word is lower case, at least two runes of
// letters, digits and marks, not a stop word, and there are at most
// MaxSearchWords of them, each once.
func FuzzSearchWords(f *testing.F) {
	for _, s := range append(captureSeeds, `"Café" crème`, "C++ (beta)", "don't", "*", "NEAR", "AND") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		words := SearchWords(text)
		if len(words) > MaxSearchWords {
			t.Fatalf("%d words", len(words))
		}
		seen := map[string]bool{}
		for _, w := range words {
			if seen[w] || searchStopWords[w] || utf8.RuneCountInString(w) < 2 || strings.IndexFunc(w, notWordRune) >= 0 || w != strings.ToLower(w) {
				t.Fatalf("SearchWords(%q) has %q", text, w)
			}
			seen[w] = true
		}
		if _, err := ParseLearningsQuery(text); err != nil {
			checkFuzzError(t, err)
		}
	})
}
