package main

import (
	"context"
	"fmt"
	"time"

	"github.com/aimlater/aimlater/experiments"
	"github.com/aimlater/aimlater/storage"
)

// demoHistory writes eight weeks of a marketing team's experiments to the
// demo channel through the store's public methods, its clock pinned at
// each step: goals, ideas with ICE, launches, check-ins, decisions with
// learnings, one experiment overdue, one gone quiet, ideas stuck in
// planning and one launched on the morning of the digest. Day offsets count
// from the Monday eight weeks before monday, the demo's digest day.
type demoHistory struct {
	ctx    context.Context
	db     *storage.DB
	start  time.Time // 10:00 on the Monday eight weeks before the digest
	err    error
	number map[string]int    // experiment numbers by title
	owner  map[string]string // their owners, who launch and decide them
}

// seedDemo writes the history; monday is the demo's digest day, 00:00 in
// the console's zone.
func seedDemo(ctx context.Context, db *storage.DB, monday time.Time) error {
	h := &demoHistory{ctx: ctx, db: db, start: monday.AddDate(0, 0, -56).Add(10 * time.Hour), number: map[string]int{}, owner: map[string]string{}}
	h.do(func() error {
		return db.SaveChannelSettings(ctx, experiments.DefaultChannelSettings(consoleTeam, demoChannel))
	})
	trials := h.goal(0, "Double trial signups by March", "signups", experiments.Target{Value: 100, Percent: true})
	news := h.goal(0, "Grow the newsletter to 10k", "subscribers", experiments.Target{Value: 10000})
	h.goal(1, "Open the German market", "paying teams in DE", experiments.Target{Value: 50})
	h.weeksOneToFour(trials, news)
	h.weeksFiveToEight(trials, news)
	h.at(56-1.5/24, func() error { return h.launchNew(3, "Product Hunt relaunch", "U1", 0, "upvotes", 500, false) })
	return h.err
}

// weeksOneToFour is the first half: the first tests, decided since.
func (h *demoHistory) weeksOneToFour(trials, news int64) {
	h.at(0, func() error {
		return h.launchNew(3, "Free trial extended to 30 days", "U1", trials, "trial signups", 500, false)
	})
	h.at(2, func() error {
		return h.launchNew(3, "Cold calling the waiting list", "U2", 0, "demos booked", 20, false)
	})
	h.at(3, func() error {
		return h.idea("Partner co-marketing with Acme", "U3", experiments.ICE{Impact: 8, Confidence: 6, Ease: 9})
	})
	h.at(7, func() error {
		return h.create(experiments.Experiment{Owner: "U1", Title: "Referral bonus for annual plans", GoalID: trials,
			Metric: "upgrades", Target: experiments.Target{Value: 15, Percent: true}, ICE: experiments.ICE{Impact: 7, Confidence: 7, Ease: 7}})
	})
	h.at(8, func() error {
		return h.launchNew(3, "Sponsor the Growth Weekly newsletter", "U3", news, "subscribers", 500, false)
	})
	h.at(9, func() error { return h.checkIn("Free trial extended to 30 days", "U1", 212, "Half-way, on track") })
	h.at(10, func() error { return h.checkIn("Cold calling the waiting list", "U2", 3, "Nobody picks up before 10") })
	h.at(14, func() error { return h.launchNew(3, "LinkedIn carousel ads", "U2", trials, "signups", 20, true) })
	h.at(15, func() error { return h.idea("Demo videos on the homepage", "U3", experiments.ICE{}) })
	h.at(16, func() error {
		return h.decide("Cold calling the waiting list", experiments.DecisionKill, "Cold calls reach nobody before 10:00 and annoy everyone after: stop.")
	})
	h.at(18, func() error {
		return h.decide("Sponsor the Growth Weekly newsletter", experiments.DecisionKill, "Sponsored issues bring clicks, not subscribers: 40 in a week.")
	})
	h.at(21, func() error { return h.checkIn("LinkedIn carousel ads", "U2", 9, "Clicks are up, signups flat") })
	h.at(22, func() error { return h.launchNew(3, "Retargeting on Meta", "U1", trials, "signups", 300, false) })
	h.at(23, func() error { return h.launchNew(6, "SEO guides for onboarding", "U3", 0, "organic visits", 0, false) })
	h.at(24, func() error {
		return h.decide("Free trial extended to 30 days", experiments.DecisionKeep, "Longer trials convert better for teams of 5+: keep 30 days for them.")
	})
	h.at(28, func() error {
		return h.launchNew(3, "Webinar: the pricing page, live", "U1", trials, "trial signups", 120, false)
	})
}

