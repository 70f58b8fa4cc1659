package experiments

import (
	"reflect"
	"testing"
	"time"
)

func TestLeverStats(t *testing.T) {
	now := friday
	day := func(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour) }
	launch := func(lever string, daysAgo int) LaunchFact {
		return LaunchFact{CreatedAt: day(daysAgo), LaunchedAt: day(daysAgo), Lever: lever}
	}
	decide := func(lever string, d Decision, daysAgo int) DecisionFact {
		return DecisionFact{Decision: d, LaunchedAt: day(daysAgo + 10), DecidedAt: day(daysAgo), Lever: lever}
	}
	keeps := func(lever string, n int) []DecisionFact {
		var list []DecisionFact
		for i := range n {
			list = append(list, decide(lever, DecisionKeep, i+1))
		}
		return list
	}
	with := func(lists ...[]DecisionFact) []DecisionFact {
		var all []DecisionFact
		for _, l := range lists {
			all = append(all, l...)
		}
		return all
	}
	tests := []struct {
		name      string
		launches  []LaunchFact
		decisions []DecisionFact
		levers    []string
		want      LeverReport
	}{
		{name: "no data, no blind spot", levers: DefaultLevers},
		{name: "experiments without a lever are no data",
			launches: []LaunchFact{launch("", 3)}, decisions: []DecisionFact{decide("", DecisionKeep, 2)}, levers: DefaultLevers},
		{name: "outside the window is no data",
			launches: []LaunchFact{launch("activation", 90)}, decisions: []DecisionFact{decide("activation", DecisionKeep, 91)}, levers: DefaultLevers},
		{name: "one launch: its lever, the first untried is the blind spot",
			launches: []LaunchFact{launch("acquisition", 5)}, levers: DefaultLevers,
			want: LeverReport{Levers: []LeverStat{{Lever: "acquisition", Launches: 1}}, BlindSpot: "activation"}},
		{name: "win rate as WinRate: iterate is not a win; too few for ignition",
			launches:  []LaunchFact{launch("activation", 20), launch("activation", 89)},
			decisions: []DecisionFact{decide("activation", DecisionKeep, 1), decide("activation", DecisionIterate, 2)}, levers: DefaultLevers,
			want: LeverReport{Levers: []LeverStat{{Lever: "activation", Launches: 2, Decided: 2, WinRate: 0.5}}, BlindSpot: "acquisition"}},
		{name: "ignition: best rate with enough decisions",
			decisions: with(keeps("retention", 2), []DecisionFact{decide("retention", DecisionKill, 3)},
				keeps("referral", 2), // 100%, but only 2
				keeps("revenue", 3), []DecisionFact{decide("revenue", DecisionKill, 4)}),
			levers: DefaultLevers,
			want: LeverReport{Levers: []LeverStat{
				{Lever: "retention", Decided: 3, WinRate: 2.0 / 3},
				{Lever: "referral", Decided: 2, WinRate: 1},
				{Lever: "revenue", Decided: 4, WinRate: 0.75}},
				Ignition: LeverStat{Lever: "revenue", Decided: 4, WinRate: 0.75}, BlindSpot: "acquisition"}},
		{name: "a tie goes to more decisions",
			decisions: with(keeps("acquisition", 3), keeps("activation", 4)), levers: DefaultLevers,
			want: LeverReport{Levers: []LeverStat{{Lever: "acquisition", Decided: 3, WinRate: 1}, {Lever: "activation", Decided: 4, WinRate: 1}},
				Ignition: LeverStat{Lever: "activation", Decided: 4, WinRate: 1}, BlindSpot: "retention"}},
		{name: "no keep, no ignition",
			decisions: []DecisionFact{decide("seo", DecisionKill, 1), decide("seo", DecisionKill, 2), decide("seo", DecisionKill, 3)},
			levers:    []string{"seo", "content"},
			want:      LeverReport{Levers: []LeverStat{{Lever: "seo", Decided: 3}}, BlindSpot: "content"}},
		{name: "every lever tried: no blind spot; a dropped lever comes last",
			launches:  []LaunchFact{launch("old", 1), launch("content", 1), launch("seo", 2)},
			decisions: []DecisionFact{decide("zombie", DecisionKeep, 1)},
			levers:    []string{"seo", "content"},
			want: LeverReport{Levers: []LeverStat{{Lever: "seo", Launches: 1}, {Lever: "content", Launches: 1},
				{Lever: "old", Launches: 1}, {Lever: "zombie", Decided: 1, WinRate: 1}}}},
	}
	for _, tt := range tests {
		got := LeverStats(tt.launches, tt.decisions, tt.levers, now)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
		if got.HasData() != (len(tt.want.Levers) > 0) || got.HasIgnition() != (tt.want.Ignition.Lever != "") {
			t.Errorf("%s: HasData %v, HasIgnition %v", tt.name, got.HasData(), got.HasIgnition())
		}
	}
}

func TestSummarizeHasLeverStats(t *testing.T) {
	w := ReviewedWeek(friday, time.UTC)
	f := Facts{Settings: ChannelSettings{Levers: []string{"seo", "content"}},
		Launches: []LaunchFact{{CreatedAt: friday.Add(-time.Hour), LaunchedAt: friday.Add(-time.Hour), Lever: "seo"}}}
	d := Summarize(f, w)
	if d.Levers.BlindSpot != "content" || len(d.Levers.Levers) != 1 || d.Levers.Levers[0].Launches != 1 {
		t.Errorf("Summarize Levers = %+v", d.Levers)
	}
}
