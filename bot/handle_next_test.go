package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// The idea verbs of plainStore, kept here with the tests that need them.
// Skips are kept per user and experiment ID, as storage keeps them.

func (s *plainStore) LaunchExperiment(_ context.Context, _ string, number int, p experiments.LaunchPlan, notify Notify) (experiments.Experiment, error) {
	e := &s.exps[number-1]
	p.At = s.now()
	if err := e.Launch(p); err != nil {
		return experiments.Experiment{}, err
	}
	s.queue(notify(*e))
	return *e, nil
}

func (s *plainStore) SkipIdea(ctx context.Context, team, user string, number int) (experiments.Experiment, time.Time, error) {
	e, err := s.FindExperiment(ctx, team, number)
	if err == nil {
		err = e.CanSkip()
	}
	if err != nil {
		return experiments.Experiment{}, time.Time{}, err
	}
	if s.skips == nil {
		s.skips = map[string]experiments.Skips{}
	}
	if s.skips[user] == nil {
		s.skips[user] = experiments.Skips{}
	}
	s.skips[user][e.ID] = s.now()
	return e, s.now(), nil
}

func (s *plainStore) IdeaSkips(_ context.Context, _, _, user string, now time.Time) (experiments.Skips, error) {
	out := experiments.Skips{}
	for id, at := range s.skips[user] {
		if !at.Before(experiments.SkipsSince(now)) {
			out[id] = at
		}
	}
	return out, nil
}

// ideaSession is a plain session with two goals, G1 with nothing running
// and G2 served by running #1, and three ideas of different ages: #2
// (ICE 8/6/9, no goal, 12 days old), #3 (ICE 4/4/4, for G1, 3 days old)
// and #4 (unscored, today).
func ideaSession(t *testing.T) *plainSession {
	s := newPlainSession(t)
	for _, c := range []string{
		"goal Double trial signups metric:signups target:+100%",
		"goal Cut churn",
		"new Try LinkedIn carousel ads goal:G2",
		"idea Referral bonus for annual plans ice:8/6/9",
		"idea Webinar <b>pricing</b> & Q&A goal:G1 ice:4/4/4",
		"idea Exit survey",
	} {
		s.command(c)
	}
	s.store.exps[1].CreatedAt = s.store.now().AddDate(0, 0, -12)
	s.store.exps[2].CreatedAt = s.store.now().AddDate(0, 0, -3)
	s.store.takeQueued()
	s.out.Reset()
	return s
}

// nextTranscript runs commands in s and returns the console's transcript
// and each reply's blocks as JSON.
func nextTranscript(t *testing.T, s *plainSession, commands ...string) (plain, blocks string) {
	var js strings.Builder
	for _, c := range commands {
		r := s.app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: c})
		s.record("/exp "+c, RenderReply(r))
		js.WriteString("### /exp " + c + "\n")
		enc := json.NewEncoder(&js)
		enc.SetEscapeHTML(false) // show the text as Slack gets it
		enc.SetIndent("", "  ")
		if err := enc.Encode(r.Blocks); err != nil {
			t.Fatal(err)
		}
		js.WriteString("\n")
	}
	return s.out.String(), js.String()
}

// TestNextGolden: `next` picks the idea for the goal with nothing running
// over a better ICE; Not now moves to the next one, until every idea is
// skipped; `list ideas` ranks the same way; with no idea, `next` says what
// to do.
func TestNextGolden(t *testing.T) {
	s := ideaSession(t)
	plain, blocks := nextTranscript(t, s, "next", "list ideas", "next skip #3", "next skip #2", "next skip #4",
		"next skip #1", "next soon", "list ideas")

	empty := newPlainSession(t)
	empty.command("goal Double trial signups")
	empty.store.takeQueued()
	empty.out.Reset()
	plain2, blocks2 := nextTranscript(t, empty, "next")
	checkGolden(t, "next.golden", plain+plain2)
	checkGolden(t, "next_blocks.golden", blocks+blocks2)
}

// TestNextRanksAndExplains checks the golden file's key facts, so a
// careless -update cannot accept a wrong pick.
func TestNextRanksAndExplains(t *testing.T) {
	s := ideaSession(t)
	r := s.app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "next"})
	got := RenderReply(r)
	for _, want := range []string{"Launch next: #3", "Serves G1 Double trial signups — nothing is running for it",
		"ICE 4/4/4 = 4.0", "Waiting for 3 days", "[Launch #3] [Not now]", "/exp launch #3", "/exp next skip #3", "2 more ideas wait"} {
		if !strings.Contains(got, want) {
			t.Errorf("next reply lacks %q:\n%s", want, got)
		}
	}
	list := RenderReply(s.app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "list ideas"}))
	if i3, i2, i4 := strings.Index(list, "#3 "), strings.Index(list, "#2 "), strings.Index(list, "#4 "); !(i3 < i2 && i2 < i4) {
		t.Errorf("list ideas not in the order #3, #2, #4:\n%s", list)
	}
}

