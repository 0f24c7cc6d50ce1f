package gotowebinar

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Sentinel errors matched with errors.Is against an *Error.
var (
	// ErrNotFound matches HTTP 404 (unknown key, cancelled webinar).
	ErrNotFound = errors.New("gotowebinar: not found")
	// ErrConflict matches HTTP 409 (already registered, cancel while in session).
	ErrConflict = errors.New("gotowebinar: conflict")
	// ErrInvalidToken matches HTTP 403 with int_err_code InvalidToken.
	ErrInvalidToken = errors.New("gotowebinar: invalid token")
	// ErrRateLimited matches HTTP 429 left over after the in-process wait budget.
	ErrRateLimited = errors.New("gotowebinar: rate limited")
	// ErrValidation matches HTTP 400.
	ErrValidation = errors.New("gotowebinar: validation failed")
	// ErrTransient matches failures worth retrying later: 408, 429, 5xx (but 501),
	// network errors and per-attempt timeouts.
	ErrTransient = errors.New("gotowebinar: transient failure")
)

// maxErrorBody bounds how much of an error body is read, so a hostile or broken
// server cannot make us buffer megabytes.
const maxErrorBody = 64 << 10

// maxDescription bounds a non-JSON error body quoted in the message.
const maxDescription = 200

// Error is a failed GoToWebinar call: either a non-2xx response or a transport failure
// (StatusCode 0, Err set). Inspect it with errors.Is against the sentinels.
type Error struct {
	// Op is the operation, e.g. "create registrant".
	Op string
	// StatusCode is the HTTP status; 0 for transport failures.
	StatusCode int
	// Code is errorCode or int_err_code from the body.
	Code string
	// Description is description, msg or message from the body.
	Description string
	// Incident is the server's incident id, when given.
	Incident string
	// RetryAfter is how long to wait before trying again (429 only); set from
	// Retry-After or from our own back-off when the in-process budget ran out.
	RetryAfter time.Duration
	// Body is the raw (size-limited) body of a 409, which for a duplicate registrant
	// carries the existing registrantKey and joinUrl.
	Body []byte
	// Err is the transport or decoding cause, if any.
	Err error

	// notSent records a dial failure: the request provably never reached the server,
	// so even a POST may be retried.
	notSent bool
}

// Error formats as "gotowebinar: <operation>: <status> <code>: <description>".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("gotowebinar: ")
	b.WriteString(e.Op)
	b.WriteString(": ")
	if e.StatusCode == 0 {
		fmt.Fprint(&b, e.Err)
		return b.String()
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	desc := e.Description
	if desc == "" && e.Err != nil {
		desc = e.Err.Error()
	}
	if desc == "" {
		desc = http.StatusText(e.StatusCode)
	}
	b.WriteString(": " + desc)
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// Unwrap returns the transport or decoding cause.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether e belongs to the class named by one of the sentinels.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrInvalidToken:
		return e.StatusCode == http.StatusForbidden && e.Code == "InvalidToken"
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrValidation:
		return e.StatusCode == http.StatusBadRequest
	case ErrTransient:
		return e.transient()
	}
	return false
}

// permanentCause is implemented by transport errors that retrying cannot
// fix, such as a credential the token endpoint rejected (oauth.AuthError).
type permanentCause interface{ Permanent() bool }

func (e *Error) transient() bool {
	switch {
	case e.StatusCode == 0:
		var p permanentCause
		if errors.As(e.Err, &p) && p.Permanent() {
			return false
		}
		return e.Err != nil
	case e.StatusCode == http.StatusRequestTimeout, e.StatusCode == http.StatusTooManyRequests:
		return true
	case e.StatusCode == http.StatusNotImplemented:
		return false
	default:
		return e.StatusCode >= 500
	}
}

// ExistingRegistrant extracts the already registered registrant from a 409 body.
// ok is false when the body does not carry a registrantKey; callers then have to
// look the registrant up by email.
func (e *Error) ExistingRegistrant() (existing RegistrantCreated, ok bool) {
	if e.StatusCode != http.StatusConflict || len(e.Body) == 0 {
		return RegistrantCreated{}, false
	}
	if err := json.Unmarshal(e.Body, &existing); err != nil || existing.RegistrantKey == 0 {
		return RegistrantCreated{}, false
	}
	return existing, true
}

// errorBody is the union of the error shapes GoTo sends: the application shape
// (errorCode/description/incident), the token shape (int_err_code/msg) and the
// edge shape (errorCode/message).
type errorBody struct {
	ErrorCode   string          `json:"errorCode"`
	IntErrCode  string          `json:"int_err_code"`
	Description string          `json:"description"`
	Msg         string          `json:"msg"`
	Message     string          `json:"message"`
	Incident    json.RawMessage `json:"incident"`
}

// checkResponse returns nil for a 2xx response and an *Error otherwise. It reads at
// most maxErrorBody bytes; the caller still drains and closes the body.
func checkResponse(op string, resp *http.Response, now time.Time) error {
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		return nil
	}
	e := &Error{Op: op, StatusCode: resp.StatusCode}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	var eb errorBody
	if err := json.Unmarshal(body, &eb); err == nil {
		e.Code = cmp.Or(eb.ErrorCode, eb.IntErrCode)
		e.Description = cmp.Or(eb.Description, eb.Msg, eb.Message)
		e.Incident = rawText(eb.Incident)
	} else {
		e.Description = snippet(body)
	}
	if resp.StatusCode == http.StatusConflict {
		e.Body = body
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), now)
	}
	return e
}

// rawText turns a JSON string or number into plain text.
func rawText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if bytes.Equal(raw, []byte("null")) {
		return ""
	}
	return string(raw)
}

// snippet keeps a short, printable prefix of a non-JSON body for the message.
func snippet(body []byte) string {
	s := strings.TrimSpace(string(body))
	if len(s) > maxDescription {
		s = s[:maxDescription] + "…"
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// parseRetryAfter understands both forms of Retry-After: delta seconds and HTTP-date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
