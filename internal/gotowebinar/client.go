// Package gotowebinar is a typed client for the GoToWebinar REST API v2 and the admin
// "me" endpoint: int64 keys from numbers or strings, both pagination shapes, typed
// errors, pacing to GoTo's documented 10 requests/second, 429 back-off and retries of
// idempotent requests.
package gotowebinar

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/sirupsen/logrus"
)

// DefaultBaseURL is GoTo's API host; the client appends /G2W/rest/v2 and /admin/rest/v1.
const DefaultBaseURL = "https://api.getgo.com"

const (
	apiPath   = "/G2W/rest/v2"
	adminPath = "/admin/rest/v1"
)

// Client calls GoToWebinar on behalf of one credential. It is safe for concurrent use.
// Pacing state is per Client, so make one Client per credential and share it.
type Client struct {
	hc             *http.Client
	base           *url.URL
	now            func() time.Time
	sleep          func(context.Context, time.Duration) error
	pacer          *pacer
	maxAttempts    int
	maxRateWait    time.Duration
	attemptTimeout time.Duration
	log            *logrus.Entry
}

// config collects options before NewClient validates them.
type config struct {
	baseURL        string
	now            func() time.Time
	sleep          func(context.Context, time.Duration) error
	rate           float64
	burst          int
	maxAttempts    int
	maxRateWait    time.Duration
	attemptTimeout time.Duration
	log            *logrus.Entry
}

// Option configures a Client.
type Option func(*config)

// WithBaseURL replaces DefaultBaseURL; a path prefix (http://127.0.0.1:1234/prefix) is kept.
func WithBaseURL(u string) Option { return func(c *config) { c.baseURL = u } }

// WithClock injects time for pacing, back-off and Retry-After dates, so tests need not
// wait. sleep must return ctx.Err() early when ctx is done.
func WithClock(now func() time.Time, sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *config) { c.now, c.sleep = now, sleep }
}

// WithPacing sets the proactive request rate (default 10 per second, burst 1, which
// matches GoTo's spike-arrest style limit). perSecond <= 0 disables pacing.
func WithPacing(perSecond float64, burst int) Option {
	return func(c *config) { c.rate, c.burst = perSecond, burst }
}

// WithMaxRateLimitWait caps the total time one call waits in-process after 429s
// (default 10 s); past it the call fails with ErrRateLimited and RetryAfter set.
func WithMaxRateLimitWait(d time.Duration) Option { return func(c *config) { c.maxRateWait = d } }

// WithMaxAttempts sets how many times an idempotent request is tried on 408/5xx/network
// errors (default 3, minimum 1).
func WithMaxAttempts(n int) Option { return func(c *config) { c.maxAttempts = n } }

// WithAttemptTimeout sets the deadline of each HTTP attempt, body included (default 30 s).
func WithAttemptTimeout(d time.Duration) Option { return func(c *config) { c.attemptTimeout = d } }

// WithLogger sets the entry used for debug logs of retries and waits (default: discarded).
func WithLogger(l *logrus.Entry) Option { return func(c *config) { c.log = l } }

// NewClient returns a Client that sends requests through httpClient, which must already
// add authentication (and refresh tokens); the Client never sees a token.
func NewClient(httpClient *http.Client, opts ...Option) (*Client, error) {
	if httpClient == nil {
		return nil, errors.New("gotowebinar: new client: nil http client")
	}
	cfg := config{
		baseURL:        DefaultBaseURL,
		now:            time.Now,
		sleep:          sleepCtx,
		rate:           10,
		burst:          1,
		maxAttempts:    3,
		maxRateWait:    10 * time.Second,
		attemptTimeout: 30 * time.Second,
	}
	for _, o := range opts {
		o(&cfg)
	}
	base, err := url.Parse(cfg.baseURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("gotowebinar: new client: invalid base url %q", cfg.baseURL)
	}
	base.Path = strings.TrimRight(base.Path, "/")
	base.RawPath = strings.TrimRight(base.RawPath, "/")
	base.RawQuery, base.Fragment = "", ""
	if cfg.now == nil || cfg.sleep == nil {
		return nil, errors.New("gotowebinar: new client: clock needs both now and sleep")
	}
	if cfg.maxAttempts < 1 {
		cfg.maxAttempts = 1
	}
	if cfg.attemptTimeout <= 0 {
		return nil, errors.New("gotowebinar: new client: attempt timeout must be positive")
	}
	if cfg.log == nil {
		l := logrus.New()
		l.SetOutput(io.Discard)
		cfg.log = logrus.NewEntry(l)
	}
	return &Client{
		hc:             httpClient,
		base:           base,
		now:            cfg.now,
		sleep:          cfg.sleep,
		pacer:          newPacer(cfg.rate, cfg.burst, cfg.now, cfg.sleep),
		maxAttempts:    cfg.maxAttempts,
		maxRateWait:    cfg.maxRateWait,
		attemptTimeout: cfg.attemptTimeout,
		log:            cfg.log.WithField("component", "gotowebinar"),
	}, nil
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// apiURL builds base + /G2W/rest/v2 + segments; each segment is path-escaped, and Keys
// are written in decimal.
func (c *Client) apiURL(q url.Values, segments ...any) string {
	return c.buildURL(apiPath, q, segments...)
}

func (c *Client) buildURL(prefix string, q url.Values, segments ...any) string {
	u := *c.base
	// Path holds the decoded form and RawPath the escaped one, so a key such as
	// "a/b" stays one segment instead of being escaped twice or split.
	plain, escaped := u.Path+prefix, u.EscapedPath()+prefix
	for _, s := range segments {
		var seg string
		switch v := s.(type) {
		case Key:
			seg = v.String()
		case string:
			seg = v
		default:
			seg = fmt.Sprint(v)
		}
		plain += "/" + seg
		escaped += "/" + url.PathEscape(seg)
	}
	u.Path, u.RawPath = plain, escaped
	if len(q) > 0 {
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// formatTime renders a query time as GoTo wants it: RFC 3339 in UTC with Z.
func formatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

// timeRange is the fromTime/toTime query pair.
func timeRange(from, to time.Time) url.Values {
	q := url.Values{}
	if !from.IsZero() {
		q.Set("fromTime", formatTime(from))
	}
	if !to.IsZero() {
		q.Set("toTime", formatTime(to))
	}
	return q
}
