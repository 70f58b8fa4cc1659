package outbox

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// TestAttemptResult sorts send errors into the metrics' results as the
// retry logic sorts them.
func TestAttemptResult(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{nil, ResultOK},
		{&slack.RateLimitedError{RetryAfter: time.Second}, ResultRateLimit},
		{slack.StatusCodeError{Code: 503, Status: "503 Service Unavailable"}, Result5xx},
		{slack.SlackErrorResponse{Err: "service_unavailable"}, Result5xx},
		{context.DeadlineExceeded, ResultUnsure},
		{slack.SlackErrorResponse{Err: "internal_error"}, ResultUnsure},
		{slack.SlackErrorResponse{Err: "channel_not_found"}, ResultPermanent},
		{fmt.Errorf("post: %w", errors.New("is_archived")), ResultPermanent},
	} {
		if got := attemptResult(c.err); got != c.want {
			t.Errorf("attemptResult(%v) = %s, want %s", c.err, got, c.want)
		}
	}
}
