package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// The goal changes of plainStore, kept here with the tests that need them.

func (s *plainStore) changeGoal(number int, notify GoalNotify, change func(*experiments.Goal) error) (experiments.Goal, error) {
	if number < 1 || number > len(s.goals) {
		return experiments.Goal{}, experiments.Errorf(experiments.ENOTFOUND, "no goal")
	}
	g := s.goals[number-1]
	if err := change(&g); err != nil {
		return experiments.Goal{}, err
	}
	s.goals[number-1] = g
	if notify != nil {
		s.queue(notify(g))
	}
	return g, nil
}

func (s *plainStore) CloseGoal(_ context.Context, _ string, number int, actor, note string, notify GoalNotify) (experiments.Goal, error) {
	return s.changeGoal(number, notify, func(g *experiments.Goal) error {
		g.Closed, g.ClosedBy, g.ClosedNote, g.ClosedAt = true, actor, note, s.now()
		return nil
	})
}

func (s *plainStore) ReopenGoal(_ context.Context, _ string, number int, actor string, notify GoalNotify) (experiments.Goal, error) {
	return s.changeGoal(number, notify, func(g *experiments.Goal) error {
		if err := g.CanReopen(); err != nil {
			return err
		}
		g.Closed, g.ClosedBy, g.ClosedNote, g.ReopenedBy = false, "", "", actor
		return nil
	})
}

func (s *plainStore) UpdateGoal(_ context.Context, _ string, number int, actor string, upd experiments.GoalUpdate, notify GoalNotify) (experiments.Goal, error) {
	return s.changeGoal(number, notify, func(g *experiments.Goal) error {
		if upd.Title != nil {
			g.Title = *upd.Title
		}
		if upd.Target != nil {
			g.Target = *upd.Target
		}
		if upd.Start != nil {
			g.Start, g.HasStart = *upd.Start, true
		}
		g.EditedBy = actor
		return nil
	})
}

func (s *plainStore) ListClosedGoals(_ context.Context, team, channel string, limit int) ([]experiments.Goal, int, error) {
	var list []experiments.Goal
	for i := len(s.goals) - 1; i >= 0; i-- {
		if g := s.goals[i]; g.Team == team && g.Channel == channel && g.Closed {
			list = append(list, g)
		}
	}
	total := len(list)
	if limit > 0 && len(list) > limit {
		list = list[:limit]
	}
	return list, total, nil
}

func (s *plainStore) LogGoalValue(_ context.Context, _ string, number int, v *experiments.GoalValue) (experiments.Goal, error) {
	return s.changeGoal(number, nil, func(g *experiments.Goal) error {
		if err := g.CanLog(); err != nil {
			return err
		}
		v.ID, v.GoalID = int64(len(s.values)+1), g.ID
		s.values = append(s.values, *v)
		return nil
	})
}

// GoalRecords reads each open goal's values by asOf, first and latest by
// (At, ID) as storage does; plainStore keeps no experiments' readings.
func (s *plainStore) GoalRecords(ctx context.Context, team, channel string, asOf time.Time) (map[int64]experiments.GoalRecord, error) {
	goals, _ := s.ListGoals(ctx, team, channel)
	records := map[int64]experiments.GoalRecord{}
	for _, g := range goals {
		var r experiments.GoalRecord
		for _, v := range s.values {
			if v.GoalID != g.ID || v.At.After(asOf) {
				continue
			}
			if r.Values.Count == 0 || v.At.Before(r.Values.First.At) {
				r.Values.First = v
			}
			if r.Values.Count == 0 || !v.At.Before(r.Values.Latest.At) {
				r.Values.Latest = v
			}
			r.Values.Count++
		}
		records[g.ID] = r
	}
	return records, nil
}

// goalSession is a plain session with goal G1 "Double signups" set by U1
// in C1, and nothing queued.
func goalSession(t *testing.T) *plainSession {
	s := newPlainSession(t)
	s.command("goal Double signups metric:signups")
	s.store.takeQueued()
	s.out.Reset()
	return s
}

