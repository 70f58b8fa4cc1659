package experiments

import (
	"strings"
)

// ChangeMarker starts, in `decide #4 iterate …`, what changes in the
// follow-up: `/exp decide #4 iterate carousels beat images change: the
// same carousels as video`. What comes before it is the learning.
const ChangeMarker = "change:"

// CutIterateChange splits the text after `decide #N iterate` into the
// learning and what changes in the follow-up, at ChangeMarker (in any
// case, at the start or after a space); change is "" without one.
func CutIterateChange(text string) (learning, change string) {
	lower := strings.ToLower(text)
	for i := 0; ; {
		j := strings.Index(lower[i:], ChangeMarker)
		if j < 0 {
			return CleanText(text), ""
		}
		at := i + j
		if at == 0 || lower[at-1] == ' ' || lower[at-1] == '\n' || lower[at-1] == '\t' {
			return CleanText(text[:at]), CleanText(text[at+len(ChangeMarker):])
		}
		i = at + len(ChangeMarker)
	}
}

// FollowUpHypothesis is the hypothesis an iterate's follow-up starts
// with: that it iterates on the parent, and what changes this time — else
// what the parent taught, so the follow-up never reads as a bare copy.
// It is cut to MaxNoteRunes.
func FollowUpHypothesis(parent Experiment, change, learning string) string {
	h := "Iterating on " + parent.Ref()
	switch change, learning = strings.TrimSpace(change), strings.TrimSpace(learning); {
	case change != "":
		h += ": " + change
	case learning != "":
		h += ", which taught: " + learning
	default:
		h += "."
	}
	return Clip(h, MaxNoteRunes)
}
