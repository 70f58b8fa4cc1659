package experiments

import (
	"testing"
	"time"
)

func TestCheckInDiscipline(t *testing.T) {
	now := metricsClock(t, time.UTC)("2026-11-26 10:00")
	launched := func(n int, ago time.Duration, s Status) Experiment {
		return Experiment{Number: n, Status: s, LaunchedAt: now.Add(-ago)}
	}
	week := 7 * 24 * time.Hour
	tests := []struct {
		name    string
		running []Experiment
		want    float64
	}{
		{"nothing running is nothing neglected", nil, 1},
		{"all recent", []Experiment{launched(1, time.Hour, StatusRunning)}, 1},
		{"one of four quiet", []Experiment{
			launched(1, week, StatusRunning), launched(2, time.Hour, StatusRunning),
			launched(3, time.Hour, StatusRunning), launched(4, time.Hour, StatusRunning)}, 0.75},
		{"ideas do not count", []Experiment{
			launched(1, week, StatusRunning), launched(2, week, StatusIdea)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckInDiscipline(tt.running, 7, now, time.UTC); got != tt.want {
				t.Errorf("CheckInDiscipline = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDecisionDiscipline(t *testing.T) {
	utc := metricsClock(t, time.UTC)
	tokyo := metricsZone(t, "Asia/Tokyo")
	now := utc("2026-11-30 10:00")
	sunday := Date{2026, time.November, 29}
	decision := func(at time.Time, deadline Date) DecisionFact {
		return DecisionFact{Decision: DecisionKill, DecidedAt: at, Deadline: deadline}
	}
	onSundayEvening := decision(utc("2026-11-29 20:00"), sunday) // Monday morning in Tokyo
	tests := []struct {
		name      string
		decisions []DecisionFact
		running   []Experiment
		loc       *time.Location
		want      float64
	}{
		{"nothing due", nil, nil, time.UTC, 1},
		{"decided on the deadline day is met", []DecisionFact{onSundayEvening}, nil, time.UTC, 1},
		{"the same instant is a day late in Tokyo", []DecisionFact{onSundayEvening}, nil, tokyo, 0},
		{"no deadline does not count", []DecisionFact{decision(utc("2026-11-29 20:00"), Date{})}, nil, time.UTC, 1},
		{"outside the window does not count", []DecisionFact{
			decision(now.Add(-WinRateWindow), Date{2026, time.January, 1})}, nil, time.UTC, 1},
		{"an overdue running experiment is a miss", []DecisionFact{onSundayEvening},
			[]Experiment{dueExp(1, Date{2026, time.November, 20}), dueExp(2, Date{2026, time.December, 20})}, time.UTC, 0.5},
		{"one late of four", []DecisionFact{
			onSundayEvening, onSundayEvening, onSundayEvening,
			decision(utc("2026-11-30 09:00"), sunday)}, nil, time.UTC, 0.75},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecisionDiscipline(tt.decisions, tt.running, now, tt.loc); got != tt.want {
				t.Errorf("DecisionDiscipline = %v, want %v", got, tt.want)
			}
		})
	}
}

// with returns m changed by change: a measure moved across one bar.
func with(m StageMeasures, change func(*StageMeasures)) StageMeasures {
	change(&m)
	return m
}

func TestTeamStage(t *testing.T) {
	mastery := StageMeasures{Tempo: 3, TempoTarget: 3, CheckInDiscipline: 0.8, DecisionDiscipline: 0.8, Decided: 5}
	maturity := StageMeasures{Tempo: 1.5, TempoTarget: 3, CheckInDiscipline: 0.5, DecisionDiscipline: 0.5, Decided: 1}
	tests := []struct {
		name string
		m    StageMeasures
		want Stage
	}{
		{"mastery at every bar", mastery, StageMastery},
		{"tempo just below target", with(mastery, func(m *StageMeasures) { m.Tempo = 2.75 }), StageMaturity},
		{"check-ins just below 80%", with(mastery, func(m *StageMeasures) { m.CheckInDiscipline = 0.79 }), StageMaturity},
		{"decisions on time just below 80%", with(mastery, func(m *StageMeasures) { m.DecisionDiscipline = 0.79 }), StageMaturity},
		{"four decisions are too few for mastery", with(mastery, func(m *StageMeasures) { m.Decided = 4 }), StageMaturity},
		{"maturity at every bar", maturity, StageMaturity},
		{"tempo just below half the target", with(maturity, func(m *StageMeasures) { m.Tempo = 1.25 }), StageMomentum},
		{"check-ins just below 50%", with(maturity, func(m *StageMeasures) { m.CheckInDiscipline = 0.49 }), StageMomentum},
		{"decisions on time just below 50%", with(maturity, func(m *StageMeasures) { m.DecisionDiscipline = 0.49 }), StageMomentum},
		{"no decision is momentum", with(maturity, func(m *StageMeasures) { m.Decided = 0 }), StageMomentum},
		{"a target of zero means the default of 3", with(mastery, func(m *StageMeasures) { m.TempoTarget = 0; m.Tempo = 2.75 }), StageMaturity},
		{"a higher target raises the bar", with(mastery, func(m *StageMeasures) { m.TempoTarget = 4 }), StageMaturity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, why := TeamStage(tt.m); got != tt.want {
				t.Errorf("TeamStage(%+v) = %s (%s), want %s", tt.m, got, why, tt.want)
			}
		})
	}
}

func TestTeamStageWhy(t *testing.T) {
	tests := []struct {
		name string
		m    StageMeasures
		want string
	}{
		{"momentum names the furthest below the maturity bar",
			StageMeasures{Tempo: 0.75, TempoTarget: 3, CheckInDiscipline: 0.4, DecisionDiscipline: 1, Decided: 3},
			"Tempo is the weakest measure: 0.75 launches a week over the last 4 weeks; maturity needs 1.5."},
		{"momentum with too few decisions",
			StageMeasures{Tempo: 2, TempoTarget: 3, CheckInDiscipline: 1, DecisionDiscipline: 1, Decided: 0},
			"Too few decisions to judge: 0 in the last 90 days; maturity needs 1."},
		{"maturity names the furthest below the mastery bar",
			StageMeasures{Tempo: 3, TempoTarget: 3, CheckInDiscipline: 0.9, DecisionDiscipline: 0.666, Decided: 6},
			"Decision discipline is the weakest measure: 66% of due deadlines met; mastery needs 80%."},
		{"a tie goes to the earlier measure",
			StageMeasures{Tempo: 3, TempoTarget: 3, CheckInDiscipline: 0.6, DecisionDiscipline: 0.6, Decided: 6},
			"Check-in discipline is the weakest measure: 60% of running experiments checked in recently; mastery needs 80%."},
		{"mastery still names the weakest",
			StageMeasures{Tempo: 4, TempoTarget: 3, CheckInDiscipline: 0.9, DecisionDiscipline: 1, Decided: 9},
			"Every measure clears the mastery bar; the weakest is check-in discipline: 90% of running experiments checked in recently."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, got := TeamStage(tt.m); got != tt.want {
				t.Errorf("why:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestMeasureStage(t *testing.T) {
	utc := metricsClock(t, time.UTC)
	now := utc("2026-11-25 10:00") // Wednesday of 2026-W48
	f := Facts{
		Running: []Experiment{
			{Number: 1, Status: StatusRunning, LaunchedAt: utc("2026-11-24 09:00")},
			{Number: 2, Status: StatusRunning, LaunchedAt: utc("2026-11-01 09:00"), Deadline: Date{2026, time.November, 20}},
		},
		Launches: launchesAt(utc("2026-11-02 09:00"), utc("2026-11-24 09:00")),
		Decisions: []DecisionFact{
			{Decision: DecisionKeep, DecidedAt: utc("2026-11-10 09:00"), Deadline: Date{2026, time.November, 12}},
		},
	}
	// The tempo counts the reviewed week so far: W45's launch and W48's.
	want := StageMeasures{Tempo: 0.5, TempoTarget: DefaultTempoTargetPerWeek, CheckInDiscipline: 0.5, DecisionDiscipline: 0.5, Decided: 1}
	if got := MeasureStage(f, ReviewedWeek(now, time.UTC)); got != want {
		t.Errorf("MeasureStage = %+v, want %+v", got, want)
	}
}
