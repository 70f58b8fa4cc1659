package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// TestPlanReplyWithinLimits: a channel with 60 open goals gets a plan of at
// most 50 blocks that says how many it left out, every section within
// 3,000 characters; each goal's button is the one its move has.
func TestPlanReplyWithinLimits(t *testing.T) {
	a := NewApp(Stores{}, nil, time.UTC)
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	long := strings.Repeat("Grow & <keep> ", 40)
	var plans []experiments.GoalPlan
	for i := 1; i <= 60; i++ {
		p := experiments.GoalPlan{Goal: experiments.Goal{ID: int64(i), Number: i, Title: long, Metric: long,
			Deadline: experiments.Date{Year: 2026, Month: 12, Day: 5}}, HasDeadline: true, DaysLeft: 5, Nudge: true,
			Move: experiments.Move{Kind: experiments.MoveLaunch, Experiment: experiments.Experiment{Number: 100 + i, Title: long}}}
		if i%2 == 0 {
			p.Move = experiments.Move{Kind: experiments.MoveIdea}
		}
		plans = append(plans, p)
	}
	r := a.planReply(plans, now, time.UTC)
	if len(r.Blocks) > blockkit.MaxMessageBlocks {
		t.Fatalf("%d blocks, want at most %d", len(r.Blocks), blockkit.MaxMessageBlocks)
	}
	if !strings.Contains(r.Text, "… and 12 more: `/exp goals` lists them all") {
		t.Errorf("text lacks the goals left out:\n%s", r.Text)
	}
	for i, b := range r.Blocks {
		s, ok := b.(*slack.SectionBlock)
		if !ok {
			continue
		}
		if n := len([]rune(s.Text.Text)); n > blockkit.MaxSectionText {
			t.Errorf("block %d: %d characters", i, n)
		}
		if strings.Contains(s.Text.Text, "<keep>") {
			t.Errorf("block %d echoes a title unescaped", i)
		}
	}
	for i, want := range map[int]string{1: "Launch #101", 2: "New test for G2"} {
		raw, _ := json.Marshal(r.Blocks[i])
		if !strings.Contains(string(raw), fmt.Sprintf("%q", want)) {
			t.Errorf("goal %d's button: %s, want %q", i, raw, want)
		}
	}
}
