package experiments

import "time"

// Digest is everything a channel's weekly digest shows that can be computed
// from its Facts, all of it from one ReviewWeek. The lists of the
// experiments shipped and decided in the week (with titles and learnings)
// are not part of Facts and are left to the caller; their totals equal
// ThisWeek's counts when both come from the same week.
type Digest struct {
	Week     string          // the reviewed ISO week, e.g. "2026-W48"
	Reviewed ReviewWeek      // the week every number and list is computed from
	Settings ChannelSettings // the channel's settings, defaults filled in

	Trend []WeekCount // TrendWeeks weeks, oldest first, the reviewed week last
	// Weeks are the ChartWeeks weeks the chart draws, oldest first, the
	// reviewed week last: Trend is their tail.
	Weeks []WeekCount

	WinRate           float64 // see WinRate, as of Reviewed.AsOf
	Decided           int     // decisions in the WinRateWindow
	TimeToDecision    time.Duration
	HasTimeToDecision bool // false when no decision qualified
	PlanningLag       time.Duration
	HasPlanningLag    bool        // false when no launch qualified
	Levers            LeverReport // by lever, over the WinRateWindow

	Overdue    []Experiment // see Overdue
	Quiet      []Experiment // see Quiet
	StuckIdeas []Experiment // see StuckIdeas
	Aimless    []Experiment // see Aimless
	Unaligned  []Experiment // see Unaligned
	IdleGoals  []Goal       // see IdleGoals
	Plan       []GoalPlan   // the open goals' plan, see Plan

	// Cues holds DecideCue's reason, by experiment ID, for each running
	// experiment ready for its decision from what the team recorded
	// (overdue or not); ReadyEarly lists those not overdue, by number.
	Cues       map[int64]string
	ReadyEarly []Experiment
	// Next is the idea to launch next, by NextIdea; HasNext is false when
	// there is no idea.
	Next    NextPick
	HasNext bool

	Measures StageMeasures
	Stage    Stage
	StageWhy string   // the next step up, see StageStep
	Nudges   []string // one or two sentences, see Nudges
}

// ThisWeek returns the last week of the trend: the reviewed week.
func (d Digest) ThisWeek() WeekCount {
	if len(d.Trend) == 0 {
		return WeekCount{}
	}
	return d.Trend[len(d.Trend)-1]
}

// Shipped returns the launches of the reviewed week: the trend's last bar.
func (d Digest) Shipped() int { return d.ThisWeek().Launches }

// Summarize computes the digest of a channel's facts for the reviewed week
// w. Calendar concepts (ISO weeks, days, deadlines) use w.Loc; the win-rate
// window is an absolute 90 days. Everything is as of w.AsOf: facts after it
// are not counted, and running experiments launched after it are not
// listed. Settings of zero or less mean the defaults.
func Summarize(f Facts, w ReviewWeek) Digest {
	f.Settings = settingsWithDefaults(f.Settings)
	f.Running = runningAsOf(f.Running, w.AsOf)
	d := Digest{
		Week:     w.Label(),
		Reviewed: w,
		Settings: f.Settings,
		Weeks:    weeklyCounts(f.Launches, f.Decisions, w, ChartWeeks),
	}
	d.Trend = d.Weeks[ChartWeeks-TrendWeeks:]
	d.WinRate, d.Decided = WinRate(f.Decisions, w.AsOf)
	d.Levers = LeverStats(f.Launches, f.Decisions, f.Settings.LeverList(), w.AsOf)
	d.TimeToDecision, d.HasTimeToDecision = MedianTimeToDecision(f.Decisions, w.AsOf)
	d.PlanningLag, d.HasPlanningLag = MedianPlanningLag(f.Launches, w.AsOf)
	d.summarizeLists(f, w)
	// The trend's last TempoWeeks weeks are the tempo's (TrendWeeks ≥
	// TempoWeeks), as MeasureStage would count them.
	d.Measures = measureStage(f, w, tempoOf(d.Trend), d.Decided)
	d.Stage, _ = TeamStage(d.Measures)
	d.StageWhy = d.stageStep(f, w)
	d.Nudges = Nudges(d)
	return d
}

// The trend holds the tempo's weeks: Summarize takes the tempo from it.
// This fails to compile should TrendWeeks ever be fewer than TempoWeeks.
const _ = uint(TrendWeeks - TempoWeeks)

// The chart's weeks hold the trend's: Summarize takes the trend from them.
const _ = uint(ChartWeeks - TrendWeeks)

// runningAsOf drops the experiments launched after asOf: they were not
// running yet. Storage already leaves them out; the rule lives here. When
// none is dropped, running itself is returned rather than a copy: no
// caller changes the list in place (every list is filtered into a new one).
func runningAsOf(running []Experiment, asOf time.Time) []Experiment {
	launched := func(e *Experiment) bool { return !e.LaunchedAt.After(asOf) }
	if countExperiments(running, launched) == len(running) {
		return running
	}
	return filterExperiments(running, launched)
}

// summarizeLists fills in the lists of experiments and goals that need
// attention.
func (d *Digest) summarizeLists(f Facts, w ReviewWeek) {
	d.Overdue = Overdue(f.Running, w.AsOf, w.Loc)
	d.Quiet = Quiet(f.Running, f.Settings.QuietAfterDays, w.AsOf, w.Loc)
	d.StuckIdeas = StuckIdeas(f.Ideas, f.Settings.IdeaStaleDays, w.AsOf, w.Loc)
	d.Aimless = Aimless(f.Running)
	d.Unaligned = Unaligned(f.Running)
	d.IdleGoals = IdleGoals(goalsAsOf(f.Goals, w.AsOf), f.Running)
	d.Cues = decideCues(f.Running, f.Progress)
	d.ReadyEarly = readyEarly(f.Running, d.Cues, w.AsOf, w.Loc)
	d.Next, d.HasNext = digestNext(f, w)
	d.Plan = Plan(PlanFacts{Goals: f.Goals, Running: f.Running, Ideas: f.NextIdeas, Records: f.Records}, w.AsOf, w.Loc)
}

// stageStep is StageStep from the lists the digest already has.
func (d *Digest) stageStep(f Facts, w ReviewWeek) string {
	s := stageFacts{running: f.Running, quiet: d.Quiet, overdue: d.Overdue, today: DateOf(w.AsOf, w.Loc)}
	s.met, s.due = deadlineCounts(f.Decisions, f.Running, w.AsOf, w.Loc)
	return d.Measures.step(s)
}

// settingsWithDefaults replaces the numeric settings of zero or less with
// the defaults.
func settingsWithDefaults(s ChannelSettings) ChannelSettings {
	s.QuietAfterDays = positiveOr(s.QuietAfterDays, DefaultQuietAfterDays)
	s.IdeaStaleDays = positiveOr(s.IdeaStaleDays, DefaultIdeaStaleDays)
	s.ExperimentDays = positiveOr(s.ExperimentDays, DefaultExperimentDays)
	s.TempoTarget = positiveOr(s.TempoTarget, DefaultTempoTargetPerWeek)
	return s
}

// goalsAsOf is goals as they stood at asOf: those set after it dropped,
// those closed after it open again.
func goalsAsOf(goals []Goal, asOf time.Time) []Goal {
	var out []Goal
	for _, g := range goals {
		if g.CreatedAt.After(asOf) {
			continue
		}
		if g.Closed && g.ClosedAt.After(asOf) {
			g.Closed = false
		}
		out = append(out, g)
	}
	return out
}