// weeksFiveToEight is the second half, the last of which the digest
// reviews.
func (h *demoHistory) weeksFiveToEight(trials, news int64) {
	h.at(29, func() error {
		_, next, err := h.db.IterateExperiment(h.ctx, consoleTeam, h.number["LinkedIn carousel ads"],
			"Carousels get clicks; the copy does not convert.", "Lead with customer quotes instead of feature lists.", h.owner["LinkedIn carousel ads"], experiments.DateOf(h.db.Now(), time.UTC).AddDays(28), nil)
		h.number["LinkedIn follow-up"] = next.Number
		return err
	})
	h.at(30, func() error { return h.checkIn("Retargeting on Meta", "U1", 140, "Cheap clicks, slow signups") })
	h.at(35, func() error { return h.launchNew(3, "Podcast spots", "U3", news, "subscribers", 20, true) })
	h.at(36, func() error {
		return h.checkIn("Webinar: the pricing page, live", "U1", 64, "Two sessions, full rooms")
	})
	h.at(42, func() error { return h.launchNew(3, "Cold email to CMOs", "U2", 0, "replies", 50, false) })
	h.at(44, func() error {
		return h.checkIn("LinkedIn follow-up", "U2", 31, "Quotes convert")
	})
	h.at(49, func() error {
		return h.decide("Webinar: the pricing page, live", experiments.DecisionKeep, "Live demos convert twice as well as recordings: run one every Tuesday.")
	})
	h.at(50, func() error { return h.launchIdea("Referral bonus for annual plans") })
	h.at(50.2, func() error { return h.checkIn("Retargeting on Meta", "U1", 260, "Past the deadline, still counting") })
	h.at(51.2, func() error {
		return h.checkIn("LinkedIn follow-up", "U2", 48, "Best week yet")
	})
	h.at(51, func() error { return h.launchNew(3, "TikTok teasers", "U3", news, "views", 10000, false) })
	h.at(52, func() error {
		return h.decide("Cold email to CMOs", experiments.DecisionKill, "Nobody replies to cold email, and that is fine: warm intros only.")
	})
	h.at(53, func() error {
		return h.idea("Case studies with customers", "U2", experiments.ICE{Impact: 6, Confidence: 8, Ease: 4})
	})
	h.at(54, func() error { return h.checkIn("Podcast spots", "U3", 8, "Annual-plan listeners only") })
}

// at runs step with the store's clock at start + days (fractions are hours).
func (h *demoHistory) at(days float64, step func() error) {
	t := h.start.Add(time.Duration(days * float64(24*time.Hour)))
	h.db.Now = func() time.Time { return t }
	h.do(step)
}

// do runs step unless an earlier one failed.
func (h *demoHistory) do(step func() error) {
	if h.err == nil {
		if err := step(); err != nil {
			h.err = fmt.Errorf("seed demo: %w", err)
		}
	}
}

// goal sets a goal on day days, with the default horizon as `goal` with
// no by: gives it, and returns its ID.
func (h *demoHistory) goal(days float64, title, metric string, target experiments.Target) int64 {
	g := experiments.Goal{Team: consoleTeam, Channel: demoChannel, Title: title, Metric: metric, Target: target, Author: "U1"}
	h.at(days, func() error {
		g.CreatedAt = h.db.Now()
		g.Deadline = experiments.DefaultGoalDeadline(g.CreatedAt, time.UTC)
		return h.db.CreateGoal(h.ctx, &g, nil)
	})
	return g.ID
}

// demoLevers are the levers of the demo's experiments, by title: a team
// that mostly buys reach, with its keeps on activation and nothing tried
// on retention, the digest's blind spot.
var demoLevers = map[string]string{
	"Free trial extended to 30 days": "activation", "Webinar: the pricing page, live": "activation",
	"Referral bonus for annual plans": "referral", "Cold calling the waiting list": "acquisition",
	"Sponsor the Growth Weekly newsletter": "acquisition", "LinkedIn carousel ads": "acquisition",
	"Retargeting on Meta": "acquisition", "Podcast spots": "acquisition", "Cold email to CMOs": "acquisition",
	"TikTok teasers": "acquisition", "Product Hunt relaunch": "acquisition",
}

// launchNew starts a running experiment with `new`, due in weeks weeks; a
// target of 0 leaves it aimless.
func (h *demoHistory) launchNew(weeks int, title, owner string, goal int64, metric string, target float64, percent bool) error {
	now := h.db.Now()
	e := experiments.Experiment{Team: consoleTeam, Channel: demoChannel, Owner: owner, Title: title, Status: experiments.StatusRunning,
		GoalID: goal, Metric: metric, Target: experiments.Target{Value: target, Percent: percent}, CreatedAt: now, Lever: demoLevers[title],
		Deadline: experiments.DateOf(now, time.UTC).AddDays(7 * weeks)}
	if err := h.db.CreateExperiment(h.ctx, &e, nil); err != nil {
		return err
	}
	h.number[title], h.owner[title] = e.Number, e.Owner
	return nil
}

// idea records an idea with its ICE score.
func (h *demoHistory) idea(title, owner string, ice experiments.ICE) error {
	return h.create(experiments.Experiment{Owner: owner, Title: title, ICE: ice})
}

// create records e as an idea of the demo channel, now.
func (h *demoHistory) create(e experiments.Experiment) error {
	e.Team, e.Channel, e.CreatedAt, e.Lever = consoleTeam, demoChannel, h.db.Now(), demoLevers[e.Title]
	title := e.Title
	if err := h.db.CreateExperiment(h.ctx, &e, nil); err != nil {
		return err
	}
	h.number[title], h.owner[title] = e.Number, e.Owner
	return nil
}

// launchIdea launches an idea by title, due after the default length.
func (h *demoHistory) launchIdea(title string) error {
	today := experiments.DateOf(h.db.Now(), time.UTC)
	plan := experiments.LaunchPlan{By: h.owner[title], Today: today, DefaultDeadline: today.AddDays(experiments.DefaultExperimentDays)}
	_, err := h.db.LaunchExperiment(h.ctx, consoleTeam, h.number[title], plan, nil)
	return err
}

// checkIn logs a value on an experiment by title.
func (h *demoHistory) checkIn(title, author string, value float64, note string) error {
	c := experiments.CheckIn{Author: author, At: h.db.Now(), Value: &value, Note: note, OnTrack: true}
	_, err := h.db.AddCheckIn(h.ctx, consoleTeam, h.number[title], &c, nil)
	return err
}

// decide records a verdict with its learning on an experiment by title.
func (h *demoHistory) decide(title string, d experiments.Decision, learning string) error {
	_, err := h.db.DecideExperiment(h.ctx, consoleTeam, h.number[title], d, learning, h.owner[title], nil)
	return err
}
