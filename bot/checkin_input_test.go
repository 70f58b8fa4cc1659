package bot

import (
	"strings"
	"testing"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// TestSubmitLogReadsValuesAsTheCommandDoes checks that the log form reads
// its value with the domain's check-in grammar: the bot's own parser stored
// `3,5` as 35 and `0x1p-2` as 0.25.
func TestSubmitLogReadsValuesAsTheCommandDoes(t *testing.T) {
	for _, value := range []string{"3,5", "0x1p-2", "1e309", "99999999999999999999", "NaN", "-Inf", "1e3"} {
		t.Run(value, func(t *testing.T) {
			store := newCheckInStoreFake(dmNow, running(1, "U1", "Carousel"))
			out, err := submitFrom(t, newCheckInApp(store), actionCheckInLog,
				map[string]string{fieldValue: value, fieldNote: "week one", fieldOnTrack: "yes"})
			if err != nil || !strings.Contains(out.FieldErrors[fieldValue], "`412`") {
				t.Errorf("Submit = %+v, %v; want an error on the value with an example", out, err)
			}
			if len(store.checkIns) != 0 {
				t.Errorf("stored %+v, want nothing", store.checkIns)
			}
		})
	}
}

func TestSubmitLogNoteCapIsTheDomains(t *testing.T) {
	store := newCheckInStoreFake(dmNow, running(1, "U1", "Carousel"))
	out, err := submitFrom(t, newCheckInApp(store), actionCheckInLog,
		map[string]string{fieldNote: strings.Repeat("x", experiments.MaxNoteRunes+1)})
	if err != nil || !strings.Contains(out.FieldErrors[fieldNote], "at most 2000") {
		t.Errorf("Submit = %+v, %v; want the note's length error", out, err)
	}
	if got := noteMaxLength(t, checkInModal(callbackCheckInLog, running(1, "U1", "Carousel"), "")); got != experiments.MaxNoteRunes {
		t.Errorf("the form's max_length %d is not the domain's %d", got, experiments.MaxNoteRunes)
	}
}

// noteMaxLength is the max_length of m's note field.
func noteMaxLength(t *testing.T, m *slack.ModalViewRequest) int {
	t.Helper()
	for _, b := range m.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok && in.BlockID == fieldNote {
			return in.Element.(*slack.PlainTextInputBlockElement).MaxLength
		}
	}
	t.Fatal("the log form has no note field")
	return 0
}
