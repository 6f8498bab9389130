// Package tarn holds the types every part of Tarn shares: the one user-facing
// error type and the clock. Each area (lake, engine, governance, agent, bot,
// charts) keeps its own domain types at the root of its own package.
package tarn

import (
	"errors"
	"fmt"
)

// Error codes say what kind of failure a person is looking at. They map onto
// exit codes in the CLI and status codes over HTTP.
const (
	EINVALID   = "invalid"   // the request itself is wrong (bad SQL, bad flag)
	ENOTFOUND  = "not_found" // a table, column, snapshot or principal does not exist
	EFORBIDDEN = "forbidden" // governance or the SQL guard refused
	ECONFLICT  = "conflict"  // a concurrent change won; retry may succeed
	ETIMEOUT   = "timeout"   // a deadline or limit was reached
	ELIMIT     = "limit"     // a size limit (rows, memory) was reached
	EINTERNAL  = "internal"  // a bug or an unexpected failure below Tarn
)

// Error is the one error type whose Message may be shown to a person: in a
// chat reply, on the terminal, in an HTTP response. Message never holds PII,
// stack traces or other users' SQL; Hint says what to do next. Err keeps the
// internal cause for logs and errors.Is.
type Error struct {
	Code    string
	Message string
	Hint    string
	Err     error
}

func (e *Error) Error() string {
	s := e.Message
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	if e.Err != nil && e.Message == "" {
		return e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds a user-facing error with a code and a message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap builds a user-facing error around an internal cause, so that
// errors.Is still finds the cause's sentinel.
func Wrap(err error, code, hint, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Hint: hint, Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns what may be shown to a person about err: the message and
// hint of the first *Error in the chain, or a generic sentence for internal
// errors, whose text may hold details that are not for chat.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		if e.Hint != "" {
			return e.Message + " " + e.Hint
		}
		return e.Message
	}
	if err == nil {
		return ""
	}
	return "Something went wrong inside Tarn; the operators have the details."
}

// ErrorHint returns the hint (what to do) of the first *Error in err's
// chain, or "".
func ErrorHint(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Hint
	}
	return ""
}
