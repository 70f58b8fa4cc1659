package storage

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// TestLoadHome reads one person's open work across channels, in the home's
// order and cut to the limits, and the facts of the channels they work in,
// the latest first; another person's and another team's stay out.
func TestLoadHome(t *testing.T) {
	db := mustOpen(t)
	ctx := context.Background()
	mk := func(team, channel, owner, title string, status experiments.Status, deadline string, ice experiments.ICE, at time.Time) experiments.Experiment {
		t.Helper()
		setNow(db, at)
		e := experiments.Experiment{Team: team, Channel: channel, Owner: owner, Title: title, Status: status, ICE: ice, CreatedAt: at}
		if deadline != "" {
			day, err := time.Parse(time.DateOnly, deadline)
			if err != nil {
				t.Fatal(err)
			}
			e.Deadline = experiments.DateOf(day, time.UTC)
		}
		if status == experiments.StatusRunning {
			e.LaunchedAt = at
		}
		mustCreate(t, db, &e)
		return e
	}
	run, idea := experiments.StatusRunning, experiments.StatusIdea
	none := experiments.ICE{}
	a := mk("T1", "C1", "U1", "late", run, "2025-03-01", none, t0.Add(-days(30)))
	b := mk("T1", "C2", "U1", "undated", run, "", none, t0.Add(-days(20)))
	c := mk("T1", "C2", "U1", "later", run, "2025-03-20", none, t0.Add(-days(10)))
	d := mk("T1", "C1", "U1", "older", run, "2025-02-20", none, t0.Add(-days(9)))
	mk("T1", "C1", "U2", "not mine", run, "2025-01-01", none, t0.Add(-days(8)))
	mk("T2", "C1", "U1", "other team", run, "2025-01-01", none, t0.Add(-days(8)))
	low := mk("T1", "C3", "U1", "low", idea, "", experiments.ICE{Impact: 2, Confidence: 2, Ease: 2}, t0.Add(-days(5)))
	high := mk("T1", "C1", "U1", "high", idea, "", experiments.ICE{Impact: 9, Confidence: 9, Ease: 9}, t0.Add(-days(4)))
	mk("T1", "C1", "U1", "unscored", idea, "", none, t0.Add(-days(3)))
	setNow(db, t0)

	var weeks []string
	week := func(s experiments.ChannelSettings) experiments.ReviewWeek {
		weeks = append(weeks, s.Channel)
		return experiments.ReviewedWeek(t0, time.UTC)
	}
	h, err := db.LoadHome(ctx, "T1", "U1", week, experiments.HomeLimits{Running: 3, Ideas: 2, Channels: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := numbers(h.Running), []int{d.Number, a.Number, c.Number}; !slices.Equal(got, want) || h.RunningTotal != 4 {
		t.Errorf("running = %v of %d, want %v of 4 (by deadline, the undated #%d cut)", got, h.RunningTotal, want, b.Number)
	}
	if h.Running[0].Title != "older" || h.Running[0].Channel != "C1" {
		t.Errorf("running come whole: %+v", h.Running[0])
	}
	if got, want := numbers(h.Ideas), []int{high.Number, low.Number}; !slices.Equal(got, want) || h.IdeasTotal != 3 {
		t.Errorf("ideas = %v of %d, want %v of 3 (best ICE first, unscored last)", got, h.IdeasTotal, want)
	}
	var names []string
	for _, ch := range h.Channels {
		names = append(names, ch.Channel)
	}
	// C1 has U1's latest experiment (the unscored idea), then C3.
	if !slices.Equal(names, []string{"C1", "C3"}) || h.ChannelsTotal != 3 || !slices.Equal(weeks, names) {
		t.Errorf("channels = %v of %d (weeks asked for %v), want [C1 C3] of 3", names, h.ChannelsTotal, weeks)
	}
	// C1's facts are the channel's, everyone's: U2's running experiment counts.
	if n := len(h.Channels[0].Running); n != 3 || len(h.Channels[0].Launches) != 3 {
		t.Errorf("C1 facts: %d running, %d launches; want the channel's 3 and 3", n, len(h.Channels[0].Launches))
	}

	empty, err := db.LoadHome(ctx, "T1", "U9", week, experiments.HomeLimits{Running: 3, Ideas: 2, Channels: 2})
	if err != nil || empty.RunningTotal+empty.IdeasTotal+empty.ChannelsTotal != 0 || len(empty.Channels) != 0 {
		t.Errorf("a person with no experiment: %+v, %v", empty, err)
	}
}

// TestHomeQueryPlans: a person's lists come from the owner index, never a
// scan of the team's experiments.
func TestHomeQueryPlans(t *testing.T) {
	empty := mustOpen(t)
	seeded := mustOpen(t)
	if err := seeded.Seed(context.Background(), SeedSpec{Team: "T1", Channel: "C1", Experiments: 600, CheckIns: 100,
		Goals: 4, Span: days(365), Now: t0, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := seeded.rw.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	for _, db := range []*DB{empty, seeded} {
		for name, query := range map[string]string{
			"count": homeCountQuery, "running": homeRunningQuery, "ideas": homeIdeasQuery,
			"channels": homeChannelsQuery, "channels count": homeChannelsCount,
		} {
			plan := queryPlan(t, db, query)
			if !strings.Contains(plan, "experiments_by_owner") || scansTable(plan) {
				t.Errorf("%s: plan\n%s\nwant experiments_by_owner and no scan", name, plan)
			}
		}
	}
}