// as runs text as user in channel and returns the rendered reply followed
// by what it queued.
func (s *plainSession) as(user, channel, text string) string {
	r := s.app.Handle(context.Background(), Command{Team: "T1", Channel: channel, User: user, Text: text})
	out := RenderReply(r)
	for _, m := range s.store.takeQueued() {
		rendered, err := RenderOutboxMessage(m)
		if err != nil {
			s.t.Fatal(err)
		}
		out += "\n" + rendered
	}
	return out
}

func TestGoalVerbsAreRoutedNotCaptured(t *testing.T) {
	tests := []struct {
		name, user, channel, text string
		want                      []string
		goals                     int // goals stored after
	}{
		{"close with a note, by someone else", "U2", "C1", "goal close G1 hit it in March",
			[]string{"Closed goal G1 Double signups", "`/exp goal reopen G1`",
				"→ post to #C1:\n  🏁 @U2 closed goal G1 Double signups (set by @U1)", "│ hit it in March"}, 1},
		{"close, any case, #G", "U1", "C1", "goal CLOSE #g1",
			[]string{"Closed goal G1", "  🏁 @U1 closed goal G1 Double signups"}, 1},
		{"reopen an open goal", "U1", "C1", "goal reopen G1", []string{"⚠️ Goal G1 is open already"}, 1},
		{"edit", "U2", "C1", `goal edit G1 title:"Triple signups" target:+200%`,
			[]string{"✏️ Goal G1 is now Triple signups — metric signups · target +200% · by 2027-02-24."}, 1}, // 90 days from its setting
		{"edit with a title word", "U1", "C1", "goal edit G1 Triple", []string{"⚠️ `Triple` is not an option"}, 1},
		{"from another channel it does not exist", "U1", "C2", "goal close G1", []string{"⚠️ There is no goal G1 here"}, 1},
		{"a bare number asks for the G", "U1", "C1", "goal close 1", []string{"⚠️ Write the goal with its G", "`/exp goal close G1`"}, 1},
		{"a title that starts with close", "U1", "C1", "goal Close the enterprise gap",
			[]string{"Goal G2 Close the enterprise gap set", "  🎯 @U1 set goal G2 Close the enterprise gap"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := goalSession(t)
			got := s.as(tt.user, tt.channel, tt.text)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q:\n%s\nlacks %q", tt.text, got, w)
				}
			}
			if len(s.store.goals) != tt.goals {
				t.Errorf("%d goals stored, want %d", len(s.store.goals), tt.goals)
			}
		})
	}
}

func TestClosedGoalTakesNoExperimentAndListsApart(t *testing.T) {
	s := goalSession(t)
	s.as("U1", "C1", "goal Grow retention")
	s.as("U2", "C1", "goal close G1 done")
	for _, text := range []string{"new Try ads goal:G1", "idea Try ads goal:G1"} {
		got := s.as("U1", "C1", text)
		if !strings.Contains(got, "Goal G1 is closed, so it takes no new experiments: reopen it with `/exp goal reopen G1`") {
			t.Errorf("%s:\n%s\nwant the closed-goal error", text, got)
		}
	}
	if len(s.store.exps) != 0 {
		t.Errorf("%d experiments stored for a closed goal, want none", len(s.store.exps))
	}
	got := s.as("U1", "C1", "goals")
	open, closed, _ := strings.Cut(got, "Closed (1)")
	if strings.Contains(open, "G1") || !strings.Contains(open, "G2 Grow retention") || !strings.Contains(closed, "G1 Double signups · closed by @U2 on 2026-11-26 · done") {
		t.Errorf("goals:\n%s\nwant G2 open and G1 under Closed", got)
	}
	s.as("U1", "C1", "goal reopen G1")
	if got := s.as("U1", "C1", "new Try ads goal:G1"); !strings.Contains(got, "Launched #1") {
		t.Errorf("new after reopening:\n%s", got)
	}
}

