package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// The memory verbs of plainStore: an oracle of the full-text search on
// whole words (tried before) and word starts (learnings), with none of
// its ranking: the most recent first.

func (s *plainStore) TriedBefore(_ context.Context, team, channel string, words []string, limit int) ([]experiments.Experiment, error) {
	var list []experiments.Experiment
	for _, e := range slices.Backward(s.exps) {
		if e.Team == team && e.Channel == channel && e.Status == experiments.StatusDecided && len(list) < limit &&
			slices.ContainsFunc(words, func(w string) bool { return slices.Contains(experimentWords(e), w) }) {
			list = append(list, e)
		}
	}
	return list, nil
}

func (s *plainStore) Learnings(_ context.Context, f experiments.LearningFilter) ([]experiments.Experiment, int, error) {
	var list []experiments.Experiment
	for _, e := range s.exps {
		if e.Team == f.Team && e.Status == experiments.StatusDecided && e.Learning != "" &&
			(f.Channel == nil || e.Channel == *f.Channel) && (f.Owner == nil || e.Owner == *f.Owner) && hasWordStarts(e, f.Words) {
			list = append(list, e)
		}
	}
	slices.SortStableFunc(list, func(a, b experiments.Experiment) int { return b.DecidedAt.Compare(a.DecidedAt) })
	total := len(list)
	list = list[min(f.Offset, total):]
	if f.Limit > 0 && len(list) > f.Limit {
		list = list[:f.Limit]
	}
	return list, total, nil
}

func experimentWords(e experiments.Experiment) []string {
	return experiments.SearchWords(e.Title + " " + e.Hypothesis + " " + e.Learning)
}

// hasWordStarts reports whether each of words starts a word of e.
func hasWordStarts(e experiments.Experiment, words []string) bool {
	for _, w := range words {
		if !slices.ContainsFunc(experimentWords(e), func(x string) bool { return strings.HasPrefix(x, w) }) {
			return false
		}
	}
	return true
}

// memorySession has three decided experiments in C1 and one in C2:
// #1 Podcast sponsorship, killed (Podcast audience did not convert);
// #2 Webinar series, kept, with no learning; #3 Café crème giveaway,
// killed (free coffee brings the wrong crowd), decided a day after #1;
// #4 Podcast ads in C2, kept (podcasts work for hiring).
func memorySession(t *testing.T) *plainSession {
	s := newPlainSession(t)
	for i, x := range []struct{ channel, title, learning, decision string }{
		{"C1", "Podcast sponsorship", "Podcast audience did not convert", "kill"},
		{"C1", "Webinar series", "", "keep"},
		{"C1", "Café crème giveaway", "Free coffee brings the wrong crowd", "kill"},
		{"C2", "Podcast ads", "Podcasts work for hiring", "keep"},
	} {
		e := experiments.Experiment{Team: "T1", Channel: x.channel, Owner: "U1", Title: x.title, Status: experiments.StatusRunning}
		if err := s.store.CreateExperiment(context.Background(), &e, nil); err != nil {
			t.Fatal(err)
		}
		ex := &s.store.exps[e.Number-1]
		if err := ex.Decide(experiments.Decision(x.decision), x.learning, "U1", s.store.now().Add(time.Duration(i)*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// reply runs text as U1 in channel and returns the reply as a user sees it.
func (s *plainSession) reply(channel, text string) string {
	return RenderReply(s.app.Handle(context.Background(), Command{Team: "T1", Channel: channel, User: "U1", Text: text}))
}

func TestTriedBeforeOnNewAndIdea(t *testing.T) {
	tests := []struct {
		name, channel, text string
		want, wantNot       []string
	}{
		{"new", "C1", "new Podcast sponsorship for B2B metric:signups",
			[]string{"Launched #5", "Tried before: #1 Podcast sponsorship — killed: Podcast audience did not convert"}, []string{"#4"}},
		{"idea", "C1", "idea Café crème for webinar guests",
			[]string{"Idea #5", "Tried before:", "• #3 Café crème giveaway — killed: Free coffee brings the wrong crowd", "• #2 Webinar series — kept"}, nil},
		{"another channel", "C2", "new Podcast sponsorship", []string{"Tried before: #4 Podcast ads — kept: Podcasts work for hiring"}, []string{"#1"}},
		{"nothing alike", "C1", "new Billboards at the airport", []string{"Launched #5"}, []string{"Tried before"}},
		{"the new one is not its own memory", "C1", "new Billboards", nil, []string{"Tried before"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := memorySession(t)
			got := s.reply(tt.channel, tt.text)
			mustHave(t, got, tt.want...)
			for _, w := range tt.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("reply has %q:\n%s", w, got)
				}
			}
		})
	}
}

// TestTriedBeforeOnTheForm: the form's confirmation, queued in the launch's
// write, names what was tried before.
func TestTriedBeforeOnTheForm(t *testing.T) {
	s := memorySession(t)
	s.submit(callbackNewExperiment, 0, map[string]string{fieldTitle: "Podcast sponsorship, again"})
	mustHave(t, s.out.String(), "Launched #5", "Tried before: #1 Podcast sponsorship — killed: Podcast audience did not convert")
}

// failingMemory is plainStore whose full-text search fails.
type failingMemory struct{ *plainStore }

func (failingMemory) TriedBefore(context.Context, string, string, []string, int) ([]experiments.Experiment, error) {
	return nil, errors.New("SQL logic error: fts5: syntax error")
}

// TestTriedBeforeFailureLaunchesAnyway: a failed look-up is logged, and the
// launch and its reply go on without the line.
func TestTriedBeforeFailureLaunchesAnyway(t *testing.T) {
	s := memorySession(t)
	var logs bytes.Buffer
	app := NewApp(storesOf(failingMemory{s.store}), slog.New(slog.NewTextHandler(&logs, nil)), time.UTC)
	app.Now = s.store.now
	got := RenderReply(app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "new Podcast sponsorship"}))
	mustHave(t, got, "Launched #5")
	if strings.Contains(got, "Tried before") || strings.Contains(got, "wrong") || len(s.store.exps) != 5 {
		t.Errorf("reply %q with %d experiments; want the launch alone", got, len(s.store.exps))
	}
	mustHave(t, logs.String(), "tried-before look-up failed", "fts5: syntax error")
}

