package platform

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// ErrBodyTooLarge is wrapped by the error of a call whose successful
// response body exceeded the call's size limit. It is not retried.
var ErrBodyTooLarge = errors.New("response body too large")

// ErrMissingAccountID is wrapped by UpdateAccount when the account id
// (cfg._account) is empty.
var ErrMissingAccountID = errors.New("account id is missing")

// ErrNoKeys is wrapped by UpdateAccount when there are no keys to store;
// sending an empty key set could wipe the stored credential.
var ErrNoKeys = errors.New("no keys to update")

// maxMessageLen bounds the part of a response body quoted in an error.
const maxMessageLen = 512

// APIError reports a failed platform call: either an HTTP status the call
// does not accept (StatusCode set) or a failure without one (StatusCode 0:
// network error, attempt timeout, cancelled context, oversized body).
// URL is sanitised (no credentials, query or fragment) and Message has every
// known secret redacted, so the error can be logged or published as is.
type APIError struct {
	// Op names the operation, e.g. "get step data".
	Op string
	// Method is the HTTP method of the failed request.
	Method string
	// URL is the sanitised request URL.
	URL string
	// StatusCode is the rejected HTTP status, or 0 when the failure is not
	// about the status (no response, oversized body).
	StatusCode int
	// Message is the server's error text (from a JSON "error"/"message"
	// field, else the truncated body) or the transport failure.
	Message string
	// Err is the underlying cause when there was one (context errors,
	// ErrBodyTooLarge, network errors); it never carries a secret-bearing URL.
	Err error

	temporary bool
}

// Error formats the failure as "platform: <op>: <method> <url>: <cause>".
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "platform: %s: %s %s", e.Op, e.Method, e.URL)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": status %d", e.StatusCode)
		if text := http.StatusText(e.StatusCode); text != "" {
			b.WriteString(" " + text)
		}
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// Unwrap returns the underlying cause, so errors.Is(err,
// context.DeadlineExceeded) and errors.Is(err, ErrBodyTooLarge) work.
func (e *APIError) Unwrap() error { return e.Err }

// Temporary reports whether the failure is worth retrying later: a network
// error, an attempt timeout or a 5xx answer. Client errors (4xx), oversized
// bodies and cancellations by the caller are not.
func (e *APIError) Temporary() bool { return e.temporary }

// sanitizeURL drops everything from a URL that may carry a secret: userinfo,
// query and fragment.
func sanitizeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<unparsable URL>"
	}
	u.User = nil
	u.RawQuery = ""
	u.ForceQuery = false
	u.Fragment = ""
	u.RawFragment = ""
	return u.String()
}

// bodyMessage extracts a human-readable message from an error response:
// the JSON "error" or "message" field when present, else the body text.
func bodyMessage(body []byte) string {
	var obj map[string]any
	if json.Unmarshal(body, &obj) == nil {
		for _, key := range []string{"error", "message", "errorMessage"} {
			switch v := obj[key].(type) {
			case string:
				if v != "" {
					return truncate(v)
				}
			case map[string]any:
				if m, ok := v["message"].(string); ok && m != "" {
					return truncate(m)
				}
			}
		}
	}
	return truncate(strings.TrimSpace(string(body)))
}

// truncate shortens s to maxMessageLen bytes on a rune boundary and makes it
// valid UTF-8, so a hostile body cannot flood logs.
func truncate(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= maxMessageLen {
		return s
	}
	cut := maxMessageLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
