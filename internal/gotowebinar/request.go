package gotowebinar

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"time"

	"github.com/sirupsen/logrus"
)

// maxDrain bounds how much of an unread body we consume so the connection can be
// reused; beyond it closing (and losing the connection) is cheaper than reading.
const maxDrain = 64 << 10

const (
	transientBackoffBase = 500 * time.Millisecond
	transientBackoffMax  = 8 * time.Second
	rateBackoffBase      = time.Second
)

// call describes one logical API operation.
type call struct {
	op     string
	method string
	url    string
	body   any
	// idempotent requests are retried on 408/5xx/network errors. Set from the
	// method by newCall; PUT /copy overrides it because it creates a webinar.
	idempotent bool
}

func newCall(op, method, url string, body any) call {
	idem := method == http.MethodGet || method == http.MethodPut || method == http.MethodDelete
	return call{op: op, method: method, url: url, body: body, idempotent: idem}
}

// do runs cl with pacing, 429 back-off and retries, decoding a 2xx body into out
// (unless out is nil).
func (c *Client) do(ctx context.Context, cl call, out any) error {
	var body []byte
	if cl.body != nil {
		var err error
		if body, err = json.Marshal(cl.body); err != nil {
			return &Error{Op: cl.op, Err: fmt.Errorf("encode request: %w", err)}
		}
	}
	var rateWaited time.Duration
	failures, rateHits := 0, 0
	for {
		if err := c.pacer.wait(ctx); err != nil {
			return fmt.Errorf("gotowebinar: %s: %w", cl.op, err)
		}
		err := c.attempt(ctx, cl, body, out)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("gotowebinar: %s: %w", cl.op, ctx.Err())
		}
		var e *Error
		if !errors.As(err, &e) {
			return err
		}
		var wait time.Duration
		switch {
		case e.StatusCode == http.StatusTooManyRequests:
			// A 429 is refused before any work is done, so it is safe to repeat
			// for every method, POST included.
			rateHits++
			wait = e.RetryAfter
			if wait <= 0 {
				wait = backoff(rateBackoffBase, rateHits, c.maxRateWait)
			}
			if rateWaited+wait > c.maxRateWait || !c.fitsDeadline(ctx, wait) {
				e.RetryAfter = wait
				return e
			}
			rateWaited += wait
		case e.transient():
			failures++
			if failures >= c.maxAttempts || !(cl.idempotent || e.notSent) {
				return e
			}
			wait = backoff(transientBackoffBase, failures, transientBackoffMax)
		default:
			return e
		}
		c.log.WithFields(logrus.Fields{
			"op": cl.op, "status": e.StatusCode, "wait": wait.String(),
		}).Debug("retrying GoToWebinar request")
		if err := c.sleep(ctx, wait); err != nil {
			return fmt.Errorf("gotowebinar: %s: %w", cl.op, err)
		}
	}
}

// fitsDeadline reports whether waiting d still leaves the caller's deadline ahead.
func (c *Client) fitsDeadline(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return !ok || c.now().Add(d).Before(dl)
}

// attempt sends one HTTP request under its own deadline and reads the response fully
// before that deadline is released.
func (c *Client) attempt(ctx context.Context, cl call, body []byte, out any) error {
	actx, cancel := context.WithTimeout(ctx, c.attemptTimeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(actx, cl.method, cl.url, rd)
	if err != nil {
		return &Error{Op: cl.op, Err: fmt.Errorf("build request: %w", err)}
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return &Error{Op: cl.op, Err: err, notSent: isDialError(err)}
	}
	defer closeBody(resp.Body)
	if err := checkResponse(cl.op, resp, c.now()); err != nil {
		return err
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		e := &Error{Op: cl.op, StatusCode: resp.StatusCode, Err: fmt.Errorf("decode response: %w", err)}
		if actx.Err() != nil {
			// The attempt deadline cut the body short: a transport failure, not bad JSON.
			e.StatusCode = 0
		}
		return e
	}
	return nil
}

// closeBody drains a bounded amount so keep-alive connections are reused, then closes.
func closeBody(b io.ReadCloser) {
	_, _ = io.CopyN(io.Discard, b, maxDrain)
	_ = b.Close()
}

func isDialError(err error) bool {
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

// backoff returns base·2^(n-1) capped at max, with "equal jitter" (half fixed, half
// random) so simultaneous clients spread out but never retry immediately.
func backoff(base time.Duration, n int, max time.Duration) time.Duration {
	d := base
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	if max > 0 && d > max {
		d = max
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// getJSON is the common shape of the many read-only endpoints.
func getJSON[T any](ctx context.Context, c *Client, op, u string) (T, error) {
	var out T
	err := c.do(ctx, newCall(op, http.MethodGet, u, nil), &out)
	return out, err
}

// getObject is getJSON for endpoints that answer one object, returned by
// pointer (nil on error).
func getObject[T any](ctx context.Context, c *Client, op, u string) (*T, error) {
	out, err := getJSON[T](ctx, c, op, u)
	if err != nil {
		return nil, err
	}
	return &out, nil
}
