package bot

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/blockkit"
	"github.com/aimlater/aimlater/bot/schedule"
	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// digestStoreFake answers the digest's reads from its fields. The App it
// drives has no other store, so a store the digest should not use panics.
type digestStoreFake struct {
	facts   experiments.DigestFacts
	whole   map[int64]experiments.Experiment
	gotWeek experiments.ReviewWeek
	gotIDs  []int64
	queued  []experiments.OutboxMessage
	posts   map[string]time.Time // latest run per ledger kind, for PostUnlessRecent
}

func (f *digestStoreFake) LoadDigest(_ context.Context, team, channel string, week func(experiments.ChannelSettings) experiments.ReviewWeek, limit int) (experiments.DigestFacts, error) {
	f.gotWeek = week(f.facts.Settings)
	return f.facts, nil
}

func (f *digestStoreFake) FindExperimentsByID(_ context.Context, ids []int64) ([]experiments.Experiment, error) {
	f.gotIDs = append(f.gotIDs, ids...)
	var out []experiments.Experiment
	for _, id := range ids {
		if e, ok := f.whole[id]; ok {
			out = append(out, e)
		}
	}
	return out, nil
}

var _ DigestStore = (*digestStoreFake)(nil)

// digestNow is the pinned clock of the digest's tests: Monday 30 November
// 2026, 09:00 in Rome.
var digestNow = time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)

// quietFacts is a channel with n running experiments, brief as storage
// reads them, all overdue and quiet; the whole ones carry titles.
func quietFacts(n int) (experiments.DigestFacts, map[int64]experiments.Experiment) {
	f := experiments.DigestFacts{HasExperiments: true}
	whole := map[int64]experiments.Experiment{}
	for i := 1; i <= n; i++ {
		e := experiments.Experiment{ID: int64(100 + i), Number: i, Status: experiments.StatusRunning,
			LaunchedAt: digestNow.AddDate(0, -1, 0), Deadline: experiments.Date{Year: 2026, Month: time.November, Day: i % 28}}
		f.Running = append(f.Running, e)
		e.Title, e.Owner = "Experiment <"+string(rune('A'+i%26))+">", "U1"
		whole[e.ID] = e
	}
	return f, whole
}

func TestDigestTickNothingWithoutExperiments(t *testing.T) {
	store := &digestStoreFake{}
	app := NewApp(Stores{Digest: store}, nil, time.UTC)
	msgs, err := app.DigestTick(context.Background(), schedule.Tick{Kind: schedule.KindDigest,
		Channel: experiments.ChannelSettings{Team: "T1", Channel: "C1"}, Loc: time.UTC, At: digestNow, Now: digestNow})
	if err != nil || msgs != nil {
		t.Errorf("DigestTick of a channel with no experiments = %v, %v; want nothing", msgs, err)
	}
}

// TestDigestTickAtTheTick checks that a tick run late reviews the week of
// its scheduled time, in the tick's zone, and fetches only what it shows.
func TestDigestTickAtTheTick(t *testing.T) {
	facts, whole := quietFacts(20)
	store := &digestStoreFake{facts: facts, whole: whole}
	app := NewApp(Stores{Digest: store}, nil, time.UTC)
	rome, _ := time.LoadLocation("Europe/Rome")
	tick := schedule.Tick{Kind: schedule.KindDigest, Channel: experiments.ChannelSettings{Team: "T1", Channel: "C1"},
		Loc: rome, At: digestNow, Now: digestNow.Add(3 * time.Hour)}
	msgs, err := app.DigestTick(context.Background(), tick)
	if err != nil || len(msgs) != 1 {
		t.Fatalf("DigestTick = %d messages, %v; want 1", len(msgs), err)
	}
	if want := experiments.ReviewedWeek(tick.At, rome); !reflect.DeepEqual(store.gotWeek, want) {
		t.Errorf("digest reviews %+v, want the week of the tick in Rome, %+v", store.gotWeek, want)
	}
	// Overdue, quiet and unaligned show 8 each, the same 8: 24 ids asked.
	if len(store.gotIDs) != 3*digestListCap {
		t.Errorf("fetched %d experiments whole, want %d (the shown ones)", len(store.gotIDs), 3*digestListCap)
	}
	m := msgs[0]
	text := string(m.Payload)
	if m.Kind != kindPost || m.Channel != "C1" || m.Team != "T1" {
		t.Errorf("message = %s to %s of %s, want a post to C1 of T1", m.Kind, m.Channel, m.Team)
	}
	for _, want := range []string{"Week 2026-W48 digest", "Experiment \\u0026lt;", "… and 12 more", "Mon 23 Nov to Sun 29 Nov 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("payload lacks %q:\n%s", want, text)
		}
	}
}

