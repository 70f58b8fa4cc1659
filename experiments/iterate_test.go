package experiments

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCutIterateChange(t *testing.T) {
	for _, tt := range []struct{ in, learning, change string }{
		{"carousels beat images change: the same as video", "carousels beat images", "the same as video"},
		{"carousels beat images CHANGE:  video", "carousels beat images", "video"},
		{"change: video only", "", "video only"},
		{"no marker at all", "no marker at all", ""},
		{"exchange:rates moved change: try euros", "exchange:rates moved", "try euros"},
		{"", "", ""},
	} {
		learning, change := CutIterateChange(tt.in)
		if learning != tt.learning || change != tt.change {
			t.Errorf("CutIterateChange(%q) = %q, %q; want %q, %q", tt.in, learning, change, tt.learning, tt.change)
		}
	}
}

func TestFollowUpHypothesis(t *testing.T) {
	parent := Experiment{Number: 4, Hypothesis: "Carousels get more signups"}
	for _, tt := range []struct{ name, change, learning, want string }{
		{"what changes", " the same as video ", "half right", "Iterating on #4: the same as video"},
		{"else what it taught", "", "images lost", "Iterating on #4, which taught: images lost"},
		{"else only the link", "", "", "Iterating on #4."},
	} {
		if got := FollowUpHypothesis(parent, tt.change, tt.learning); got != tt.want {
			t.Errorf("%s: FollowUpHypothesis = %q, want %q", tt.name, got, tt.want)
		}
	}
	long := FollowUpHypothesis(parent, strings.Repeat("é", MaxNoteRunes), "")
	if n := utf8.RuneCountInString(long); n != MaxNoteRunes || !strings.HasSuffix(long, "…") {
		t.Errorf("a long change: %d runes, want %d ending in …", n, MaxNoteRunes)
	}
}
