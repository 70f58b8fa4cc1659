package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aimlater/aimlater/bot/fakeslack"
	"github.com/aimlater/aimlater/experiments"
)

// seedLeverHistory writes, before serve starts, what C1 holds as of the
// end of the week a digest now reviews: #1 running for five days with no
// check-in, and four decisions on activation in the month before, three
// of them keeps.
func seedLeverHistory(t *testing.T, path string) {
	t.Helper()
	db := openStore(t, path)
	defer db.Close()
	ctx := context.Background()
	asOf := experiments.ReviewedWeek(time.Now(), time.UTC).AsOf
	day := func(n int) time.Time { return asOf.Add(-time.Duration(n) * 24 * time.Hour) }
	at := func(t time.Time) { db.Now = func() time.Time { return t } }
	at(day(5))
	quiet := experiments.Experiment{Team: fakeslack.TeamID, Channel: "C1", Owner: "U1", Title: "Carousel ads",
		Status: experiments.StatusRunning, Deadline: experiments.DateOf(asOf, time.UTC).AddDays(60)}
	if err := db.CreateExperiment(ctx, &quiet, nil); err != nil {
		t.Fatal(err)
	}
	for i, d := range []experiments.Decision{experiments.DecisionKeep, experiments.DecisionKeep, experiments.DecisionKill, experiments.DecisionKeep} {
		at(day(30 + i))
		e := experiments.Experiment{Team: fakeslack.TeamID, Channel: "C1", Owner: "U1", Title: "Onboarding checklist", Lever: "activation",
			Status: experiments.StatusRunning}
		if err := db.CreateExperiment(ctx, &e, nil); err != nil {
			t.Fatal(err)
		}
		at(day(10 + i))
		if _, err := db.DecideExperiment(ctx, fakeslack.TeamID, e.Number, d, "", "U1", nil); err != nil {
			t.Fatal(err)
		}
	}
}

// TestE2ESettingsAndLevers: the digest names the ignition point and a
// blind spot; `settings quiet 3` changes the digest's Gone quiet at once;
// `settings levers …` sets the channel's levers, which `new … lever:`
// then takes, and a misspelt lever gets a "did you mean" and stores
// nothing.
func TestE2ESettingsAndLevers(t *testing.T) {
	srv := startFake(t)
	db := newDB(t)
	seedLeverHistory(t, db)
	s := startServe(t, srv, db)

	mustContain(t, s.slash("C1", "U1", "settings"), "*Levers* acquisition, activation, retention, referral, revenue _(default)_",
		"*Gone quiet after* 7 days without a check-in _(default)_", "`/exp schedule`")
	mustContain(t, s.slash("C1", "U1", "digest"), "Digest posted")
	digest := waitPostWith(t, s, "C1", "digest")
	mustContain(t, digest, "Levers, 90 days", "*activation* — 4 launches · win rate 75% of 4 decisions",
		"Your ignition point: *activation*, 75% of 4 decisions kept.",
		"Blind spot: nothing tried on *acquisition* in 90 days — `/exp idea … lever:acquisition`")
	mustLack(t, digest, "Gone quiet")
	mustContain(t, s.slash("C1", "U1", "stats"), "Levers, 90 days", "ignition point: *activation*")

	mustContain(t, s.slash("C1", "U1", "settings quiet 3"), "This channel's quiet threshold changed.", "*Gone quiet after* 3 days without a check-in\n")
	mustContain(t, s.slash("C1", "U1", "digest"), "just for you", "Gone quiet", "no check-in for 3 days or more", "Carousel ads")

	mustContain(t, s.slash("C1", "U1", "settings levers SEO, content, activation"), "This channel's levers changed.", "*Levers* seo, content, activation\n")
	mustContain(t, s.slash("C1", "U2", "new Guest posts on partner blogs metric:visits lever:Content"), "Launched #6", "lever *content*")
	mustContain(t, waitPostWith(t, s, "C1", "launched #6"), "<@U2> launched #6", "lever *content*")
	mustContain(t, s.slash("C1", "U2", "new Podcast sponsorship lever:contnet"),
		"`contnet` is not a lever of this channel — did you mean `content`? Its levers: seo, content, activation")
	mustContain(t, s.slash("C1", "U2", "new Podcast sponsorship lever:referral"), "is not a lever of this channel. Its levers: seo, content, activation")
	list := s.slash("C1", "U1", "list")
	mustContain(t, list, "Experiments (2)", "lever content")
	mustLack(t, list, "Podcast")
	mustContain(t, s.slash("C1", "U1", "show #6"), "*Lever*\ncontent")
	mustContain(t, s.slash("C1", "U1", "settings tempo 0"), "from 1 to 50, e.g. `/exp settings tempo 4`")
	mustContain(t, s.slash("C1", "U1", "settings"), "*Tempo target* 3 launches a week _(default)_")
}

// mustLack fails if got contains any of wants.
func mustLack(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if strings.Contains(got, w) {
			t.Errorf("reply has %q:\n%s", w, got)
		}
	}
}
