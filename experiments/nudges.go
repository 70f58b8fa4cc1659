package experiments

import (
	"fmt"
	"strings"
)

// The thresholds of the nudges.
const (
	MaxNudges           = 2   // sentences a digest shows at most
	OverdueNudgeMin     = 3   // overdue experiments that always call for deciding first
	JudgeMinDecisions   = 5   // decisions before the win rate is worth a nudge
	SafeWinRate         = 0.6 // a win rate this high means the bets are too safe
	maxRefsInNudge      = 3   // refs listed before "and N more"
	fallbackNudgeAdvice = "The loop is turning: keep shipping small, and make this week's bet a little bolder."
)

// nudgeRule returns its sentence and true when it applies to the digest.
type nudgeRule func(d Digest) (string, bool)

// nudgeRules in priority order; Nudges picks the first MaxNudges that apply.
var nudgeRules = []nudgeRule{
	nudgeDecideOverdue,
	nudgeShip,
	nudgeNoKeeps,
	nudgeTooSafe,
	nudgeCheckIn,
	nudgeStuckIdea,
	nudgeAim,
	nudgeIdleGoals,
}

// Nudges returns the one or two sentences that tell the team what to adjust,
// picked from these rules in priority order (the first MaxNudges that
// apply):
//  1. Decide first: OverdueNudgeMin (3) or more experiments are overdue, or
//     at least one is and more are overdue than were launched in the
//     reviewed week.
//  2. Ship: nothing launched in the reviewed week, or tempo below the target;
//     not while rule 1 applies, which asks to decide before launching more.
//  3. No keeps: JudgeMinDecisions (5) or more decisions and a win rate of 0.
//  4. Too safe: JudgeMinDecisions or more decisions and a win rate of at
//     least SafeWinRate (60%); about one in three is healthy.
//  5. Check in: some running experiments are quiet.
//  6. Shoot a stuck idea: some ideas are stuck; names the digest's next
//     idea (see NextIdea), else the top-ranked stuck one.
//  7. Aim: some running experiments lack a metric or a target.
//  8. Idle goals: some open goals have no running experiment.
//
// When none applies it returns one sentence of encouragement. Sentences are
// plain text and hold refs (#N, GN) but no user-written text.
func Nudges(d Digest) []string {
	var out []string
	for _, rule := range nudgeRules {
		if s, ok := rule(d); ok {
			out = append(out, s)
			if len(out) == MaxNudges {
				break
			}
		}
	}
	if len(out) == 0 {
		out = append(out, fallbackNudgeAdvice)
	}
	return out
}

// tooManyOverdue reports whether deciding should come before launching.
func tooManyOverdue(d Digest) bool {
	n := len(d.Overdue)
	return n >= OverdueNudgeMin || (n > 0 && n > d.Shipped())
}

// nudgeDecideOverdue asks to decide the overdue experiments first.
func nudgeDecideOverdue(d Digest) (string, bool) {
	if !tooManyOverdue(d) {
		return "", false
	}
	n := len(d.Overdue)
	what := fmt.Sprintf("%d experiments are past their deadline", n)
	if n == 1 {
		what = "1 experiment is past its deadline"
	}
	return fmt.Sprintf("Decide before you launch more: %s (%s).", what, experimentRefs(d.Overdue)), true
}

// nudgeShip asks for a launch when nothing shipped in the reviewed week, or
// when both that week and the tempo are below target. A team that met the
// target in the reviewed week is not nagged about its slower past weeks.
func nudgeShip(d Digest) (string, bool) {
	target := positiveOr(d.Measures.TempoTarget, DefaultTempoTargetPerWeek)
	switch {
	case tooManyOverdue(d), d.Shipped() >= target:
		return "", false
	case d.Shipped() == 0:
		return "Ship one small test today: nothing launched in week " + d.Week + ", and a live test teaches more than a better plan.", true
	case d.Measures.Tempo < float64(target):
		return fmt.Sprintf("Ship one small test today: tempo is %s against a target of %d.",
			PerWeek(d.Measures.Tempo, "launch"), target), true
	}
	return "", false
}

// nudgeNoKeeps asks to revisit the hypotheses when nothing is kept.
func nudgeNoKeeps(d Digest) (string, bool) {
	if d.Decided < JudgeMinDecisions || d.WinRate != 0 {
		return "", false
	}
	return fmt.Sprintf("Revisit the hypotheses: %s in %d days and not one keep; ask what the kills taught you before the next test.",
		CountOf(d.Decided, "decision"), windowDays()), true
}

