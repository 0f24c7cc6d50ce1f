package platform

import (
	"context"
	"net"
	"net/http"
	"time"
)

// sharedTransport is reused by every default client so that calls from all
// clients of the process share one keep-alive connection pool.
var sharedTransport = &http.Transport{
	Proxy: http.ProxyFromEnvironment,
	DialContext: (&net.Dialer{
		Timeout:   10 * time.Second,
		KeepAlive: 30 * time.Second,
	}).DialContext,
	ForceAttemptHTTP2:     true,
	MaxIdleConns:          100,
	MaxIdleConnsPerHost:   10,
	IdleConnTimeout:       90 * time.Second,
	TLSHandshakeTimeout:   10 * time.Second,
	ExpectContinueTimeout: time.Second,
}

// DefaultHTTPClient returns an http.Client over the package's shared
// keep-alive transport. It has no overall timeout: every call sets its own
// per-attempt deadline through the request context.
func DefaultHTTPClient() *http.Client {
	return &http.Client{Transport: sharedTransport}
}

// SleepFunc waits for d or until ctx is done, returning ctx.Err() in the
// latter case. Tests replace it to make retry delays instant.
type SleepFunc func(ctx context.Context, d time.Duration) error

// sleepContext is the real SleepFunc.
func sleepContext(ctx context.Context, d time.Duration) error {
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

// withoutRedirects returns a copy of hc that hands 3xx answers back instead
// of following them: a redirected POST would turn into a GET whose 200 could
// pass for a delivered result, and platform endpoints do not redirect.
func withoutRedirects(hc *http.Client) *http.Client {
	if hc == nil {
		hc = DefaultHTTPClient()
	}
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}
