package outbox

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/slack-go/slack"
)

// TestSenderKeepsInFlightOnlyWhenUnsure checks which failures leave a post
// in flight (to be looked up before the next attempt): those after which
// Slack may have it, and no others.
func TestSenderKeepsInFlightOnlyWhenUnsure(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		inFlight bool
	}{
		{"call timeout", fmt.Errorf("post: %w", context.DeadlineExceeded), true},
		{"slack internal_error", slack.SlackErrorResponse{Err: "internal_error"}, true},
		{"unrecognised", errors.New("connection reset by peer"), true},
		{"500", slack.StatusCodeError{Code: 500, Status: "500 Internal Server Error"}, false},
		{"429", &slack.RateLimitedError{RetryAfter: 1}, false},
		{"service_unavailable", slack.SlackErrorResponse{Err: "service_unavailable"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSenderFixture(t)
			f.api.post = (&postRecorder{errs: []error{tt.err}}).post
			id := f.store.add(KindPost, Payload{Channel: "C1", Text: "a"})
			f.drain(t)
			if got := !f.store.row(id).Msg.InFlightSince.IsZero(); got != tt.inFlight {
				t.Errorf("in flight = %v, want %v", got, tt.inFlight)
			}
		})
	}
}