func TestCmdDigestQueuesThePost(t *testing.T) {
	facts, whole := quietFacts(2)
	store := &digestStoreFake{facts: facts, whole: whole}
	app := NewApp(Stores{Digest: store}, nil, time.UTC)
	app.Now = func() time.Time { return digestNow }
	r := app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "digest"})
	if !strings.Contains(r.Text, "Digest posted") || len(store.queued) != 1 || store.queued[0].Kind != kindPost {
		t.Errorf("reply %q, queued %d; want \"Digest posted\" and one post", r.Text, len(store.queued))
	}
	empty := NewApp(Stores{Digest: &digestStoreFake{}}, nil, time.UTC)
	for _, text := range []string{"digest", "stats"} {
		if r := empty.Handle(context.Background(), Command{Team: "T1", Channel: "C9", Text: text}); !strings.Contains(r.Text, "nothing to digest") {
			t.Errorf("%s in a channel with no experiments = %q, want nothing to digest", text, r.Text)
		}
	}
}

func TestCmdStatsShowsTheNumbers(t *testing.T) {
	facts, whole := quietFacts(2)
	app := NewApp(Stores{Digest: &digestStoreFake{facts: facts, whole: whole}}, nil, time.UTC)
	app.Now = func() time.Time { return digestNow }
	r := app.Handle(context.Background(), Command{Team: "T1", Channel: "C1", User: "U1", Text: "stats"})
	got := RenderReply(r)
	for _, want := range []string{"Numbers of week 2026-W48", "Win rate, 90 days: no decisions yet", "8-week trend: ▁▁▁▁▁▁▁▁", "Team stage: momentum"} {
		if !strings.Contains(got, want) {
			t.Errorf("stats lacks %q:\n%s", want, got)
		}
	}
}

// TestDigestMessagesSplitPast50Blocks checks that a digest longer than a
// message continues in thread replies, every block kept, in order. No
// digest a user can write gets there (see TestDigestWithinLimitsAndEscaped):
// titles of 3,000 characters do.
func TestDigestMessagesSplitPast50Blocks(t *testing.T) {
	r := digestReport{Digest: experiments.Summarize(experiments.Facts{}, experiments.ReviewedWeek(digestNow, time.UTC)), Team: "T1", Channel: "C1"}
	long := strings.Repeat("<&>", 1000)
	for i := range digestListCap {
		e := experiments.Experiment{Number: i + 1, Title: long, Owner: "U1", Decision: experiments.DecisionKill, Learning: long}
		r.Activity.Decided = append(r.Activity.Decided, e)
		r.Activity.Shipped = append(r.Activity.Shipped, e)
	}
	r.Activity.DecidedTotal, r.Activity.ShippedTotal = 100, 100
	r.Overdue, r.Quiet, r.Unaligned, r.StuckIdeas = r.Activity.Shipped, r.Activity.Shipped, r.Activity.Shipped, r.Activity.Shipped
	r.StuckTotal = 100
	all := digestBlocks(r)
	msgs := digestMessages(r)
	var o outgoing
	if len(msgs) != 1 || json.Unmarshal(msgs[0].Payload, &o) != nil {
		t.Fatalf("digestMessages = %d messages, want 1 readable", len(msgs))
	}
	if len(all) <= blockkit.MaxMessageBlocks || len(o.Replies) == 0 {
		t.Fatalf("%d blocks, %d replies: the case should need a thread", len(all), len(o.Replies))
	}
	got := len(o.Blocks.BlockSet)
	for _, reply := range o.Replies {
		if n := len(reply.Blocks.BlockSet); n > blockkit.MaxMessageBlocks || reply.Channel != "C1" || !strings.Contains(reply.Text, "continued") {
			t.Errorf("reply of %d blocks to %q, text %q", n, reply.Channel, reply.Text)
		}
		got += len(reply.Blocks.BlockSet)
	}
	if got != len(all) || len(o.Blocks.BlockSet) != blockkit.MaxMessageBlocks {
		t.Errorf("first message %d blocks, %d in all; want %d and %d", len(o.Blocks.BlockSet), got, blockkit.MaxMessageBlocks, len(all))
	}
}

func TestSplitBlocks(t *testing.T) {
	tests := []struct {
		n    int
		want []int
	}{
		{0, []int{0}},
		{1, []int{1}},
		{50, []int{50}},
		{51, []int{50, 1}},
		{120, []int{50, 50, 20}},
	}
	for _, tt := range tests {
		blocks := make([]slack.Block, tt.n)
		var got []int
		for _, p := range splitBlocks(blocks, 50) {
			got = append(got, len(p))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitBlocks(%d blocks) = %v, want %v", tt.n, got, tt.want)
		}
	}
}
