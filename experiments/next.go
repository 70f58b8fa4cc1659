package experiments

import (
	"cmp"
	"slices"
	"time"
)

// IdeaOrder ranks ideas for launching next, the one order `/exp next`,
// `list ideas` and the digest's suggestion share: ideas that serve a goal
// with no running experiment first, then the highest ICE score (unscored
// last), then the oldest, then the lowest number.
type IdeaOrder struct {
	idle map[int64]bool // IDs of open goals with nothing running
}

// NewIdeaOrder returns the order for a channel with these open goals and
// running experiments.
func NewIdeaOrder(goals []Goal, running []Experiment) IdeaOrder {
	idle := make(map[int64]bool)
	for _, g := range IdleGoals(goals, running) {
		idle[g.ID] = true
	}
	return IdeaOrder{idle: idle}
}

// ServesIdleGoal reports whether idea serves an open goal that has no
// running experiment: launching it puts that goal back in play.
func (o IdeaOrder) ServesIdleGoal(idea Experiment) bool {
	return idea.GoalID != 0 && o.idle[idea.GoalID]
}

// Sort sorts ideas in place, best first.
func (o IdeaOrder) Sort(ideas []Experiment) {
	slices.SortStableFunc(ideas, o.compare)
}

func (o IdeaOrder) compare(a, b Experiment) int {
	if sa, sb := o.ServesIdleGoal(a), o.ServesIdleGoal(b); sa != sb {
		if sa {
			return -1
		}
		return 1
	}
	return compareByICE(a, b)
}

// compareByICE orders by ICE score, highest first, then oldest CreatedAt,
// then Number. Sums compare exactly where averages would be floats.
func compareByICE(a, b Experiment) int {
	if c := cmp.Compare(b.ICE.sum(), a.ICE.sum()); c != 0 {
		return c
	}
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.Number, b.Number)
}

// RankIdeas sorts ideas in place by ICE score, highest first (unscored
// last), then oldest CreatedAt, then Number: IdeaOrder with no goal in
// play, as StuckIdeas ranks them.
func RankIdeas(ideas []Experiment) { slices.SortStableFunc(ideas, compareByICE) }

// NextPick is the idea to launch next and why it comes first.
type NextPick struct {
	Idea Experiment
	// Goal is the open goal the idea serves; zero when none.
	Goal Goal
	// GoalIdle reports that Goal has no running experiment.
	GoalIdle bool
	// WaitedDays is the calendar days since the idea was recorded.
	WaitedDays int
}

// NextIdea returns the best idea by IdeaOrder that skip does not rule out
// (a nil skip rules out none), and false when there is none. goals are the
// channel's open goals, running its running experiments; now and loc count
// the days the idea has waited.
func NextIdea(ideas []Experiment, goals []Goal, running []Experiment, skip func(Experiment) bool, now time.Time, loc *time.Location) (NextPick, bool) {
	order := NewIdeaOrder(goals, running)
	ranked := slices.Clone(ideas)
	order.Sort(ranked)
	for _, idea := range ranked {
		if idea.Status != StatusIdea || (skip != nil && skip(idea)) {
			continue
		}
		pick := NextPick{Idea: idea, GoalIdle: order.ServesIdleGoal(idea), WaitedDays: CalendarDaysSince(idea.CreatedAt, now, loc)}
		if i := slices.IndexFunc(goals, func(g Goal) bool { return g.ID == idea.GoalID }); i >= 0 {
			pick.Goal = goals[i]
		}
		return pick, true
	}
	return NextPick{}, false
}
