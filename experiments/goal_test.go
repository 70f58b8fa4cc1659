package experiments

import (
	"strings"
	"testing"
)

func TestParseGoalVerb(t *testing.T) {
	tests := []struct {
		in     string
		want   GoalVerb
		isVerb bool
	}{
		{"close G1", GoalVerb{Verb: GoalClose, Number: 1}, true},
		{"close G1 hit 2× signups in March", GoalVerb{Verb: GoalClose, Number: 1, Rest: "hit 2× signups in March"}, true},
		{"Close #g12  done ", GoalVerb{Verb: GoalClose, Number: 12, Rest: "done"}, true},
		{"REOPEN G3", GoalVerb{Verb: GoalReopen, Number: 3}, true},
		{"edit G2 target:+50% by:fri", GoalVerb{Verb: GoalEdit, Number: 2, Rest: "target:+50% by:fri"}, true},
		{"log G1 4,300 after the launch email", GoalVerb{Verb: GoalLog, Number: 1, Rest: "4,300 after the launch email"}, true},
		{"Log 3 calls a day", GoalVerb{}, false},
		// No reference after the word: a new goal's title.
		{"Close the enterprise gap metric:deals", GoalVerb{}, false},
		{"Close 3 enterprise deals", GoalVerb{}, false},
		{"Edit 3 videos a week", GoalVerb{}, false},
		{"Reopen the Berlin office", GoalVerb{}, false},
		{"close", GoalVerb{}, false},
		{"Double trial signups", GoalVerb{}, false},
		{"Gclose G1", GoalVerb{}, false},
		{"close Growth", GoalVerb{}, false},
	}
	for _, tt := range tests {
		got, ok, err := ParseGoalVerb(tt.in)
		if err != nil || ok != tt.isVerb || got != tt.want {
			t.Errorf("ParseGoalVerb(%q) = %+v, %v, %v; want %+v, %v, nil", tt.in, got, ok, err, tt.want, tt.isVerb)
		}
	}
}

// A verb and a bare number alone means the verb, mistyped: it is neither
// run on a guess nor turned into a goal titled "close 2".
func TestParseGoalVerbBareNumber(t *testing.T) {
	for _, in := range []string{"close 2", "reopen #2", "edit 2"} {
		_, ok, err := ParseGoalVerb(in)
		if ok {
			t.Errorf("ParseGoalVerb(%q) is a verb, want an error", in)
		}
		assertUserError(t, err, "with its G", "G2`")
	}
}

func TestGoalStateChecks(t *testing.T) {
	open, closed := Goal{Number: 4}, Goal{Number: 4, Closed: true}
	for _, tt := range []struct {
		name string
		err  error
		want string // "" for no error
	}{
		{"open serves", open.CanServe(), ""},
		{"closed serves not", closed.CanServe(), "Goal G4 is closed, so it takes no new experiments: reopen it with `/exp goal reopen G4`"},
		{"open closes", open.CanClose(), ""},
		{"closed closes not", closed.CanClose(), "G4 is closed already"},
		{"closed reopens", closed.CanReopen(), ""},
		{"open reopens not", open.CanReopen(), "G4 is open already"},
		{"open logs", open.CanLog(), ""},
		{"closed logs not", closed.CanLog(), "Goal G4 is closed, so it takes no new value: reopen it with `/exp goal reopen G4`"},
	} {
		if tt.want == "" {
			if tt.err != nil {
				t.Errorf("%s: %v, want nil", tt.name, tt.err)
			}
			continue
		}
		if ErrorCode(tt.err) != ECONFLICT || !strings.Contains(ErrorMessage(tt.err), tt.want) {
			t.Errorf("%s: %v, want a conflict saying %q", tt.name, tt.err, tt.want)
		}
	}
}

func TestParseGoalNote(t *testing.T) {
	if got, err := ParseGoalNote("  hit it \x00 in March "); err != nil || got != "hit it  in March" && got != "hit it in March" {
		t.Errorf("ParseGoalNote = %q, %v", got, err)
	}
	_, err := ParseGoalNote(strings.Repeat("n", MaxNoteRunes+1))
	assertUserError(t, err, "at most 2000")
}
