package component

import (
	"errors"
	"fmt"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/oauth"
)

// inputError is a problem with what the user gave the step: a missing or
// malformed field. Retrying cannot fix it.
type inputError struct {
	field string
	msg   string
}

func (e *inputError) Error() string {
	return fmt.Sprintf("%s: %s", e.field, e.msg)
}

// ErrorName makes the error view show what kind of failure this is.
func (e *inputError) ErrorName() string { return "ValidationError" }

func missingField(field string) error {
	return &inputError{field: field, msg: "is required: set it in the step or send it in the message body"}
}

func invalidField(field, why string) error {
	return &inputError{field: field, msg: why}
}

// permanentError is a failure that will not go away by itself.
type permanentError struct{ err error }

func (e *permanentError) Error() string     { return e.err.Error() }
func (e *permanentError) Unwrap() error     { return e.err }
func (e *permanentError) ErrorName() string { return "GoToWebinarError" }

func permanent(err error) error { return &permanentError{err: err} }

// transientError is a failure the platform should retry later: it becomes
// a rebound, so the message comes back after a delay instead of failing.
type transientError struct{ err error }

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

// explain turns what the client or the OAuth chain returned into an error
// that tells the user what happened and what to do; transient ones are
// marked for a rebound.
func explain(err error, what string) error {
	if err == nil {
		return nil
	}
	var inErr *inputError
	if errors.As(err, &inErr) {
		return err
	}
	if errors.Is(err, oauth.ErrReauthorize) {
		return permanent(fmt.Errorf("%s: the GoToWebinar credential is no longer valid; re-authorize it in elastic.io (%w)", what, err))
	}
	if errors.Is(err, oauth.ErrTransient) {
		return &transientError{err: fmt.Errorf("%s: %w", what, err)}
	}
	var apiErr *gotowebinar.Error
	if !errors.As(err, &apiErr) {
		return permanent(fmt.Errorf("%s: %w", what, err))
	}
	switch {
	case errors.Is(err, gotowebinar.ErrTransient):
		return &transientError{err: fmt.Errorf("%s: GoToWebinar is unavailable or busy: %w", what, err)}
	case errors.Is(err, gotowebinar.ErrInvalidToken):
		return permanent(fmt.Errorf("%s: GoToWebinar rejected the access token even after a refresh; re-authorize the credential in elastic.io", what))
	case errors.Is(err, gotowebinar.ErrNotFound):
		return permanent(fmt.Errorf("%s: not found in GoToWebinar (check the keys): %s", what, describe(apiErr)))
	case errors.Is(err, gotowebinar.ErrValidation):
		return permanent(fmt.Errorf("%s: GoToWebinar refused the input: %s", what, describe(apiErr)))
	}
	return permanent(fmt.Errorf("%s: %w", what, err))
}

func describe(e *gotowebinar.Error) string {
	if e.Description != "" {
		if e.Code != "" {
			return e.Code + ": " + e.Description
		}
		return e.Description
	}
	return e.Error()
}