// TestNotNowIsTheCallersAlone: U2's Not now hides #3 from U2's next, not
// from U1's; after a week it is back for U2 too.
func TestNotNowIsTheCallersAlone(t *testing.T) {
	s := ideaSession(t)
	next := func(user string) string {
		return RenderReply(s.app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: user, Text: "next"}))
	}
	r, err := s.app.Act(context.Background(), Action{Team: "T1", User: "U2", Channel: "C1", ActionID: actionSkipIdea, Value: "3"})
	if err != nil || !strings.Contains(RenderReply(r), "Not now: #3") || !strings.Contains(RenderReply(r), "Launch next: #2") {
		t.Fatalf("Not now click: %v\n%s", err, RenderReply(r))
	}
	if got := next("U2"); !strings.Contains(got, "Launch next: #2") {
		t.Errorf("U2's next after Not now on #3:\n%s", got)
	}
	if got := next("U1"); !strings.Contains(got, "Launch next: #3") {
		t.Errorf("U1's next after U2's Not now on #3:\n%s", got)
	}
	week := s.store.now().Add(experiments.IdeaSkip)
	s.store.now = func() time.Time { return week }
	s.app.Now = s.store.now
	if got := next("U2"); !strings.Contains(got, "Launch next: #3") {
		t.Errorf("U2's next a week after Not now on #3:\n%s", got)
	}
}

// TestLaunchButton: any member's click launches the idea credited to them
// and tells the channel; a second click says it runs and changes nothing;
// a click from another channel or with a forged value finds nothing.
func TestLaunchButton(t *testing.T) {
	s := ideaSession(t)
	click := func(user, channel, value string) (string, error) {
		r, err := s.app.Act(context.Background(), Action{Team: "T1", User: user, Channel: channel, ActionID: actionLaunchIdea, Value: value})
		return RenderReply(r), err
	}
	got, err := click("U2", "C1", "3")
	if err != nil || !strings.Contains(got, "Launched #3") {
		t.Fatalf("Launch click: %v\n%s", err, got)
	}
	if e := s.store.exps[2]; e.Status != experiments.StatusRunning || e.LaunchedBy != "U2" || e.Owner != "U1" {
		t.Errorf("#3 after U2's click: %s by %q, owner %q; want running, by U2, owner U1", e.Status, e.LaunchedBy, e.Owner)
	}
	s.record("click Launch #3", got)
	if told := s.out.String(); !strings.Contains(told, "post to #C1") || !strings.Contains(told, "@U2 launched #3") {
		t.Errorf("the channel was not told U2 launched #3:\n%s", told)
	}
	got, err = click("U3", "C1", "3")
	if err != nil || !strings.Contains(got, "already running, launched by @U2 — nothing changed") || len(s.store.takeQueued()) != 0 {
		t.Errorf("second click: %v\n%s", err, got)
	}
	if _, err = click("U2", "C9", "2"); experiments.ErrorCode(err) != experiments.ENOTFOUND {
		t.Errorf("click from another channel: %v, want not found", err)
	}
	if _, err = click("U2", "C1", "six"); err != errForgedButton {
		t.Errorf("forged value: %v, want errForgedButton", err)
	}
	if s.store.exps[1].Status != experiments.StatusIdea {
		t.Error("a refused click launched #2")
	}
}

// TestListIdeasPagesInRankOrder: with more ideas than a page, page 2
// goes on where page 1 stopped in IdeaOrder, not in number order.
func TestListIdeasPagesInRankOrder(t *testing.T) {
	s := newPlainSession(t)
	n := experiments.ListPageSize + 5
	for i := 1; i <= n; i++ {
		// Later ideas score higher: the rank is the reverse of the numbers.
		ice := (i-1)*9/(n-1) + 1
		s.command(fmt.Sprintf("idea Idea %d ice:%d/%d/%d", i, ice, ice, ice))
		s.store.exps[i-1].CreatedAt = s.store.now().Add(time.Duration(-i) * time.Minute)
	}
	list := func(text string) []string {
		var refs []string
		for _, line := range strings.Split(RenderReply(s.app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: text})), "\n") {
			if strings.HasPrefix(line, "#") {
				refs = append(refs, strings.Fields(line)[0])
			}
		}
		return refs
	}
	page1, page2 := list("list ideas"), list("list ideas page:2")
	if len(page1) != experiments.ListPageSize || len(page2) != 5 {
		t.Fatalf("pages of %d and %d ideas, want %d and 5", len(page1), len(page2), experiments.ListPageSize)
	}
	if page1[0] != fmt.Sprintf("#%d", n) || page2[4] != "#1" {
		t.Errorf("page 1 starts with %s, page 2 ends with %s; want #%d and #1", page1[0], page2[4], n)
	}
}
