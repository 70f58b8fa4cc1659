package bot

import (
	"context"
	"strings"
)

// Every way into the App, in one place: the subcommands of /exp, the
// buttons by action ID and the forms by callback ID. A new subcommand,
// button or form is one line here and its handler in its own file.

// handler runs one subcommand with the text after its name.
type handler func(a *App, ctx context.Context, c Command, args string) (Reply, error)

// routes maps each subcommand to its handler.
var routes = map[string]handler{
	"help":      (*App).cmdHelp,
	"new":       (*App).cmdNew,
	"idea":      (*App).cmdIdea,
	"launch":    (*App).cmdLaunch,
	"next":      (*App).cmdNext,
	"list":      (*App).cmdList,
	"show":      (*App).cmdShow,
	"edit":      (*App).cmdEdit,
	"log":       (*App).cmdLog,
	"decide":    (*App).cmdDecide,
	"learn":     (*App).cmdLearn,
	"learnings": (*App).cmdLearnings,
	"undo":      (*App).cmdUndo,
	"goal":      (*App).cmdGoal,
	"goals":     (*App).cmdGoals,
	"plan":      (*App).cmdPlan,
	"away":      (*App).cmdAway,
	"schedule":  (*App).cmdSchedule,
	"settings":  (*App).cmdSettings,
	"digest":    (*App).cmdDigest,
	"stats":     (*App).cmdStats,
}

// routeOf is the handler of subcommand name, any case; an empty name is
// help.
func routeOf(name string) (handler, bool) {
	if name == "" {
		return (*App).cmdHelp, true
	}
	h, ok := routes[strings.ToLower(name)]
	return h, ok
}

// actionHandler answers one click.
type actionHandler func(a *App, ctx context.Context, act Action) (Reply, error)

// actionRoutes maps each button's action ID to its handler.
var actionRoutes = map[string]actionHandler{
	// The check-in DM's and App Home's buttons, for the owner alone.
	actionCheckInLog:     (*App).actCheckIn,
	actionCheckInKeep:    (*App).actCheckIn,
	actionCheckInKill:    (*App).actCheckIn,
	actionCheckInIterate: (*App).actCheckIn,
	actionLearn:          (*App).actLearn,
	// A channel's buttons (the digest, `next`), for any member there.
	actionDecideKeep:    (*App).actChannelDecide,
	actionDecideKill:    (*App).actChannelDecide,
	actionDecideIterate: (*App).actChannelDecide,
	actionNewForGoal:    (*App).actNewForGoal,
	actionLaunchIdea:    (*App).actLaunchIdea,
	actionSkipIdea:      (*App).actSkipIdea,
}

// submitHandler answers one submitted form.
type submitHandler func(a *App, ctx context.Context, s Submission) (Outcome, error)

// submitRoutes maps each form's callback ID to its handler.
var submitRoutes = map[string]submitHandler{
	callbackCheckInLog:     (*App).submitCheckIn,
	callbackDecideKeep:     (*App).submitDecision,
	callbackDecideKill:     (*App).submitDecision,
	callbackDecideIterate:  (*App).submitDecision,
	actionDecideKeep:       (*App).submitChannelDecision,
	actionDecideKill:       (*App).submitChannelDecision,
	actionDecideIterate:    (*App).submitChannelDecision,
	callbackSaveIdea:       (*App).submitSaveIdea,
	callbackNewExperiment:  withState((*App).submitNew),
	callbackEditExperiment: withState((*App).submitEdit),
	callbackLearn:          withState((*App).submitLearn),
}

// withState is the handler of a form whose state is a sealed modalState: it
// opens the seal, then runs h.
func withState(h func(a *App, ctx context.Context, s Submission, st modalState) (Outcome, error)) submitHandler {
	return func(a *App, ctx context.Context, s Submission) (Outcome, error) {
		var st modalState
		if err := a.openSubmission(s, &st); err != nil {
			return Outcome{}, err
		}
		return h(a, ctx, s, st)
	}
}