func TestLearnings(t *testing.T) {
	tests := []struct {
		name, channel, text string
		want, wantNot       []string
	}{
		{"every learning, newest first", "C1", "learnings",
			[]string{"Learnings (2)", "#3 Café crème giveaway — killed on 2026-11-28\n│ Free coffee brings the wrong crowd\n#1 Podcast sponsorship — killed on 2026-11-26\n│ Podcast audience did not convert"},
			[]string{"#2", "#4", "page"}},
		{"words", "C1", "learnings Podcast", []string{"Learnings (1): podcast", "#1 Podcast sponsorship", "Podcast audience did not convert"}, []string{"#3", "#4"}},
		{"accents and word starts", "C1", "learnings café cr", []string{"Learnings (1)", "#3"}, []string{"#1"}},
		{"no match", "C1", "learnings pizza",
			[]string{"No learning in this channel mentions pizza. See them all with `/exp learnings`", "`/exp learn #4 carousels doubled signups at the same cost`"}, nil},
		{"none yet", "C3", "learnings", []string{"No learnings in this channel yet", "`/exp learn #4 carousels doubled signups at the same cost`"}, nil},
		{"past the end", "C1", "learnings page:3", []string{"Page 3 is past the end: 2 learnings, on 1 page. See `/exp learnings`."}, nil},
		{"from a DM: mine, every channel", "D1", "learnings podcast", []string{"Your learnings, every channel (2)", "#4 Podcast ads — kept on 2026-11-29 · in #C2", "#1"}, nil},
		{"only stop words", "C1", "learnings the of", []string{"⚠️", "Nothing to search for", "/exp learnings podcast audience"}, nil},
		{"a bad page", "C1", "learnings page:0", []string{"⚠️", "`page:2`"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := memorySession(t).reply(tt.channel, tt.text)
			mustHave(t, got, tt.want...)
			for _, w := range tt.wantNot {
				if strings.Contains(got, w) {
					t.Errorf("reply has %q:\n%s", w, got)
				}
			}
		})
	}
}

// TestLearningsPages: twelve learnings fill two pages, the first pointing
// to the second with the same words.
func TestLearningsPages(t *testing.T) {
	s := newPlainSession(t)
	for i := range 12 {
		s.store.exps = append(s.store.exps, experiments.Experiment{ID: int64(i + 1), Number: i + 1, Team: "T1", Channel: "C1",
			Owner: "U1", Title: fmt.Sprintf("Ad test %d", i+1), Status: experiments.StatusDecided, Decision: experiments.DecisionKill,
			Learning: "ads lost", DecidedAt: s.store.now().Add(time.Duration(i) * time.Hour)})
	}
	first := s.reply("C1", "learnings ads")
	mustHave(t, first, "Learnings (12): ads · page 1 of 2", "#12 Ad test 12", "#3 Ad test 3", "… and 2 more: `/exp learnings ads page:2`")
	second := s.reply("C1", "learnings ads page:2")
	mustHave(t, second, "page 2 of 2", "#2 Ad test 2", "#1 Ad test 1")
	if strings.Contains(second, "#3 ") || strings.Contains(second, "more") {
		t.Errorf("page 2:\n%s", second)
	}
}

func mustHave(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("lacks %q:\n%s", w, got)
		}
	}
}
