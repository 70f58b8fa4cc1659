package storage

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/aimlater/aimlater/experiments"
)

// seededRow is one synthetic experiment, its times in milliseconds (0 for
// "not yet").
type seededRow struct {
	number                     int
	title, learning            string
	status                     experiments.Status
	decision                   experiments.Decision
	goal                       int64
	ice                        [3]int
	deadline                   experiments.Date
	created, launched, decided int64
	metric                     string
	target                     float64
	lever                      string
}

const dayMillis = int64(24 * time.Hour / time.Millisecond)

// experiment draws experiment number n, created at created: an idea,
// running or decided as the shape constants say.
func (g *seeder) experiment(n int, created int64, goals []int64) seededRow {
	to := toMillis(g.spec.Now)
	r := seededRow{number: n, status: experiments.StatusIdea, created: created, lever: seedLever(n),
		title: fmt.Sprintf("Try %s %s for %s", seedWord(g.rng), seedWord(g.rng), seedWord(g.rng))}
	if len(goals) > 0 && g.rng.Float64() < seedGoalShare {
		r.goal = goals[g.rng.IntN(len(goals))]
	}
	if g.rng.Float64() < seedIdeaShare {
		r.ice = [3]int{1 + g.rng.IntN(10), 1 + g.rng.IntN(10), 1 + g.rng.IntN(10)}
		return r
	}
	g.launch(&r, to)
	if g.stillRunning(r, to) {
		r.status = experiments.StatusRunning
		return r
	}
	g.decide(&r, to)
	return r
}

// launch launches r at once or after a planning lag, with a metric, a
// target and a deadline.
func (g *seeder) launch(r *seededRow, now int64) {
	r.status, r.launched = experiments.StatusRunning, r.created
	if g.rng.Float64() >= seedNewShare {
		r.launched = min(r.created+g.rng.Int64N(30*dayMillis), now)
	}
	r.metric, r.target = "signups", float64(100+g.rng.IntN(900))
	r.deadline = experiments.DateOf(fromMillis(r.launched), time.UTC).AddDays(experiments.DefaultExperimentDays)
}

// stillRunning decides whether a launched experiment stays undecided.
func (g *seeder) stillRunning(r seededRow, now int64) bool {
	if now-r.launched < seedRecentDays*dayMillis {
		return g.rng.Float64() < seedRecentRunning
	}
	return g.rng.Float64() < seedStaleRunning
}

// decide decides r a few days to a month after its launch, never after now.
func (g *seeder) decide(r *seededRow, now int64) {
	r.status = experiments.StatusDecided
	r.decided = min(r.launched+dayMillis+g.rng.Int64N(seedMaxDecisionDays*dayMillis), now)
	switch p := g.rng.Float64(); {
	case p < 0.35:
		r.decision = experiments.DecisionKeep
	case p < 0.8:
		r.decision = experiments.DecisionKill
	default:
		r.decision = experiments.DecisionIterate
	}
	r.learning = fmt.Sprintf("%s beat %s on %s; next time test %s first.",
		seedWord(g.rng), seedWord(g.rng), seedWord(g.rng), seedWord(g.rng))
}

// end is when r stopped running: its decision, or now.
func (r seededRow) end(now time.Time) int64 {
	if r.decided != 0 {
		return r.decided
	}
	return toMillis(now)
}

// args are r's values in the order of insertExperiments' statement.
func (r seededRow) args(spec SeedSpec) []any {
	zeroNull := func(ms int64) any {
		if ms == 0 {
			return nil
		}
		return ms
	}
	return []any{spec.Team, r.number, spec.Channel, fmt.Sprintf("U%d", 1+r.number%7), r.title,
		r.metric, r.target, nullDate(r.deadline), nullID(r.goal), r.ice[0], r.ice[1], r.ice[2],
		string(r.status), string(r.decision), r.learning, r.created, zeroNull(r.launched), zeroNull(r.decided), r.lever}
}

// seedLever is experiment n's lever: one of the default levers in turn,
// none for every sixth. It draws nothing from the seeder's generator, so
// every other field is what it was before experiments had levers.
func seedLever(n int) string {
	if i := n % (len(experiments.DefaultLevers) + 1); i < len(experiments.DefaultLevers) {
		return experiments.DefaultLevers[i]
	}
	return ""
}

// seedWords are the vocabulary of seeded titles, notes and learnings.
var seedWords = []string{"carousel ads", "webinars", "referral bonus", "pricing page", "cold email",
	"LinkedIn", "podcast spots", "free trial", "onboarding emails", "case studies", "retargeting",
	"SEO guides", "TikTok", "partner co-marketing", "annual plans", "demo videos"}

// seedWord draws a word of the vocabulary.
func seedWord(rng *rand.Rand) string { return seedWords[rng.IntN(len(seedWords))] }
