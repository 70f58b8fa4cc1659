package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/experiments"
)

// TestKillNamesTheIdleGoalsTopIdea: a kill or iterate that leaves its goal
// with nothing running names the goal and its top idea, with Launch; with
// no idea for the goal it says how to save one; a keep, an experiment
// with no goal and a goal still served say nothing of it.
func TestKillNamesTheIdleGoalsTopIdea(t *testing.T) {
	for _, tt := range []struct {
		name     string
		setup    []string // after goal G1 and running #1 for G1
		decide   string
		want     []string
		wantNone bool
	}{
		{"kill with ideas for the goal", []string{"idea Better idea ice:9/9/9", "idea For G1 goal:G1 ice:3/3/3", "idea Top for G1 goal:G1 ice:8/6/9"},
			"decide #1 kill no lift", []string{"G1 Double signups has nothing running now", "Its top idea: #4 Top for G1 — ICE 8/6/9 = 7.7, saved today",
				"/exp launch #4", "[Launch #4]"}, false},
		{"kill with no idea for the goal", []string{"idea Elsewhere ice:9/9/9"},
			"decide #1 kill", []string{"G1 Double signups has nothing running now, and no idea waits for it", "/exp idea Try a referral bonus for annual plans goal:G1 ice:8/6/9"}, false},
		{"keep", []string{"idea For G1 goal:G1"}, "decide #1 keep works", nil, true},
		{"iterate: the follow-up serves the goal", []string{"idea For G1 goal:G1"}, "decide #1 iterate try video", nil, true},
		{"another experiment still serves the goal", []string{"new Also for G1 goal:G1", "idea For G1 goal:G1"}, "decide #1 kill", nil, true},
		{"the goal is closed", []string{"idea For G1 goal:G1", "goal close G1 done"}, "decide #1 kill", nil, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newPlainSession(t)
			for _, c := range append([]string{"goal Double signups", "new Carousel ads goal:G1"}, tt.setup...) {
				s.command(c)
			}
			got := RenderReply(s.app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: tt.decide}))
			if !strings.Contains(got, "Decided") {
				t.Fatalf("%s: %s", tt.decide, got)
			}
			if tt.wantNone && strings.Contains(got, "nothing running now") {
				t.Errorf("%s named an idle goal:\n%s", tt.decide, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s reply lacks %q:\n%s", tt.decide, w, got)
				}
			}
		})
	}
}

// TestKillFromTheCheckInDMNamesTheIdleGoal: the decide form of the
// check-in DM tells its submitter, in the experiment's channel, what the
// reply to `decide` would: the idle goal's top idea with Launch.
func TestKillFromTheCheckInDMNamesTheIdleGoal(t *testing.T) {
	s := newPlainSession(t)
	for _, c := range []string{"goal Double signups", "new Carousel ads goal:G1", "idea Referral bonus goal:G1 ice:8/6/9"} {
		s.command(c)
	}
	s.store.takeQueued()
	meta := s.app.sealState(&dmModalState{modalState: modalState{Team: "T1", Channel: "C1", Number: 1, From: "DU1", User: "U1"}, DMChannel: "DU1"})
	out, err := s.app.Submit(context.Background(), Submission{Team: "T1", User: "U1", CallbackID: callbackDecideKill, Metadata: meta,
		Values: map[string]string{fieldLearning: "no lift"}})
	if err != nil || len(out.FieldErrors) > 0 {
		t.Fatalf("submit: %v %v", out.FieldErrors, err)
	}
	var note string
	for _, m := range s.store.takeQueued() {
		if m.Kind == kindEphemeral {
			note, _ = RenderOutboxMessage(m)
		}
	}
	for _, w := range []string{"to @U1 in #C1", "G1 Double signups has nothing running now", "#2 Referral bonus", "[Launch #2]"} {
		if !strings.Contains(note, w) {
			t.Errorf("note to the submitter lacks %q:\n%s", w, note)
		}
	}
	if s.store.exps[0].Status != experiments.StatusDecided {
		t.Error("#1 not decided")
	}
}

// TestKillFromTheDigestNamesTheIdleGoal: the digest's decide form, used by
// any member in the channel, tells its submitter what the DM's form does:
// the idle goal's top idea with Launch.
func TestKillFromTheDigestNamesTheIdleGoal(t *testing.T) {
	s := newPlainSession(t)
	for _, c := range []string{"goal Double signups", "new Carousel ads goal:G1", "idea Referral bonus goal:G1 ice:8/6/9"} {
		s.command(c)
	}
	s.store.takeQueued()
	meta := s.app.sealState(&modalState{Team: "T1", Channel: "C1", Number: 1, From: "C1", User: "U2"})
	out, err := s.app.Submit(context.Background(), Submission{Team: "T1", User: "U2", CallbackID: actionDecideKill, Metadata: meta,
		Values: map[string]string{fieldLearning: "no lift"}})
	if err != nil || len(out.FieldErrors) > 0 {
		t.Fatalf("submit: %v %v", out.FieldErrors, err)
	}
	var notes []string
	for _, m := range s.store.takeQueued() {
		if m.Kind == kindEphemeral {
			text, _ := RenderOutboxMessage(m)
			notes = append(notes, text)
		}
	}
	all := strings.Join(notes, "\n")
	for _, w := range []string{"to @U2 in #C1", "Decided kill on #1", "G1 Double signups has nothing running now", "#2 Referral bonus", "[Launch #2]"} {
		if !strings.Contains(all, w) {
			t.Errorf("notes to the submitter lack %q:\n%s", w, all)
		}
	}
}
