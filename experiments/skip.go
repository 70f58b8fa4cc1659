package experiments

import "time"

// IdeaSkip is how long **Not now** keeps an idea out of one person's
// `next`: a week, after which it comes back as if never skipped. The skip
// is that person's alone; the rest of the team still sees the idea.
const IdeaSkip = 7 * 24 * time.Hour

// SkipEnds returns when a skip made at at stops hiding its idea.
func SkipEnds(at time.Time) time.Time { return at.Add(IdeaSkip) }

// SkipActive reports whether a skip made at at still hides its idea at now.
func SkipActive(at, now time.Time) bool { return now.Before(SkipEnds(at)) }

// SkipsSince is the oldest skip time still in force at now: a store reads
// the skips made at or after it.
func SkipsSince(now time.Time) time.Time { return now.Add(-IdeaSkip + time.Millisecond) }

// Skips are one person's skips of ideas: when each idea, by storage ID,
// was last skipped.
type Skips map[int64]time.Time

// Hides returns the skip test of NextIdea at now: true for an idea a skip
// still hides.
func (s Skips) Hides(now time.Time) func(Experiment) bool {
	return func(e Experiment) bool {
		at, ok := s[e.ID]
		return ok && SkipActive(at, now)
	}
}

// FirstBack returns when the first of ideas that s hides at now comes back,
// and false when s hides none of them.
func (s Skips) FirstBack(ideas []Experiment, now time.Time) (time.Time, bool) {
	var first time.Time
	for _, e := range ideas {
		at, ok := s[e.ID]
		if !ok || !SkipActive(at, now) {
			continue
		}
		if end := SkipEnds(at); first.IsZero() || end.Before(first) {
			first = end
		}
	}
	return first, !first.IsZero()
}

// CanSkip reports whether the experiment may be skipped with Not now: only
// an idea, since Not now is about what to launch next.
func (e Experiment) CanSkip() error {
	if e.Status != StatusIdea {
		return Errorf(ECONFLICT, "%s is %s: Not now is for ideas waiting to launch.", e.Ref(), e.describeStatus())
	}
	return nil
}
