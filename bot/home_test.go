package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// LoadHome reads the fake's experiments as storage does: the person's
// running ones and ideas, cut to the limits, and each channel they work in
// with its running experiments as facts.
func (f *checkInStoreFake) LoadHome(_ context.Context, team, user string, week func(experiments.ChannelSettings) experiments.ReviewWeek,
	limits experiments.HomeLimits) (experiments.HomeFacts, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var h experiments.HomeFacts
	channels := map[string]bool{}
	for _, e := range f.exps {
		if e.Team != team || e.Owner != user {
			continue
		}
		channels[e.Channel] = true
		switch e.Status {
		case experiments.StatusRunning:
			h.Running = append(h.Running, e)
		case experiments.StatusIdea:
			h.Ideas = append(h.Ideas, e)
		}
	}
	experiments.SortHomeRunning(h.Running)
	experiments.RankIdeas(h.Ideas)
	h.RunningTotal, h.IdeasTotal, h.ChannelsTotal = len(h.Running), len(h.Ideas), len(channels)
	h.Running, h.Ideas = h.Running[:min(len(h.Running), limits.Running)], h.Ideas[:min(len(h.Ideas), limits.Ideas)]
	for _, name := range slices.Sorted(maps.Keys(channels))[:min(len(channels), limits.Channels)] {
		ch := experiments.HomeChannel{Channel: name, Week: week(experiments.DefaultChannelSettings(team, name))}
		for _, e := range f.exps {
			if e.Channel == name && e.Status == experiments.StatusRunning {
				ch.Running = append(ch.Running, e)
			}
		}
		h.Channels = append(h.Channels, ch)
	}
	return h, nil
}

func (f *checkInStoreFake) EnqueueMessages(_ context.Context, msgs ...experiments.OutboxMessage) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.queued = append(f.queued, msgs...)
	return nil
}

// homeFake has U1's n running experiments in channels C0…C11, every third
// one overdue at dmNow, and their ideas.
func homeFake(running, ideas int) *checkInStoreFake {
	f := newCheckInStoreFake(dmNow)
	for n := 1; n <= running; n++ {
		e := experiments.Experiment{ID: int64(n), Number: n, Team: "T1", Channel: fmt.Sprintf("C%d", n%12), Owner: "U1",
			Title: fmt.Sprintf("Test <%d>", n), Status: experiments.StatusRunning, LaunchedAt: dmNow.AddDate(0, 0, -20),
			Deadline: experiments.DateOf(dmNow, dmNow.Location()).AddDays(30 - n)}
		if n%3 == 0 {
			e.Deadline = experiments.DateOf(dmNow, dmNow.Location()).AddDays(-n)
		}
		f.exps[n] = e
	}
	for i := 1; i <= ideas; i++ {
		n := running + i
		f.exps[n] = experiments.Experiment{ID: int64(n), Number: n, Team: "T1", Channel: "C1", Owner: "U1", Title: fmt.Sprintf("Idea %d", n),
			Status: experiments.StatusIdea, ICE: experiments.ICE{Impact: i % 10, Confidence: 5, Ease: 5}, CreatedAt: dmNow.AddDate(0, 0, -i)}
	}
	f.exps[999] = running1(999, "U2")
	return f
}

func running1(n int, owner string) experiments.Experiment {
	e := running(n, owner, "Someone else's")
	e.ID = int64(n)
	return e
}

func homeBlocksOf(t *testing.T, app *App, notice string) []slack.Block {
	t.Helper()
	v, err := app.HomeView(context.Background(), "T1", "U1", notice)
	if err != nil {
		t.Fatal(err)
	}
	if v.Type != slack.VTHomeTab {
		t.Errorf("view type %q, want home", v.Type)
	}
	return v.Blocks.BlockSet
}

