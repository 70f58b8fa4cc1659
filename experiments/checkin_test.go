package experiments

import (
	"strings"
	"testing"
)

func TestParseCheckIn(t *testing.T) {
	tests := []struct {
		text    string
		value   float64 // NaN-free; ignored when noValue
		noValue bool
		note    string
		onTrack bool
	}{
		{text: "412 signups after week one", value: 412, note: "signups after week one", onTrack: true},
		{text: "1,200 great first week", value: 1200, note: "great first week", onTrack: true},
		{text: "3.5", value: 3.5, onTrack: true},
		{text: "12% conversion", value: 12, note: "conversion", onTrack: true},
		{text: "-40 margin", value: -40, note: "margin", onTrack: true},
		{text: "\u221240 margin", value: -40, note: "margin", onTrack: true},
		{text: "0 signups yet", value: 0, note: "signups yet", onTrack: true},
		{text: "OFF-TRACK 35 slow start", value: 35, note: "slow start"},
		{text: "35 slow start offtrack", value: 35, note: "slow start"},
		{text: "2nd week looks good", noValue: true, note: "2nd week looks good", onTrack: true},
		{text: "3x more replies", noValue: true, note: "3x more replies", onTrack: true},
		{text: "about 2-3 a day", noValue: true, note: "about 2-3 a day", onTrack: true},
		{text: "on-track", noValue: true, onTrack: true},
		{text: "412 first line\n\n\nsecond line", value: 412, note: "first line\n\nsecond line", onTrack: true},
		{text: "off-track\n412 signups", value: 412, note: "signups"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ci, err := ParseCheckIn(tt.text)
			if err != nil {
				t.Fatalf("ParseCheckIn(%q): %v", tt.text, err)
			}
			switch {
			case tt.noValue && ci.Value != nil:
				t.Errorf("value %v, want none", *ci.Value)
			case !tt.noValue && (ci.Value == nil || *ci.Value != tt.value):
				t.Errorf("value %v, want %v", ci.Value, tt.value)
			}
			if ci.Note != tt.note || ci.OnTrack != tt.onTrack {
				t.Errorf("note %q on track %v, want %q %v", ci.Note, ci.OnTrack, tt.note, tt.onTrack)
			}
		})
	}
}

// TestParseCheckInRefusesNumberLikeWords covers what the bot's own
// strconv.ParseFloat(strings.ReplaceAll(s, ",", "")) got wrong: `3,5` was
// stored as 35, `0x1p-2` as 0.25, and the rest became the note.
func TestParseCheckInRefusesNumberLikeWords(t *testing.T) {
	for _, word := range []string{"3,5", "0x1p-2", "1e309", "1e3", "99999999999999999999", "NaN", "-Inf", "+Inf",
		"infinity", "0x10", "1_000", "1.2.3", "+20", "1,20", "5.", ".5e1", "--5", "2-3"} {
		t.Run(word, func(t *testing.T) {
			_, err := ParseCheckIn(word + " signups this week")
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ParseCheckIn(%q …) = %v, want EINVALID", word, err)
			}
			if msg := ErrorMessage(err); !strings.Contains(msg, "`412`") || !strings.Contains(msg, "`about ") {
				t.Errorf("message %q shows no example of a value or of a note", msg)
			}
		})
	}
}

func TestParseCheckInValue(t *testing.T) {
	for _, s := range []string{"", "  "} {
		if v, err := ParseCheckInValue(s); v != nil || err != nil {
			t.Errorf("ParseCheckInValue(%q) = %v, %v; want no value, no error", s, v, err)
		}
	}
	if v, err := ParseCheckInValue(" 1,000,000 "); err != nil || *v != 1e6 {
		t.Errorf("ParseCheckInValue(1,000,000) = %v, %v", v, err)
	}
	for _, s := range []string{"3,5", "lots", "1e5", "NaN", "1,000,000,000,001", "+5"} {
		if _, err := ParseCheckInValue(s); ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "`") {
			t.Errorf("ParseCheckInValue(%q) = %v, want EINVALID with an example", s, err)
		}
	}
}

func TestCheckInNoteLength(t *testing.T) {
	if _, err := ParseCheckIn("5 " + strings.Repeat("é", MaxNoteRunes)); err != nil {
		t.Errorf("a note of exactly %d runes: %v", MaxNoteRunes, err)
	}
	_, err := ParseCheckIn("5 " + strings.Repeat("é", MaxNoteRunes+1))
	if ErrorCode(err) != EINVALID || !strings.Contains(ErrorMessage(err), "at most 2000") {
		t.Errorf("a note of %d runes: %v, want EINVALID saying the limit", MaxNoteRunes+1, err)
	}
	if _, err := ParseCheckIn("  \n "); ErrorCode(err) != EINVALID {
		t.Errorf("an empty check-in: %v, want EINVALID", err)
	}
}
