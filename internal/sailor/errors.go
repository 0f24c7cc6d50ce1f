package sailor

import (
	"errors"
	"fmt"
)

// nodeError carries an error text exactly as the Node sailor words it, for
// the texts users meet in the platform's error view ("Rebound limit
// exceeded", "Outgoing message size ..."). Keeping them identical keeps
// searches and runbooks working after a move to this runtime.
type nodeError struct {
	msg   string
	cause error
}

func (e *nodeError) Error() string { return e.msg }
func (e *nodeError) Unwrap() error { return e.cause }

func nodeErrorf(cause error, format string, args ...any) error {
	return &nodeError{msg: fmt.Sprintf(format, args...), cause: cause}
}

// reportedError marks an error that was already published as an error
// event, so that a handler returning it does not cause a second one.
type reportedError struct{ err error }

func (e *reportedError) Error() string { return e.err.Error() }
func (e *reportedError) Unwrap() error { return e.err }

func isReported(err error) bool {
	var r *reportedError
	return errors.As(err, &r)
}

// PanicError is what a recovered handler panic becomes.
type PanicError struct {
	Value any
	Stack string
}

func (e *PanicError) Error() string { return fmt.Sprintf("handler panicked: %v", e.Value) }

// ErrorName lets an error choose the "name" field of the error event; the
// default is "Error", as for a plain JavaScript Error.
type ErrorName interface {
	ErrorName() string
}

// errorPayload is the decrypted content of the "error" field of an error
// event (sailor-protocol.md 5.6).
type errorPayload struct {
	Name    string `json:"name"`
	Message string `json:"message"`
	Stack   string `json:"stack"`
}

func newErrorPayload(err error) errorPayload {
	p := errorPayload{Name: "Error", Message: "Not Available", Stack: "Not Available"}
	if err == nil {
		return p
	}
	if msg := err.Error(); msg != "" {
		p.Message = msg
	}
	var named ErrorName
	if errors.As(err, &named) && named.ErrorName() != "" {
		p.Name = named.ErrorName()
	}
	var pe *PanicError
	if errors.As(err, &pe) && pe.Stack != "" {
		p.Stack = pe.Stack
	}
	return p
}

func (p errorPayload) json() []byte {
	b, _ := marshalJSON(p) // three strings cannot fail to encode
	return b
}