// TestHomeStaysWithin100Blocks: however much a person has going, their home
// fits Slack's 100 blocks, says how many it left out and where to see them,
// and keeps the how-to; a small home shows everything.
func TestHomeStaysWithin100Blocks(t *testing.T) {
	for _, tc := range []struct {
		running, ideas int
		wantMore       []string
	}{
		{3, 2, nil},
		{45, 0, nil},
		{60, 25, []string{"… and 20 more running: `/exp list running`", "… and 15 more: `/exp list ideas`"}},
		{200, 3, []string{"more running: `/exp list running` in your DM"}},
	} {
		t.Run(fmt.Sprintf("%d running, %d ideas", tc.running, tc.ideas), func(t *testing.T) {
			app := newCheckInApp(homeFake(tc.running, tc.ideas))
			blocks := homeBlocksOf(t, app, ":memo: Logged on #4: 412.")
			text := blockkit.Plain(blocks)
			if len(blocks) > blockkit.MaxModalBlocks {
				t.Fatalf("%d blocks, Slack allows %d", len(blocks), blockkit.MaxModalBlocks)
			}
			mustHave(t, text, append(tc.wantMore, "Logged on #4", "How to", "/exp decide #4")...)
			if tc.wantMore == nil && (strings.Contains(text, "more running") || strings.Contains(text, "list ideas` in")) {
				t.Errorf("a home with room for everything cut something:\n%s", text)
			}
			if tc.running >= 45 && strings.Count(text, "[Keep #") < 40 {
				t.Errorf("only %d experiments shown with room for 40", strings.Count(text, "[Keep #"))
			}
			if strings.Contains(text, "#999") {
				t.Error("someone else's experiment is on U1's home")
			}
			raw, _ := json.Marshal(blocks)
			if strings.Contains(string(raw), "Test <") {
				t.Error("a title is not escaped")
			}
		})
	}
}

// TestHomeOrder: the overdue experiments come first, the oldest deadline
// first, then the rest by deadline; ideas come in IdeaOrder, one serving a
// goal with nothing running before a better-scored one.
func TestHomeOrder(t *testing.T) {
	f := homeFake(9, 0) // #3, #6, #9 overdue: #9 by 9 days, #6 by 6, #3 by 3
	goal := experiments.Goal{ID: 7, Number: 1, Team: "T1", Channel: "C1", Title: "Grow"}
	f.exps[20] = experiments.Experiment{ID: 20, Number: 20, Team: "T1", Channel: "C1", Owner: "U1", Title: "Great idea",
		Status: experiments.StatusIdea, ICE: experiments.ICE{Impact: 9, Confidence: 9, Ease: 9}}
	f.exps[21] = experiments.Experiment{ID: 21, Number: 21, Team: "T1", Channel: "C1", Owner: "U1", Title: "Goal idea",
		Status: experiments.StatusIdea, ICE: experiments.ICE{Impact: 2, Confidence: 2, Ease: 2}, GoalID: goal.ID}
	app := newCheckInApp(&homeGoals{f, []experiments.Goal{goal}})
	text := blockkit.Plain(homeBlocksOf(t, app, ""))
	var order []int
	for _, line := range strings.Split(text, "\n") {
		var n int
		if _, err := fmt.Sscanf(line, "[Log #%d]", &n); err == nil {
			order = append(order, n)
		}
	}
	if want := []int{9, 6, 3, 8, 7, 5, 4, 2, 1}; !slices.Equal(order, want) {
		t.Errorf("running in order %v, want the overdue first, oldest first: %v", order, want)
	}
	mustHave(t, text, "3 past the deadline")
	if i, j := strings.Index(text, "[Launch #21]"), strings.Index(text, "[Launch #20]"); i < 0 || j < i {
		t.Errorf("the idea of the idle goal should lead:\n%s", text)
	}
	mustHave(t, text, "its goal has nothing running")
}

// homeGoals gives every channel of a homeFake the open goals goals.
type homeGoals struct {
	*checkInStoreFake
	goals []experiments.Goal
}

func (h *homeGoals) LoadHome(ctx context.Context, team, user string, week func(experiments.ChannelSettings) experiments.ReviewWeek,
	limits experiments.HomeLimits) (experiments.HomeFacts, error) {
	f, err := h.checkInStoreFake.LoadHome(ctx, team, user, week, limits)
	for i := range f.Channels {
		f.Channels[i].Goals = h.goals
	}
	return f, err
}

