package experiments

import "time"

// Digest is everything a channel's weekly digest shows that can be computed
// from its Facts. The lists of the experiments shipped and decided this week
// (with titles and learnings) are not part of Facts and are left to the
// caller; they belong next to Trend when the digest is rendered.
type Digest struct {
	Week     string          // ISO week of now in the channel's zone, e.g. "2026-W48"
	Settings ChannelSettings // the channel's settings, defaults filled in

	Trend          []WeekCount // TrendWeeks weeks, oldest first, the current week last
	RecentLaunches int         // launches in the last 7 days, see RecentLaunches

	WinRate           float64 // see WinRate
	Decided           int     // decisions in the WinRateWindow
	TimeToDecision    time.Duration
	HasTimeToDecision bool // false when no decision qualified
	PlanningLag       time.Duration
	HasPlanningLag    bool // false when no launch qualified

	Overdue    []Experiment // see Overdue
	Quiet      []Experiment // see Quiet
	StuckIdeas []Experiment // see StuckIdeas
	Aimless    []Experiment // see Aimless
	Unaligned  []Experiment // see Unaligned
	IdleGoals  []Goal       // see IdleGoals

	Measures StageMeasures
	Stage    Stage
	StageWhy string   // one line naming the weakest measure, see TeamStage
	Nudges   []string // one or two sentences, see Nudges
}

// ReviewLag is how far into an ISO week a digest still reviews the week
// before.
const ReviewLag = 24 * time.Hour

// ReviewedWeek returns an instant inside the ISO week a digest at now
// reviews: now − ReviewLag. On a Monday, the default digest day, that is the
// week just ended; on any later day it is the current week, so a digest
// asked for on a Thursday shows this week's launches.
func ReviewedWeek(now time.Time) time.Time { return now.Add(-ReviewLag) }

// ThisWeek returns the last week of the trend: the week the digest reviews.
func (d Digest) ThisWeek() WeekCount {
	if len(d.Trend) == 0 {
		return WeekCount{}
	}
	return d.Trend[len(d.Trend)-1]
}

// Summarize computes the digest of a channel's facts at now. Calendar
// concepts (ISO weeks, today, deadlines) use loc; spans such as 90 days or
// quietAfterDays are absolute durations. Settings of zero or less mean the
// defaults.
//
// The digest is labelled with, and its trend ends at, the ISO week it
// reviews (see ReviewedWeek): a Monday digest reads "W48" for the week just
// ended, and its trend does not end in a bar of a few hours of the new week.
func Summarize(f Facts, now time.Time, loc *time.Location) Digest {
	f.Settings = settingsWithDefaults(f.Settings)
	d := Digest{
		Settings:       f.Settings,
		Trend:          weeklyCounts(f.Launches, f.Decisions, ReviewedWeek(now), now, loc, TrendWeeks),
		RecentLaunches: RecentLaunches(f.Launches, now),
	}
	d.Week = d.ThisWeek().Label()
	d.WinRate, d.Decided = WinRate(f.Decisions, now)
	d.TimeToDecision, d.HasTimeToDecision = MedianTimeToDecision(f.Decisions, now)
	d.PlanningLag, d.HasPlanningLag = MedianPlanningLag(f.Launches, now)
	d.summarizeLists(f, now, loc)
	d.Measures = MeasureStage(f, now, loc)
	d.Stage, d.StageWhy = TeamStage(d.Measures)
	d.Nudges = Nudges(d)
	return d
}

// summarizeLists fills in the lists of experiments and goals that need
// attention.
func (d *Digest) summarizeLists(f Facts, now time.Time, loc *time.Location) {
	d.Overdue = Overdue(f.Running, now, loc)
	d.Quiet = Quiet(f.Running, f.Settings.QuietAfterDays, now)
	d.StuckIdeas = StuckIdeas(f.Ideas, f.Settings.IdeaStaleDays, now)
	d.Aimless = Aimless(f.Running)
	d.Unaligned = Unaligned(f.Running)
	d.IdleGoals = IdleGoals(f.Goals, f.Running)
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
