package experiments

import (
	"testing"
	"time"
)

// TestStageStep: the next step names the fewest actions that clear every
// part of the next bar, with the experiments to act on.
func TestStageStep(t *testing.T) {
	today := Date{2026, time.November, 26}
	ahead, past := today.AddDays(3), today.AddDays(-2)
	four := []Experiment{runningExp(1), runningExp(2), runningExp(3), runningExp(4)}
	mastery := StageMeasures{Tempo: 3, TempoTarget: 3, CheckInDiscipline: 1, DecisionDiscipline: 1, Decided: 5}
	maturity := StageMeasures{Tempo: 1.5, TempoTarget: 3, CheckInDiscipline: 0.5, DecisionDiscipline: 1, Decided: 1}
	tests := []struct {
		name string
		m    StageMeasures
		s    stageFacts
		want string
	}{
		{"momentum: launches short of half the tempo",
			StageMeasures{Tempo: 0.25, TempoTarget: 3, CheckInDiscipline: 1, DecisionDiscipline: 1, Decided: 1},
			stageFacts{}, "5 more launches gets you to maturity."},
		{"momentum: no decision yet, the overdue one first",
			with(maturity, func(m *StageMeasures) { m.Decided = 0 }),
			stageFacts{running: []Experiment{dueExp(7, ahead), dueExp(3, past)}, overdue: []Experiment{dueExp(3, past)}, today: today},
			"A decision on #3 gets you to maturity."},
		{"momentum: no decision and nothing running",
			with(maturity, func(m *StageMeasures) { m.Decided = 0 }), stageFacts{}, "One more decision gets you to maturity."},
		{"maturity: one launch and one check-in short (the issue's example)",
			with(mastery, func(m *StageMeasures) { m.Tempo = 2.75; m.CheckInDiscipline = 0.75 }),
			stageFacts{running: four, quiet: []Experiment{runningExp(4)}},
			"One more launch and a check-in on #4 gets you to mastery."},
		{"maturity: check-ins on the quietest first",
			with(mastery, func(m *StageMeasures) { m.CheckInDiscipline = 0.5 }),
			stageFacts{running: four, quiet: []Experiment{runningExp(2), runningExp(4)}},
			"Check-ins on #2 and #4 gets you to mastery."},
		{"maturity: decisions by their deadlines, nearest first",
			with(mastery, func(m *StageMeasures) { m.DecisionDiscipline = 0.75 }),
			stageFacts{running: []Experiment{dueExp(8, today.AddDays(9)), dueExp(5, ahead), dueExp(6, past)},
				overdue: []Experiment{dueExp(6, past)}, today: today, met: 6, due: 8},
			"Deciding #5 and #8 by their deadlines gets you to mastery."},
		{"maturity: decisions on time with none running to name",
			with(mastery, func(m *StageMeasures) { m.DecisionDiscipline = 0.75 }),
			stageFacts{met: 3, due: 4}, "A decision made by the deadline gets you to mastery."},
		{"maturity: far below on time",
			with(mastery, func(m *StageMeasures) { m.DecisionDiscipline = 0.6 }),
			stageFacts{met: 3, due: 5}, "5 decisions made by their deadlines gets you to mastery."},
		{"maturity: an on-time decision also counts towards five",
			with(mastery, func(m *StageMeasures) { m.Decided = 3; m.DecisionDiscipline = 0.75 }),
			stageFacts{running: []Experiment{dueExp(5, ahead), dueExp(6, today.AddDays(5))}, today: today, met: 3, due: 4},
			"Deciding #5 by its deadline and a decision on #6 gets you to mastery."},
		{"maturity: four decisions are one short",
			with(mastery, func(m *StageMeasures) { m.Decided = 4 }), stageFacts{}, "One more decision gets you to mastery."},
		{"mastery: slipping experiments to act on",
			mastery, stageFacts{running: four, quiet: []Experiment{runningExp(2)}, overdue: []Experiment{dueExp(3, past)}},
			"At mastery; to stay there, check in on #2 and decide #3."},
		{"mastery: nothing slipping",
			mastery, stageFacts{running: four},
			"At mastery, every measure clears the bar: keep launching 3 experiments a week and deciding by the deadline."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.step(tt.s); got != tt.want {
				t.Errorf("step:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestStageStepClearsTheBar: doing what the step says lifts the measures
// to the next stage, across the bars (a property of gap, not of its words).
func TestStageStepClearsTheBar(t *testing.T) {
	for tempo := 0.0; tempo <= 3; tempo += 0.25 {
		for quiet := 0; quiet <= 10; quiet += 3 {
			for met := 0; met <= 5; met += 2 {
				m := StageMeasures{Tempo: tempo, TempoTarget: 3, CheckInDiscipline: float64(10-quiet) / 10,
					DecisionDiscipline: float64(met) / 5, Decided: met}
				stage, _ := TeamStage(m)
				if stage == StageMastery {
					continue
				}
				bar := map[Stage]stageBar{StageMomentum: maturityBar, StageMaturity: masteryBar}[stage]
				g := m.gap(bar, stageFacts{running: make([]Experiment, 10), quiet: make([]Experiment, quiet), met: met, due: 5})
				after := StageMeasures{Tempo: tempo + float64(g.launches)/TempoWeeks, TempoTarget: 3,
					CheckInDiscipline:  float64(10-quiet+g.checkIns) / 10,
					DecisionDiscipline: float64(met+g.onTime) / float64(5+g.onTime),
					Decided:            met + g.onTime + g.decisions}
				if !after.clears(bar) {
					t.Errorf("%+v: gap %+v leaves %+v below %s", m, g, after, bar.stage)
				}
			}
		}
	}
}
