package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

func TestSparkline(t *testing.T) {
	tests := []struct {
		launches []int
		want     string
	}{
		{[]int{0, 0, 0}, "▁▁▁"},
		{[]int{0, 1, 2, 3, 4, 5}, "▁▂▃▅▆▇"},
		{[]int{0, 1, 2, 3, 4, 5, 6}, "▁▂▃▄▅▆▇"},
		{[]int{7, 7}, "▇▇"},
		{[]int{100, 1, 0}, "▇▂▁"}, // one launch still shows above none
		{nil, ""},
	}
	for _, tt := range tests {
		weeks := make([]experiments.WeekCount, len(tt.launches))
		for i, n := range tt.launches {
			weeks[i].Launches = n
		}
		if got := sparkline(weeks); got != tt.want {
			t.Errorf("sparkline(%v) = %q, want %q", tt.launches, got, tt.want)
		}
	}
}

func TestHumanDays(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "under an hour"},
		{59 * time.Minute, "under an hour"},
		{time.Hour, "1 hour"},
		{5*time.Hour + 59*time.Minute, "5 hours"},
		{24 * time.Hour, "1 day"},
		{84 * time.Hour, "3.5 days"},
		{48*time.Hour + time.Minute, "2 days"},
		{100 * 24 * time.Hour, "100 days"},
	}
	for _, tt := range tests {
		if got := humanDays(tt.d); got != tt.want {
			t.Errorf("humanDays(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestWinRateWords(t *testing.T) {
	tests := []struct {
		rate    float64
		decided int
		want    string
	}{
		{0, 0, "no decisions yet"},
		{1, 1, "100% of 1 decision"},
		{0.4, 10, "40% of 10 decisions"},
		{2.0 / 3, 3, "66% of 3 decisions"}, // rounded down, as the stage's shares
	}
	for _, tt := range tests {
		if got := winRate(tt.rate, tt.decided); got != tt.want {
			t.Errorf("winRate(%v, %d) = %q, want %q", tt.rate, tt.decided, got, tt.want)
		}
	}
}

func TestVerdictCounts(t *testing.T) {
	got := verdictCounts(map[experiments.Decision]int{experiments.DecisionIterate: 1, experiments.DecisionKeep: 2})
	if want := "2 keep · 1 iterate"; got != want {
		t.Errorf("verdictCounts = %q, want %q", got, want)
	}
}

// TestDigestLeavesOutEmptySections checks a quiet channel's digest: no
// list sections, only the header, the numbers, the stage and the nudges.
func TestDigestLeavesOutEmptySections(t *testing.T) {
	r := digestReport{Digest: experiments.Summarize(experiments.Facts{}, experiments.ReviewedWeek(digestNow, time.UTC)), Channel: "C1"}
	got := blockkit.Plain(digestBlocks(r))
	for _, absent := range []string{"Shipped", "Decided", "Decide now", "Gone quiet", "Stuck", "Goals with", "no goal"} {
		if strings.Contains(got, absent) {
			t.Errorf("digest of an empty week shows %q:\n%s", absent, got)
		}
	}
	for _, want := range []string{"Week 2026-W48 digest", "The numbers", "Team stage", "What to change this week"} {
		if !strings.Contains(got, want) {
			t.Errorf("digest lacks %q:\n%s", want, got)
		}
	}
}

// hostileReport is a digest whose every list is full of the longest texts
// a user can write, made of the characters that grow when escaped.
func hostileReport() digestReport {
	title := strings.Repeat("&<>!", experiments.MaxTitleRunes/4)
	learning := "<!channel> " + strings.Repeat("&<> ", 1000)
	r := digestReport{Digest: experiments.Summarize(experiments.Facts{}, experiments.ReviewedWeek(digestNow, time.UTC)), Team: "T1", Channel: "C1", StuckTotal: 30}
	var list []experiments.Experiment
	for i := range 30 {
		list = append(list, experiments.Experiment{Number: 1_000_000 + i, Title: title, Owner: "U1", Metric: title,
			Target: experiments.Target{Value: 20, Percent: true}, Decision: experiments.DecisionIterate, Learning: learning,
			ICE: experiments.ICE{Impact: 10, Confidence: 10, Ease: 10}, LaunchedAt: digestNow.AddDate(0, -1, 0),
			Deadline: experiments.Date{Year: 2026, Month: time.November, Day: 1}})
	}
	r.Activity = experiments.WeekActivity{Shipped: list[:digestListCap], ShippedTotal: 30, Decided: list[:digestListCap],
		DecidedTotal: 30, Verdicts: map[experiments.Decision]int{experiments.DecisionIterate: 30}}
	r.Overdue, r.Quiet, r.StuckIdeas, r.Unaligned = list, list, list, list
	for i := range 30 {
		r.IdleGoals = append(r.IdleGoals, experiments.Goal{Number: i + 1, Title: title, Metric: title})
	}
	r.ReadyEarly, r.Cues = list, map[int64]string{0: "19 logged, past the target of 15"}
	r.Next, r.HasNext = experiments.NextPick{Idea: list[0], Goal: r.IdleGoals[0], GoalIdle: true, WaitedDays: 400}, true
	r.Nudges = []string{"<!here> " + title}
	r.Command = "/exp"
	return r
}

// TestDigestWithinLimitsAndEscaped renders the hostile digest and checks
// every block against Slack's limits and every text for raw user input.
func TestDigestWithinLimitsAndEscaped(t *testing.T) {
	msgs := digestMessages(hostileReport())
	var o outgoing
	if err := json.Unmarshal(msgs[0].Payload, &o); err != nil {
		t.Fatal(err)
	}
	parts := append([]outgoing{o}, o.Replies...)
	for i, p := range parts {
		if n := len(p.Blocks.BlockSet); n > blockkit.MaxMessageBlocks {
			t.Errorf("message %d has %d blocks", i, n)
		}
		for _, b := range p.Blocks.BlockSet {
			checkBlockLimits(t, b)
		}
		text := blockSources(p.Blocks.BlockSet)
		for _, bad := range []string{"<!channel>", "<!here>", "&<>"} {
			if strings.Contains(text, bad) {
				t.Errorf("message %d shows %q unescaped", i, bad)
			}
		}
	}
	// The caps keep the worst a user can write within one message: the
	// thread is a fallback (see TestDigestMessagesSplitPast50Blocks).
	if len(parts) != 1 {
		t.Errorf("the hostile digest takes %d messages, want 1", len(parts))
	}
	t.Logf("the hostile digest has %d blocks", len(o.Blocks.BlockSet))
}

// blockSources joins every text of blocks as Slack receives it, mrkdwn
// unrendered.
func blockSources(blocks []slack.Block) string {
	var texts []string
	add := func(o *slack.TextBlockObject) {
		if o != nil {
			texts = append(texts, o.Text)
		}
	}
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			add(b.Text)
		case *slack.SectionBlock:
			add(b.Text)
			for _, f := range b.Fields {
				add(f)
			}
		case *slack.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if o, ok := e.(*slack.TextBlockObject); ok {
					add(o)
				}
			}
		}
	}
	return strings.Join(texts, "\n")
}

// checkBlockLimits checks one block against the limits of blocks.go.
func checkBlockLimits(t *testing.T, b slack.Block) {
	t.Helper()
	runes := func(o *slack.TextBlockObject) int {
		if o == nil {
			return 0
		}
		return utf8.RuneCountInString(o.Text)
	}
	switch b := b.(type) {
	case *slack.HeaderBlock:
		if n := runes(b.Text); n > blockkit.MaxHeaderText {
			t.Errorf("header of %d chars", n)
		}
	case *slack.SectionBlock:
		if n := runes(b.Text); n > blockkit.MaxSectionText {
			t.Errorf("section text of %d chars", n)
		}
		if len(b.Fields) > 10 {
			t.Errorf("section of %d fields", len(b.Fields))
		}
		for _, f := range b.Fields {
			if n := runes(f); n > 2000 {
				t.Errorf("field of %d chars", n)
			}
		}
	case *slack.ContextBlock:
		for _, e := range b.ContextElements.Elements {
			if o, ok := e.(*slack.TextBlockObject); ok && runes(o) > blockkit.MaxContextText {
				t.Errorf("context of %d chars", runes(o))
			}
		}
	}
}
