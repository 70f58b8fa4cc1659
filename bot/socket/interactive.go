package socket

import (
	"context"

	"github.com/aimlater/aimlater/bot"
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
// or nil to close the form.
func (s *Socket) submit(ctx context.Context, cb slack.InteractionCallback) any {
	if errs := s.app.SubmitForm(ctx, submissionOf(cb)); len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs)
	}
	return nil
}

// submissionOf flattens a view's state to block ID → value.
func submissionOf(cb slack.InteractionCallback) bot.Submission {
	values := map[string]string{}
	for blockID, actions := range cb.View.State.Values {
		for _, a := range actions {
			values[blockID] = actionValue(a)
		}
	}
	return bot.Submission{Team: cb.Team.ID, User: cb.User.ID, CallbackID: cb.View.CallbackID,
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
