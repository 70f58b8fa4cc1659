package outbox

// Results of a send attempt, for Sender.OnAttempt.
const (
	ResultOK        = "ok"        // Slack took the message
	ResultRateLimit = "429"       // rate limited; retried after Retry-After
	Result5xx       = "5xx"       // Slack answered with a passing fault; retried
	ResultUnsure    = "unsure"    // no clear answer (timeout, broken connection); looked up, retried
	ResultPermanent = "permanent" // Slack refused the message; given up
)

// attemptResult sorts the outcome of an attempt, err nil for a success,
// as the sender's retry logic (classify) does.
func attemptResult(err error) string {
	if err == nil {
		return ResultOK
	}
	switch _, class := classify(err); class {
	case errRateLimited:
		return ResultRateLimit
	case errTransient:
		return Result5xx
	case errPermanent:
		return ResultPermanent
	}
	return ResultUnsure
}

// observeAttempt tells OnAttempt, if set, how an attempt at a message of
// kind went.
func (s *Sender) observeAttempt(kind string, err error) {
	if s.OnAttempt != nil {
		s.OnAttempt(kind, attemptResult(err))
	}
}