// TestHomeButtonsActForTheOwnerOnly: a check-in button on the home opens
// the form for the experiment's owner, sealed as opened from the home; its
// submission decides and queues the home again, with what was done. The
// same click by anyone else, or a home form sealed with a DM channel, is
// refused and changes nothing.
func TestHomeButtonsActForTheOwnerOnly(t *testing.T) {
	store := homeFake(2, 0)
	app := newCheckInApp(store)
	ctx := context.Background()
	click := Action{Team: "T1", User: "U1", ActionID: actionCheckInKeep, Value: "1", Home: true}
	r, err := app.Act(ctx, click)
	if err != nil || r.Modal == nil || r.Modal.CallbackID != callbackDecideKeep {
		t.Fatalf("Act from the home = %+v, %v; want the keep form", r, err)
	}
	for _, other := range []Action{
		{Team: "T1", User: "U2", ActionID: actionCheckInKeep, Value: "1", Home: true},
		{Team: "T1", User: "U1", Channel: "C1", ActionID: actionCheckInKeep, Value: "1", Home: true},
	} {
		if _, err := app.Act(ctx, other); err != errNotYourCheckIn {
			t.Errorf("Act(%+v) = %v, want %v", other, err, errNotYourCheckIn)
		}
	}
	forged := dmModalState{modalState: modalState{Team: "T1", Channel: store.exps[1].Channel, Number: 1, User: "U1"}, DMChannel: "C1", Home: true}
	if _, err := app.Submit(ctx, Submission{Team: "T1", User: "U1", CallbackID: callbackDecideKeep,
		Metadata: app.sealState(&forged), Values: map[string]string{fieldLearning: "x"}}); err == nil {
		t.Error("a home form naming a channel to redraw was accepted")
	}
	if len(store.queued) != 0 {
		t.Fatalf("refusals queued %d messages", len(store.queued))
	}

	out, err := app.Submit(ctx, Submission{Team: "T1", User: "U1", CallbackID: r.Modal.CallbackID,
		Metadata: r.Modal.PrivateMetadata, Values: map[string]string{fieldLearning: "carousels pay"}})
	if err != nil || len(out.FieldErrors) > 0 {
		t.Fatalf("Submit = %+v, %v", out, err)
	}
	if store.exps[1].Decision != experiments.DecisionKeep || store.exps[1].DecidedBy != "U1" {
		t.Fatalf("#1 = %+v, want kept by U1", store.exps[1])
	}
	var homes []wire
	for _, m := range store.queued {
		if m.Kind == kindHome {
			homes = append(homes, decodeWire(t, m))
		}
	}
	if len(homes) != 1 || homes[0].User != "U1" {
		t.Fatalf("home publishes %+v, want one to U1", homes)
	}
	text := homes[0].allText()
	mustHave(t, text, "Decided *keep* on #1", "Keep #2")
	if strings.Contains(text, "Keep #1") {
		t.Errorf("the republished home offers Keep on the decided #1:\n%s", text)
	}
}

// homeGoalValues gives every channel of a homeFake the open goals of
// homeGoals and their records.
type homeGoalValues struct {
	homeGoals
	records map[int64]experiments.GoalRecord
}

func (h *homeGoalValues) LoadHome(ctx context.Context, team, user string, week func(experiments.ChannelSettings) experiments.ReviewWeek,
	limits experiments.HomeLimits) (experiments.HomeFacts, error) {
	f, err := h.homeGoals.LoadHome(ctx, team, user, week, limits)
	for i := range f.Channels {
		f.Channels[i].Records = h.records
	}
	return f, err
}

// The home lists each channel's open goals under its line with their own
// number's progress, or the hint to log one.
func TestHomeShowsGoalProgress(t *testing.T) {
	f := homeFake(1, 0)
	created := dmNow.AddDate(0, -1, 0)
	grow := experiments.Goal{ID: 7, Number: 1, Team: "T1", Title: "Grow <MRR>", Metric: "MRR", Target: experiments.Target{Value: 6000}, CreatedAt: created}
	other := experiments.Goal{ID: 8, Number: 2, Team: "T1", Title: "Demos", Metric: "demos", CreatedAt: created}
	values := experiments.GoalValues{Count: 2, First: experiments.GoalValue{Value: 3000, At: created}, Latest: experiments.GoalValue{Value: 4300, At: created.AddDate(0, 0, 13)}}
	app := newCheckInApp(&homeGoalValues{homeGoals{f, []experiments.Goal{grow, other}}, map[int64]experiments.GoalRecord{7: {Values: values}}})
	text := blockkit.Plain(homeBlocksOf(t, app, ""))
	mustHave(t, text, "◦ G1 Grow <MRR> · MRR 4,300 of 6,000 · 43% of the way from 3,000",
		"◦ G2 Demos · no value yet — log the goal's own number: `/exp goal log G2 4300`")
}
