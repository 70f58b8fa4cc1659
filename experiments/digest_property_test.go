package experiments

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// propertyZones are zones on both sides of UTC, with and without DST, and
// one far enough east that a UTC Sunday evening is already its Monday.
var propertyZones = []string{"UTC", "America/Los_Angeles", "Europe/Rome", "Asia/Tokyo", "Pacific/Kiritimati", "Australia/Adelaide"}

// randomFacts is a channel's history of ten weeks before and two weeks
// after now, random but seeded: launches, decisions, running experiments
// (some launched after now) and ideas.
func randomFacts(rng *rand.Rand, now time.Time) Facts {
	at := func() time.Time {
		return now.Add(time.Duration(rng.Int64N(int64(12*7*24*time.Hour))) - 10*7*24*time.Hour).Truncate(time.Millisecond)
	}
	var f Facts
	for range 5 + rng.IntN(40) {
		launched := at()
		f.Launches = append(f.Launches, LaunchFact{CreatedAt: launched.Add(-time.Duration(rng.IntN(200)) * time.Hour), LaunchedAt: launched})
	}
	verdicts := []Decision{DecisionKeep, DecisionKill, DecisionIterate}
	for range rng.IntN(20) {
		decided := at()
		f.Decisions = append(f.Decisions, DecisionFact{Decision: verdicts[rng.IntN(3)], LaunchedAt: decided.Add(-96 * time.Hour),
			DecidedAt: decided, Deadline: DateOf(decided.Add(time.Duration(rng.IntN(200)-100)*time.Hour), time.UTC)})
	}
	for i := range rng.IntN(15) {
		e := Experiment{Number: i + 1, Status: StatusRunning, LaunchedAt: at(), GoalID: int64(rng.IntN(3)), Metric: "m"}
		if rng.IntN(2) == 0 {
			e.Deadline = DateOf(e.LaunchedAt.Add(time.Duration(rng.IntN(400))*time.Hour), time.UTC)
		}
		f.Running = append(f.Running, e)
	}
	for i := range rng.IntN(10) {
		f.Ideas = append(f.Ideas, Experiment{Number: 100 + i, Status: StatusIdea, CreatedAt: at()})
	}
	f.Goals = []Goal{{ID: 1, Number: 1}, {ID: 2, Number: 2, CreatedAt: at()}}
	return f
}

// propertyCase is one generated (now, zone) pair, its weekday spread over
// the week and its hour over the day.
type propertyCase struct {
	now time.Time
	loc *time.Location
}

func (c propertyCase) String() string {
	return fmt.Sprintf("%s in %s", c.now.In(c.loc).Format("Mon 2006-01-02 15:04"), c.loc)
}

// propertyCases generates n cases over two years, every weekday and zone.
func propertyCases(t *testing.T, rng *rand.Rand, n int) []propertyCase {
	base := time.Date(2025, 12, 29, 0, 0, 0, 0, time.UTC) // a Monday
	cases := make([]propertyCase, n)
	for i := range cases {
		loc := metricsZone(t, propertyZones[rng.IntN(len(propertyZones))])
		day := DateOf(base, time.UTC).AddDays(7*rng.IntN(100) + i%7) // weekday i%7
		cases[i] = propertyCase{day.Start(loc).Add(time.Duration(rng.Int64N(int64(24 * time.Hour)))).Truncate(time.Minute), loc}
	}
	return cases
}

