package experiments

import (
	"cmp"
	"slices"
)

// HomeFacts is what one person's App Home is drawn from, read in one
// snapshot: their open work across the workspace's channels, and the facts
// of the channels they work in. Each list holds at most the limit it was
// read with; its total counts them all.
type HomeFacts struct {
	// Running are their running experiments, whole, in HomeRunningOrder.
	Running      []Experiment
	RunningTotal int
	// Ideas are their ideas, whole, the best ICE scores first (the part of
	// IdeaOrder storage can sort by); RankHomeIdeas puts them in IdeaOrder.
	Ideas      []Experiment
	IdeasTotal int
	// Channels are the channels they work in: those where they own an
	// experiment, the one with their latest experiment first.
	Channels      []HomeChannel
	ChannelsTotal int
}

// HomeLimits are how many of each list a home reads at most: what its
// view has room for (Slack allows 100 blocks), so that a backlog of
// thousands costs a count, not thousands of rows.
type HomeLimits struct {
	Running, Ideas, Channels int
}

// HomeChannel is one channel of a home: the facts of its digest's metrics
// (those of a digest's LoadDigest: the running experiments brief, the open
// goals, the launches and decisions of the look-back), as of Week.AsOf.
type HomeChannel struct {
	Channel string
	Facts
	Week ReviewWeek
}

// HomeRunningOrder orders a person's running experiments for their home:
// by deadline, the oldest first, so the overdue ones (see Overdue) come
// first, oldest first, whatever the zone; those without a deadline last;
// then by Number. Storage reads them in this order, so the first ones are
// the ones a capped home shows.
func HomeRunningOrder(a, b Experiment) int {
	if az, bz := a.Deadline.IsZero(), b.Deadline.IsZero(); az != bz {
		if az {
			return 1
		}
		return -1
	}
	if c := b.Deadline.DaysUntil(a.Deadline); c != 0 {
		return c
	}
	return cmp.Compare(a.Number, b.Number)
}

// HomeIdeaOrder is IdeaOrder for a person's ideas from several channels, as
// `/exp next` ranks them in each channel: an idea that serves an open goal
// with nothing running first, then the highest ICE score, then the oldest.
// Each goal is its own channel's, so the channels' goals and running
// experiments together make one order.
func HomeIdeaOrder(channels []HomeChannel) IdeaOrder {
	var goals []Goal
	var running []Experiment
	for _, ch := range channels {
		goals = append(goals, ch.Goals...)
		running = append(running, ch.Running...)
	}
	return NewIdeaOrder(goals, running)
}

// SortHomeRunning sorts running experiments in place by HomeRunningOrder.
func SortHomeRunning(running []Experiment) { slices.SortStableFunc(running, HomeRunningOrder) }
