package experiments

import (
	"slices"
	"time"
)

// Progress is what a running experiment's check-ins say as of an instant,
// the facts of DecideCue, in values rather than pointers: a digest holds
// one per running experiment, thousands of them.
type Progress struct {
	OnTrack  bool    // the latest check-in's mark
	HasValue bool    // the latest check-in logged Value
	Value    float64 // the latest check-in's value
	HasFirst bool    // some check-in logged a value; First is the first
	First    float64 // the baseline of a relative target
}

// Cue is DecideCue of e with p as its latest check-in and first value.
func (p Progress) Cue(e Experiment) (string, bool) {
	var first *float64
	if p.HasFirst {
		first = &p.First
	}
	last := CheckIn{OnTrack: p.OnTrack}
	if p.HasValue {
		last.Value = &p.Value
	}
	return DecideCue(e, first, last)
}

// decideCues returns DecideCue's reason for each running experiment it
// flags, by ID; nil when none is. An experiment with no check-in (none in
// progress) is never flagged: nothing was recorded to act on.
func decideCues(running []Experiment, progress map[int64]Progress) map[int64]string {
	var cues map[int64]string
	for _, e := range running {
		p, ok := progress[e.ID]
		if !ok {
			continue
		}
		if reason, ok := p.Cue(e); ok {
			if cues == nil {
				cues = make(map[int64]string)
			}
			cues[e.ID] = reason
		}
	}
	return cues
}

// readyEarly returns the running experiments flagged in cues that are not
// overdue as of now in loc, ordered by number: the digest asks to decide
// them now, after the overdue ones.
func readyEarly(running []Experiment, cues map[int64]string, now time.Time, loc *time.Location) []Experiment {
	if len(cues) == 0 {
		return nil
	}
	overdue := overdueTest(now, loc)
	return sortByNumber(filterExperiments(running, func(e *Experiment) bool {
		return cues[e.ID] != "" && !overdue(e)
	}))
}

// digestNext picks the idea the digest suggests launching next, by
// NextIdea over the candidates of f.NextIdeas, with the goals open at
// w.AsOf and what ran then.
func digestNext(f Facts, w ReviewWeek) (NextPick, bool) {
	goals := slices.DeleteFunc(goalsAsOf(f.Goals, w.AsOf), func(g Goal) bool { return g.Closed })
	return NextIdea(f.NextIdeas, goals, f.Running, nil, w.AsOf, w.Loc)
}
