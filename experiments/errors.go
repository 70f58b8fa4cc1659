package experiments

import (
	"errors"
	"fmt"
)

// Error codes. A user-facing failure carries one of these and a message the
// bot can show as it is; anything else is internal and is logged, not shown.
const (
	EINVALID  = "invalid"   // bad input: the message says what and shows an example
	ENOTFOUND = "not_found" // no such experiment or goal (in this channel)
	ECONFLICT = "conflict"  // the lifecycle forbids it in the current state
	EINTERNAL = "internal"  // a bug or an outage; never shown raw
	// EDUPLICATE marks a redelivered request whose effect is stored
	// already (see request.Delivery): the bot answers nothing.
	EDUPLICATE = "duplicate"
)

// Error is a domain error with a code and a message written for the user.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	return fmt.Sprintf("aimlater error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it is (or wraps) an *Error, and
// EINTERNAL for any other non-nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err, or a generic apology
// for internal errors, whose details must not reach users.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Sorry, something went wrong on our side. Please try again in a moment."
}

// ErrDuplicate reports a request whose effect is already stored: a
// redelivery (see package request). Nothing was changed; the caller
// answers nothing.
var ErrDuplicate = &Error{Code: EDUPLICATE, Message: "That was done already."}
