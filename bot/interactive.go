package bot

import (
	"context"
	"fmt"

	"github.com/aimlater/aimlater/experiments"
	"github.com/slack-go/slack"
)

// answerInteractive handles modal submissions and button clicks. The ack of
// a view submission carries field errors, so it waits for the handler; a
// click is acked at once and answered after, since its trigger_id lives 3 s.
func (s *Socket) answerInteractive(ctx context.Context, cb slack.InteractionCallback) answer {
	switch cb.Type {
	case slack.InteractionTypeViewSubmission:
		return answer{payload: s.submit(ctx, cb)}
	case slack.InteractionTypeBlockActions:
		return answer{after: func() { s.act(ctx, cb) }}
	case slack.InteractionTypeMessageAction:
		return s.answerShortcut(ctx, cb)
	}
	s.log.Debug("interaction ignored", "type", cb.Type)
	return answer{}
}

// submit runs a view submission and returns the ack payload: field errors,
// or nil to close the modal.
func (s *Socket) submit(ctx context.Context, cb slack.InteractionCallback) any {
	out, err := s.app.Submit(ctx, submissionOf(cb))
	if len(out.FieldErrors) > 0 {
		return slack.NewErrorsViewSubmissionResponse(out.FieldErrors)
	}
	if err == nil || experiments.ErrorCode(err) == experiments.EDUPLICATE {
		return nil // closes the form; a redelivery's first delivery stored it
	}
	if experiments.ErrorCode(err) == experiments.EINTERNAL {
		s.log.Error("view submission failed", "callback_id", cb.View.CallbackID, "err", err)
		s.observer().HandlerError("submission")
	}
	// The error belongs to no one field: show it on the first one, so the
	// modal stays open and the user sees what happened.
	return slack.NewErrorsViewSubmissionResponse(map[string]string{firstField(cb.View.CallbackID): submitErrorMessage(err)})
}

func submitErrorMessage(err error) string {
	if experiments.ErrorCode(err) == experiments.EINTERNAL {
		return "Sorry, something went wrong on our side. Please try again."
	}
	return fmt.Sprint(experiments.ErrorMessage(err))
}

// submissionOf flattens a view's state to block ID → value.
func submissionOf(cb slack.InteractionCallback) Submission {
	values := map[string]string{}
	for blockID, actions := range cb.View.State.Values {
		for _, a := range actions {
			values[blockID] = actionValue(a)
		}
	}
	return Submission{Team: cb.Team.ID, User: cb.User.ID, CallbackID: cb.View.CallbackID,
		Metadata: cb.View.PrivateMetadata, Values: values}
}

// actionValue is what a user typed or picked in one input.
func actionValue(a slack.BlockAction) string {
	switch {
	case a.SelectedDate != "":
		return a.SelectedDate
	case a.SelectedOption.Value != "":
		return a.SelectedOption.Value
	case a.SelectedConversation != "":
		return a.SelectedConversation
	}
	return a.Value
}
