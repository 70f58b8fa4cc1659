package experiments

import (
	"slices"
	"testing"
)

// runningNumbered returns running experiments numbered as given.
func runningNumbered(nums ...int) []Experiment {
	out := make([]Experiment, len(nums))
	for i, n := range nums {
		out[i] = runningExp(n)
	}
	return out
}

// healthyDigest is a digest no rule nudges about.
func healthyDigest() Digest {
	return Digest{
		Settings: DefaultChannelSettings("T1", "C1"),
		Week:     "2026-W48",
		Trend:    shipped(3),
		Measures: StageMeasures{Tempo: 3, TempoTarget: 3},
		WinRate:  0.4,
		Decided:  10,
	}
}

// shipped is a trend whose reviewed week launched n.
func shipped(n int) []WeekCount { return []WeekCount{{Year: 2026, Week: 48, Launches: n}} }

// digestWith returns healthyDigest() changed by change.
func digestWith(change func(*Digest)) Digest {
	d := healthyDigest()
	change(&d)
	return d
}

func TestNudgeRules(t *testing.T) {
	tests := []struct {
		name   string
		rule   nudgeRule
		d      Digest
		want   string
		wantOK bool
	}{
		{"overdue: none", nudgeDecideOverdue, healthyDigest(), "", false},
		{"overdue: one and nothing launched", nudgeDecideOverdue, digestWith(func(d *Digest) { d.Overdue = runningNumbered(4); d.Trend = shipped(0) }),
			"Decide before you launch more: 1 experiment is past its deadline (#4).", true},
		{"overdue: as many as launched", nudgeDecideOverdue, digestWith(func(d *Digest) { d.Overdue = runningNumbered(4); d.Trend = shipped(1) }), "", false},
		{"overdue: more than launched", nudgeDecideOverdue, digestWith(func(d *Digest) { d.Overdue = runningNumbered(4, 6); d.Trend = shipped(1) }),
			"Decide before you launch more: 2 experiments are past their deadline (#4 and #6).", true},
		{"overdue: three whatever the launches", nudgeDecideOverdue, digestWith(func(d *Digest) { d.Overdue = runningNumbered(1, 2, 3); d.Trend = shipped(9) }),
			"Decide before you launch more: 3 experiments are past their deadline (#1, #2 and #3).", true},
		{"overdue: many", nudgeDecideOverdue, digestWith(func(d *Digest) { d.Overdue = runningNumbered(1, 2, 3, 4, 5) }),
			"Decide before you launch more: 5 experiments are past their deadline (#1, #2, #3 and 2 more).", true},

		{"ship: at tempo", nudgeShip, healthyDigest(), "", false},
		{"ship: nothing lately", nudgeShip, digestWith(func(d *Digest) { d.Trend = shipped(0) }),
			"Ship one small test today: nothing launched in week 2026-W48, and a live test teaches more than a better plan.", true},
		{"ship: below tempo", nudgeShip, digestWith(func(d *Digest) { d.Measures.Tempo = 1.5; d.Trend = shipped(2) }),
			"Ship one small test today: tempo is 1.5 launches a week against a target of 3.", true},
		{"ship: slow weeks behind, target met in the reviewed week", nudgeShip, digestWith(func(d *Digest) { d.Measures.Tempo = 0; d.Trend = shipped(3) }), "", false},
		{"ship: a target of zero means the default", nudgeShip, digestWith(func(d *Digest) { d.Measures = StageMeasures{Tempo: 2.75}; d.Trend = shipped(2) }),
			"Ship one small test today: tempo is 2.75 launches a week against a target of 3.", true},
		{"ship: not while decisions are overdue", nudgeShip, digestWith(func(d *Digest) { d.Trend = shipped(0); d.Overdue = runningNumbered(1) }), "", false},

		{"no keeps: five decisions, no keep", nudgeNoKeeps, digestWith(func(d *Digest) { d.Decided = 5; d.WinRate = 0 }),
			"Revisit the hypotheses: 5 decisions in 90 days and not one keep; ask what the kills taught you before the next test.", true},
		{"no keeps: four are too few", nudgeNoKeeps, digestWith(func(d *Digest) { d.Decided = 4; d.WinRate = 0 }), "", false},
		{"no keeps: one keep", nudgeNoKeeps, digestWith(func(d *Digest) { d.Decided = 5; d.WinRate = 0.2 }), "", false},

		{"too safe: 60% of five", nudgeTooSafe, digestWith(func(d *Digest) { d.Decided = 5; d.WinRate = 0.6 }),
			"Your bets are too safe: 60% of 5 decisions were keeps; try a bolder test, winning about one in three means you are learning.", true},
		{"too safe: just under 60%", nudgeTooSafe, digestWith(func(d *Digest) { d.Decided = 10; d.WinRate = 0.59 }), "", false},
		{"too safe: four are too few", nudgeTooSafe, digestWith(func(d *Digest) { d.Decided = 4; d.WinRate = 1 }), "", false},

		{"check in: none quiet", nudgeCheckIn, healthyDigest(), "", false},
		{"check in: two quiet", nudgeCheckIn, digestWith(func(d *Digest) { d.Quiet = runningNumbered(2, 5); d.Settings.QuietAfterDays = 5 }),
			"Check in on #2 and #5: no word for 5 days or more.", true},
		{"check in: zero days means the default", nudgeCheckIn, digestWith(func(d *Digest) { d.Quiet = runningNumbered(2); d.Settings.QuietAfterDays = 0 }),
			"Check in on #2: no word for 7 days or more.", true},

		{"stuck: none", nudgeStuckIdea, healthyDigest(), "", false},
		{"stuck: the top scored idea", nudgeStuckIdea, digestWith(func(d *Digest) {
			d.StuckIdeas = []Experiment{{Number: 12, ICE: ICE{6, 7, 8}}, {Number: 3}}
		}), "Shoot one of your stuck ideas this week: #12 (ICE 7.0) has waited 14 days or more.", true},
		{"stuck: an unscored idea", nudgeStuckIdea, digestWith(func(d *Digest) { d.StuckIdeas = runningNumbered(3) }),
			"Shoot one of your stuck ideas this week: #3 has waited 14 days or more.", true},

		{"aim: all aimed", nudgeAim, healthyDigest(), "", false},
		{"aim: two without an end", nudgeAim, digestWith(func(d *Digest) { d.Aimless = runningNumbered(1, 2) }),
			"Aim later, but aim: fill in the end, a metric and a target, for #1 and #2.", true},

		{"idle goals: none", nudgeIdleGoals, healthyDigest(), "", false},
		{"idle goals: one", nudgeIdleGoals, digestWith(func(d *Digest) { d.IdleGoals = []Goal{{Number: 2}} }),
			"Launch one small test toward G2: no running experiment moves it.", true},
		{"idle goals: two", nudgeIdleGoals, digestWith(func(d *Digest) { d.IdleGoals = []Goal{{Number: 1}, {Number: 2}} }),
			"Launch one small test toward G1 and G2: no running experiment moves them.", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.rule(tt.d)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("got %q, %v\nwant %q, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestNudges(t *testing.T) {
	decide := "Decide before you launch more: 3 experiments are past their deadline (#1, #2 and #3)."
	ship := "Ship one small test today: nothing launched in week 2026-W48, and a live test teaches more than a better plan."
	checkIn := "Check in on #7: no word for 7 days or more."
	stuck := "Shoot one of your stuck ideas this week: #9 has waited 14 days or more."
	aim := "Aim later, but aim: fill in the end, a metric and a target, for #8."
	tests := []struct {
		name string
		d    Digest
		want []string
	}{
		{"nothing to adjust", healthyDigest(), []string{fallbackNudgeAdvice}},
		{"a single rule", digestWith(func(d *Digest) { d.Aimless = runningNumbered(8) }), []string{aim}},
		{"the first two in priority order", digestWith(func(d *Digest) {
			d.Aimless, d.StuckIdeas, d.Quiet = runningNumbered(8), runningNumbered(9), runningNumbered(7)
		}), []string{checkIn, stuck}},
		{"deciding replaces shipping", digestWith(func(d *Digest) {
			d.Trend, d.Overdue, d.StuckIdeas = shipped(0), runningNumbered(1, 2, 3), runningNumbered(9)
		}), []string{decide, stuck}},
		{"shipping comes before the rest", digestWith(func(d *Digest) {
			d.Trend, d.Quiet, d.Aimless = shipped(0), runningNumbered(7), runningNumbered(8)
		}), []string{ship, checkIn}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Nudges(tt.d); !slices.Equal(got, tt.want) {
				t.Errorf("Nudges:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestListRefs(t *testing.T) {
	tests := []struct {
		refs []string
		want string
	}{
		{nil, ""},
		{[]string{"#1"}, "#1"},
		{[]string{"#1", "#2"}, "#1 and #2"},
		{[]string{"#1", "#2", "#3"}, "#1, #2 and #3"},
		{[]string{"#1", "#2", "#3", "#4"}, "#1, #2, #3 and 1 more"},
	}
	for _, tt := range tests {
		if got := listRefs(tt.refs); got != tt.want {
			t.Errorf("listRefs(%q) = %q, want %q", tt.refs, got, tt.want)
		}
	}
}