func TestAimLineSaysWhatIsMissing(t *testing.T) {
	tests := []struct {
		e    experiments.Experiment
		want string
	}{
		{experiments.Experiment{Number: 1}, "aim later: add a metric and target with `edit #1`"},
		{experiments.Experiment{Number: 1, Metric: "signups"}, "aim later: add a target with `edit #1`"},
		{experiments.Experiment{Number: 1, Target: experiments.Target{Value: 5}}, "aim later: add a metric with `edit #1`"},
		{experiments.Experiment{Number: 1, Metric: "signups", Target: experiments.Target{Value: 5}}, ""},
	}
	for _, tt := range tests {
		got := aimLine(tt.e)
		if tt.want == "" && strings.Contains(got, "aim later") || !strings.Contains(got, tt.want) {
			t.Errorf("aimLine(%+v) = %q, want it to say %q", tt.e, got, tt.want)
		}
	}
}

// `new … ice:` keeps the score, as `idea` does, and says so.
func TestNewKeepsTheICEScore(t *testing.T) {
	s := newPlainSession(t)
	got := s.as("U1", "C1", "new Try ads metric:signups ice:8/6/9")
	if !strings.Contains(got, "ICE 8/6/9 (score 7.7)") {
		t.Errorf("reply:\n%s\nwant the ICE score confirmed", got)
	}
	if len(s.store.exps) != 1 || s.store.exps[0].ICE != (experiments.ICE{Impact: 8, Confidence: 6, Ease: 9}) {
		t.Fatalf("stored %+v, want ICE 8/6/9", s.store.exps)
	}
	if got := s.as("U1", "C1", "list"); !strings.Contains(got, "#1 Try ads · running · metric signups · 14 days left · ICE 8/6/9") {
		t.Errorf("list:\n%s\nwant the running experiment's ICE", got)
	}
}

// The new-experiment form refuses a closed goal picked in a form opened
// before it closed; an experiment's edit form keeps offering its own goal
// after it closed, so saving the form does not drop the goal unseen.
func TestFormsAndClosedGoals(t *testing.T) {
	s := goalSession(t)
	s.as("U1", "C1", "new Try ads goal:G1")
	s.as("U1", "C1", "goal close G1")
	out, err := s.app.Submit(context.Background(), Submission{Team: "T1", User: "U1", CallbackID: callbackNewExperiment,
		Metadata: s.app.sealState(&modalState{Team: "T1", Channel: "C1", From: "C1", User: "U1"}), Values: map[string]string{fieldTitle: "Video ads", fieldGoal: "1"}})
	if err != nil || !strings.Contains(out.FieldErrors[fieldGoal], "Goal G1 is closed") {
		t.Errorf("new form with closed G1: %+v, %v; want a field error on the goal", out, err)
	}
	r := s.app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "edit #1"})
	if r.Modal == nil {
		t.Fatalf("edit #1 opened no form: %s", r.Text)
	}
	view, err := json.Marshal(r.Modal)
	if err != nil || !strings.Contains(string(view), `"initial_option":{"text":{"type":"plain_text","text":"G1 Double signups"`) {
		t.Errorf("edit form:\n%s\nwant closed G1 still selected", view)
	}
	out, err = s.app.Submit(context.Background(), Submission{Team: "T1", User: "U1", CallbackID: callbackEditExperiment,
		Metadata: r.Modal.PrivateMetadata, Values: map[string]string{fieldTitle: "Try ads", fieldGoal: "1"}})
	if err != nil || len(out.FieldErrors) > 0 || s.store.exps[0].GoalID != 1 {
		t.Errorf("edit form keeping closed G1: %+v, %v, goal %d; want it saved with G1", out, err, s.store.exps[0].GoalID)
	}
}
