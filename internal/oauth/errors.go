package oauth

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"

	"golang.org/x/oauth2"
)

// ErrReauthorize matches (errors.Is) every failure that only a human can fix
// by re-authorizing the GoToWebinar credential in elastic.io. Retrying or
// rebounding the message cannot help.
var ErrReauthorize = errors.New("oauth: re-authorization required")

// ErrTransient matches (errors.Is) token-endpoint failures that may pass:
// transport errors, timeouts, 429 and 5xx answers.
var ErrTransient = errors.New("oauth: token endpoint temporarily unavailable")

// Reasons an [AuthError] carries in its Code field besides the RFC 6749 error
// codes answered by the token endpoint.
const (
	CodeNoRefreshToken = "no_refresh_token"
	CodeNoToken        = "no_token"
	CodeTokenRejected  = "token_rejected"
)

// AuthError is a permanent authorization failure. Its text never contains a
// token or secret, and never the token endpoint's response body.
type AuthError struct {
	// Op is the operation that failed, e.g. "refresh token".
	Op string
	// Code is the token endpoint's RFC 6749 error code (invalid_grant,
	// invalid_client, ...) or one of the Code* constants.
	Code string
	// Status is the HTTP status answered, 0 when no request was made.
	Status int
	// Reauthorize reports whether re-authorizing the credential fixes it;
	// it makes errors.Is(err, ErrReauthorize) true.
	Reauthorize bool
	// Err is the underlying error (often *oauth2.RetrieveError), kept for
	// errors.As; its text is deliberately not part of Error().
	Err error
}

// Error formats the failure as "oauth: <op>: <cause>" with advice.
func (e *AuthError) Error() string {
	const advice = "re-authorize the GoToWebinar credential"
	switch e.Code {
	case "invalid_grant":
		return "oauth: refresh token rejected (invalid_grant): " + advice
	case "invalid_client":
		return "oauth: client credentials rejected (invalid_client): check CITRIX_APP_ID and CITRIX_APP_SECRET, then " + advice
	case CodeNoRefreshToken:
		return "oauth: access token expired or rejected and no refresh token is stored: " + advice
	case CodeNoToken:
		return "oauth: credential holds no access_token or refresh_token: " + advice
	case CodeTokenRejected:
		return fmt.Sprintf("oauth: %s: access token rejected again after a refresh: %s", e.Op, advice)
	}
	msg := fmt.Sprintf("oauth: %s: token endpoint answered %d", e.Op, e.Status)
	if e.Code != "" {
		msg += " (" + e.Code + ")"
	}
	if e.Reauthorize {
		msg += ": " + advice
	}
	return msg
}

// Is makes errors.Is(err, ErrReauthorize) report Reauthorize.
func (e *AuthError) Is(target error) bool { return target == ErrReauthorize && e.Reauthorize }

// Unwrap returns the underlying error.
func (e *AuthError) Unwrap() error { return e.Err }

// Permanent reports that retrying the request cannot help: an HTTP client
// that sees this error from its transport must not try again (each try
// would ask the token endpoint again).
func (e *AuthError) Permanent() bool { return true }

// TransientError is a token-endpoint failure worth retrying later; it
// matches [ErrTransient].
type TransientError struct {
	// Op is the operation that failed, e.g. "refresh token".
	Op string
	// Status is the HTTP status answered, 0 for transport errors.
	Status int
	// Err is the underlying error.
	Err error
}

// Error formats the failure as "oauth: <op>: <cause>".
func (e *TransientError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("oauth: %s: token endpoint answered %d", e.Op, e.Status)
	}
	// Transport errors name the token URL (no secrets: the refresh token
	// travels in the body, the client secret in a header) and the cause.
	return fmt.Sprintf("oauth: %s: %v", e.Op, e.Err)
}

// Is makes errors.Is(err, ErrTransient) true.
func (e *TransientError) Is(target error) bool { return target == ErrTransient }

// Unwrap returns the underlying error.
func (e *TransientError) Unwrap() error { return e.Err }

// safeCode keeps an error code only when it looks like an RFC 6749 code, so a
// misbehaving server cannot smuggle arbitrary text into our messages.
var safeCode = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

// classify turns an error from the token source into AuthError or
// TransientError.
func classify(op string, err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return &TransientError{Op: op, Err: err}
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	code := re.ErrorCode
	if !safeCode.MatchString(code) {
		code = ""
	}
	switch {
	case code == "invalid_grant" || code == "invalid_client":
		return &AuthError{Op: op, Code: code, Status: status, Reauthorize: true, Err: err}
	case status >= 500 || status == http.StatusTooManyRequests || status == http.StatusRequestTimeout:
		return &TransientError{Op: op, Status: status, Err: err}
	}
	return &AuthError{Op: op, Code: code, Status: status, Err: err}
}
