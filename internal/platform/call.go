package platform

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/sirupsen/logrus"
)

// call is one logical request; it is rebuilt for every attempt.
type call struct {
	op     string
	method string
	url    string // absolute, without userinfo
	body   []byte // nil for no body
	header http.Header
	limit  int64
	accept func(status int) bool
	// secrets are call-specific values (e.g. new credential keys) that
	// must not come back in an error if the server echoes the request.
	secrets []string
}

// policy says how many attempts a call gets and how long to wait before
// retry n (n = 1 for the first retry).
type policy struct {
	attempts int
	delay    func(n int) time.Duration
}

// fixedDelay returns a policy delay that always waits d.
func fixedDelay(d time.Duration) func(int) time.Duration {
	return func(int) time.Duration { return d }
}

// isSuccess accepts any 2xx status.
func isSuccess(status int) bool { return status >= 200 && status < 300 }

// doer executes calls with per-attempt deadlines, bounded reads and
// retries. Client and ObjectStorage each own one.
type doer struct {
	http    *http.Client
	timeout time.Duration
	sleep   SleepFunc
	log     *logrus.Entry
	redact  redactor
}

// do runs c until it succeeds, fails permanently or p.attempts are used up,
// and returns the response body of the successful attempt.
func (d *doer) do(ctx context.Context, c call, p policy) ([]byte, error) {
	for n := 1; ; n++ {
		body, apiErr := d.attempt(ctx, c)
		if apiErr == nil {
			return body, nil
		}
		if !apiErr.temporary || n >= p.attempts || ctx.Err() != nil {
			return nil, apiErr
		}
		wait := p.delay(n)
		d.log.WithFields(logrus.Fields{
			"op":      c.op,
			"attempt": n,
			"delay":   wait.String(),
			"error":   apiErr.Error(),
		}).Warn("platform: request failed, retrying")
		if err := d.sleep(ctx, wait); err != nil {
			apiErr.Message += fmt.Sprintf(" (retry abandoned: %v)", err)
			apiErr.Err = err
			apiErr.temporary = false
			return nil, apiErr
		}
	}
}

// attempt sends c once under its own deadline.
func (d *doer) attempt(ctx context.Context, c call) ([]byte, *APIError) {
	actx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()

	req, err := d.newRequest(actx, c)
	if err != nil {
		return nil, d.fail(c, 0, "cannot build request: "+err.Error(), nil, false)
	}
	resp, err := d.http.Do(req)
	if err != nil {
		return nil, d.transportFailure(ctx, actx, c, err)
	}
	defer drainAndClose(resp.Body)

	if !c.accept(resp.StatusCode) {
		data, _, _ := readLimited(resp, defaultBodyLimit)
		return nil, d.fail(c, resp.StatusCode, bodyMessage(data), nil, resp.StatusCode >= 500)
	}
	data, full, err := readLimited(resp, c.limit)
	switch {
	case err != nil:
		return nil, d.transportFailure(ctx, actx, c, err)
	case !full:
		msg := fmt.Sprintf("response body exceeds %d bytes", c.limit)
		return nil, d.fail(c, 0, msg, ErrBodyTooLarge, false)
	}
	return data, nil
}

// newRequest builds the HTTP request for one attempt.
func (d *doer) newRequest(ctx context.Context, c call) (*http.Request, error) {
	var req *http.Request
	var err error
	if c.body != nil {
		req, err = http.NewRequestWithContext(ctx, c.method, c.url, bytes.NewReader(c.body))
	} else {
		req, err = http.NewRequestWithContext(ctx, c.method, c.url, nil)
	}
	if err != nil {
		return nil, err
	}
	for k, vs := range c.header {
		req.Header[k] = append([]string(nil), vs...)
	}
	req.Header.Set("Connection", "Keep-Alive")
	return req, nil
}

// transportFailure classifies an error that happened before or while
// reading the response. Only the caller's cancellation is final; attempt
// timeouts and network errors are retried. The cause is kept only as text
// (redacted): wrapped transport errors may quote proxy or request URLs.
func (d *doer) transportFailure(ctx, actx context.Context, c call, err error) *APIError {
	switch {
	case ctx.Err() != nil:
		return d.fail(c, 0, ctx.Err().Error(), ctx.Err(), false)
	case errors.Is(actx.Err(), context.DeadlineExceeded):
		msg := fmt.Sprintf("no complete response within %s", d.timeout)
		return d.fail(c, 0, msg, context.DeadlineExceeded, true)
	default:
		// url.Error repeats the whole request URL; the APIError already
		// carries the sanitised one.
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return d.fail(c, 0, err.Error(), nil, true)
	}
}

// fail builds the APIError for c with secrets removed from msg.
func (d *doer) fail(c call, status int, msg string, cause error, temporary bool) *APIError {
	return &APIError{
		Op:         c.op,
		Method:     c.method,
		URL:        sanitizeURL(c.url),
		StatusCode: status,
		Message:    newRedactor(c.secrets...).apply(d.redact.apply(msg)),
		Err:        cause,
		temporary:  temporary,
	}
}