// TestDigestAgreesWithItself checks, over a few hundred generated (now,
// zone, weekday) cases, that every number of a digest comes from its one
// reviewed week: the trend's last bar is exactly the launches in the week's
// window, the tempo includes that bar, and nothing after the week's AsOf
// is counted or listed.
func TestDigestAgreesWithItself(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 48))
	for _, c := range propertyCases(t, rng, 400) {
		f := randomFacts(rng, c.now)
		w := ReviewedWeek(c.now, c.loc)
		d := Summarize(f, w)
		shipped := 0
		for _, l := range f.Launches {
			if w.Contains(l.LaunchedAt) {
				shipped++
			}
		}
		if d.Shipped() != shipped || d.ThisWeek().Label() != d.Week || d.Week != w.Label() {
			t.Errorf("%s: week %s, last bar %s = %d launches, want %s = %d", c, d.Week, d.ThisWeek().Label(), d.Shipped(), w.Label(), shipped)
		}
		if want := tempoOf(d.Trend); d.Measures.Tempo != want {
			t.Errorf("%s: tempo %v, want the last %d bars of the trend, %v", c, d.Measures.Tempo, TempoWeeks, want)
		}
		// Summarize reuses the trend and the win rate's count for the stage;
		// MeasureStage counts them afresh, on the facts as of the week's end.
		asOf := f
		asOf.Settings, asOf.Running = settingsWithDefaults(f.Settings), runningAsOf(f.Running, w.AsOf)
		if want := MeasureStage(asOf, w); d.Measures != want {
			t.Errorf("%s: measures %+v, want MeasureStage's %+v", c, d.Measures, want)
		}
		checkNothingAfter(t, c, d, w.AsOf)
	}
}

// checkNothingAfter fails when a list of d holds an experiment launched
// after asOf.
func checkNothingAfter(t *testing.T, c propertyCase, d Digest, asOf time.Time) {
	t.Helper()
	for name, list := range map[string][]Experiment{"overdue": d.Overdue, "quiet": d.Quiet, "aimless": d.Aimless, "unaligned": d.Unaligned} {
		for _, e := range list {
			if e.LaunchedAt.After(asOf) {
				t.Errorf("%s: %s lists #%d, launched %v after the week's end %v", c, name, e.Number, e.LaunchedAt, asOf)
			}
		}
	}
	for _, e := range d.StuckIdeas {
		if e.CreatedAt.After(asOf) {
			t.Errorf("%s: stuck ideas list #%d, created after the week's end", c, e.Number)
		}
	}
}

// TestDigestSameWeekSameNumbers checks that a digest run any time before
// ReviewLag into the next week, in any zone, says exactly what the digest
// of that week's last millisecond says (`digest --week`): the week, the
// trend, the tempo, the win rate, the stage and every list.
func TestDigestSameWeekSameNumbers(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 49))
	for _, c := range propertyCases(t, rng, 300) {
		f := randomFacts(rng, c.now)
		w := ReviewedWeek(c.now, c.loc)
		end, err := ISOWeekEnd(w.Label(), c.loc)
		if err != nil {
			t.Fatal(err)
		}
		if c.now.Before(end) {
			continue // the week is under way: nothing to compare with yet
		}
		got, want := Summarize(f, w), Summarize(f, ReviewedWeek(end, c.loc))
		got.Reviewed, want.Reviewed = ReviewWeek{}, ReviewWeek{} // their zones are equal, not identical pointers
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: digest differs from that of %s's end:\n got %+v\nwant %+v", c, w.Label(), got.Measures, want.Measures)
		}
	}
}

// TestDigestPastWeekShowsNoLaterLaunch checks `digest --week` of past weeks:
// no experiment launched after the week's end appears in it or its numbers.
func TestDigestPastWeekShowsNoLaterLaunch(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 50))
	for _, c := range propertyCases(t, rng, 300) {
		f := randomFacts(rng, c.now)
		past := ReviewedWeek(c.now.AddDate(0, 0, -7*(1+rng.IntN(6))), c.loc)
		end, err := ISOWeekEnd(past.Label(), c.loc)
		if err != nil {
			t.Fatal(err)
		}
		d := Summarize(f, ReviewedWeek(end, c.loc))
		checkNothingAfter(t, c, d, end)
		counted := 0
		for _, wk := range d.Trend {
			counted += wk.Launches
		}
		if want := len(filterLaunches(f.Launches, d.Trend[0].Start, end)); counted != want {
			t.Errorf("%s, week %s: trend counts %d launches, want the %d up to its end", c, past.Label(), counted, want)
		}
	}
}

// filterLaunches returns the launches in [from, to].
func filterLaunches(ls []LaunchFact, from, to time.Time) []LaunchFact {
	var out []LaunchFact
	for _, l := range ls {
		if !l.LaunchedAt.Before(from) && !l.LaunchedAt.After(to) {
			out = append(out, l)
		}
	}
	return out
}