// nudgeTooSafe asks for bolder bets when almost everything is kept.
func nudgeTooSafe(d Digest) (string, bool) {
	if d.Decided < JudgeMinDecisions || d.WinRate < SafeWinRate {
		return "", false
	}
	return fmt.Sprintf("Your bets are too safe: %s of %d decisions were keeps; try a bolder test, winning about one in three means you are learning.",
		percent(d.WinRate), d.Decided), true
}

// nudgeCheckIn asks for check-ins on the quiet experiments.
func nudgeCheckIn(d Digest) (string, bool) {
	if len(d.Quiet) == 0 {
		return "", false
	}
	return fmt.Sprintf("Check in on %s: no word for %s or more.",
		experimentRefs(d.Quiet), CountOf(positiveOr(d.Settings.QuietAfterDays, DefaultQuietAfterDays), "day")), true
}

// nudgeStuckIdea asks to launch the top-ranked stuck idea.
func nudgeStuckIdea(d Digest) (string, bool) {
	if len(d.StuckIdeas) == 0 {
		return "", false
	}
	if d.HasNext {
		return "Shoot one of your ideas this week: " + nextWords(d) + ".", true
	}
	top := d.StuckIdeas[0]
	ref := top.Ref()
	if !top.ICE.IsZero() {
		ref += " (ICE " + top.ICE.ScoreText() + ")"
	}
	return fmt.Sprintf("Shoot one of your stuck ideas this week: %s has waited %s or more.",
		ref, CountOf(positiveOr(d.Settings.IdeaStaleDays, DefaultIdeaStaleDays), "day")), true
}

// nextWords names the digest's next idea and why: "#4 (ICE 7.7) is next,
// waiting 59 days, and it moves G2, which has nothing running".
func nextWords(d Digest) string {
	n := d.Next
	s := n.Idea.Ref()
	if !n.Idea.ICE.IsZero() {
		s += " (ICE " + n.Idea.ICE.ScoreText() + ")"
	}
	s += " is next, waiting " + CountOf(n.WaitedDays, "day")
	if n.GoalIdle {
		s += ", and it moves " + n.Goal.Ref() + ", which has nothing running"
	}
	return s
}

// nudgeAim asks to state the metric and target of aimless experiments.
func nudgeAim(d Digest) (string, bool) {
	if len(d.Aimless) == 0 {
		return "", false
	}
	return fmt.Sprintf("Aim later, but aim: fill in the end, a metric and a target, for %s.", experimentRefs(d.Aimless)), true
}

// nudgeIdleGoals asks for a test toward the goals nobody works on.
func nudgeIdleGoals(d Digest) (string, bool) {
	n := len(d.IdleGoals)
	if n == 0 {
		return "", false
	}
	refs := make([]string, n)
	for i, g := range d.IdleGoals {
		refs[i] = g.Ref()
	}
	pronoun := "it"
	if n > 1 {
		pronoun = "them"
	}
	return fmt.Sprintf("Launch one small test toward %s: no running experiment moves %s.", listRefs(refs), pronoun), true
}

// experimentRefs lists the refs of es, see listRefs.
func experimentRefs(es []Experiment) string {
	// Only the refs listRefs shows are formatted: a digest lists hundreds
	// of quiet or overdue experiments, and names three. The rest stay empty
	// strings, counted in "and N more".
	refs := make([]string, len(es))
	for i, e := range es[:min(len(es), maxRefsInNudge)] {
		refs[i] = e.Ref()
	}
	return listRefs(refs)
}

// listRefs joins refs as "#3", "#3 and #5", "#3, #5 and #8", or past
// maxRefsInNudge "#3, #5, #8 and 2 more".
func listRefs(refs []string) string {
	switch {
	case len(refs) == 0:
		return ""
	case len(refs) > maxRefsInNudge:
		return strings.Join(refs[:maxRefsInNudge], ", ") + fmt.Sprintf(" and %d more", len(refs)-maxRefsInNudge)
	case len(refs) == 1:
		return refs[0]
	}
	return strings.Join(refs[:len(refs)-1], ", ") + " and " + refs[len(refs)-1]
}
