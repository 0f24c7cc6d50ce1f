package gotowebinar

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientValidates(t *testing.T) {
	t.Parallel()
	_, err := NewClient(nil)
	assert.Error(t, err)
	_, err = NewClient(http.DefaultClient, WithBaseURL("not a url"))
	assert.Error(t, err)
	_, err = NewClient(http.DefaultClient, WithAttemptTimeout(0))
	assert.Error(t, err)
	c, err := NewClient(http.DefaultClient)
	require.NoError(t, err)
	assert.Equal(t, "https://api.getgo.com/G2W/rest/v2/organizers/1/webinars", c.apiURL(nil, "organizers", Key(1), "webinars"))
}

func TestBaseURLTrailingSlashAndPrefix(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.mux.HandleFunc(webinarPath, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"subject":"s"}`)
	})
	c, err := NewClient(env.server.Client(), WithBaseURL(env.server.URL+basePath+"/"))
	require.NoError(t, err)
	got, err := c.Webinar(t.Context(), orgKey, wbKey)
	require.NoError(t, err)
	assert.Equal(t, "s", got.Subject)
}

func TestPathSegmentsAreEscaped(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var rawPath string
	env.mux.HandleFunc("/G2W/rest/v2/webhooks/", func(w http.ResponseWriter, r *http.Request) {
		rawPath = r.URL.EscapedPath()
		writeJSON(w, 200, `{"webhookKey":"a/b"}`)
	})
	_, err := env.client.Webhook(t.Context(), "a/b")
	require.NoError(t, err)
	assert.Equal(t, "/G2W/rest/v2/webhooks/a%2Fb", rawPath)
}

func TestPacingSpacesRequests(t *testing.T) {
	t.Parallel()
	env := setup(t) // default: 10 per second, burst 1
	env.mux.HandleFunc(webinarPath, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
	start := env.clock.Now()
	for range 21 {
		_, err := env.client.Webinar(t.Context(), orgKey, wbKey)
		require.NoError(t, err)
	}
	// 21 requests at 10/s need at least 2 s of (virtual) time between first and last.
	assert.GreaterOrEqual(t, env.clock.Now().Sub(start), 2*time.Second-time.Millisecond)
	for _, d := range env.clock.Slept() {
		assert.LessOrEqual(t, d, 100*time.Millisecond+time.Millisecond)
	}
}

func TestPacingDisabled(t *testing.T) {
	t.Parallel()
	env := setup(t, WithPacing(0, 0))
	env.mux.HandleFunc(webinarPath, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{}`) })
	for range 5 {
		_, err := env.client.Webinar(t.Context(), orgKey, wbKey)
		require.NoError(t, err)
	}
	assert.Empty(t, env.clock.Slept())
}

func TestDialFailureIsTransientAndSafeToRetryEvenForPOST(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close()) // nothing listens there now

	clock := newFakeClock()
	var dials atomic.Int32
	tr := &http.Transport{DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
		dials.Add(1)
		var d net.Dialer
		return d.DialContext(ctx, network, a)
	}}
	c, err := NewClient(&http.Client{Transport: tr}, WithBaseURL("http://"+addr+"/p"), WithClock(clock.Now, clock.Sleep))
	require.NoError(t, err)

	_, err = c.CreateRegistrant(t.Context(), orgKey, wbKey, RegistrantCreate{Email: "a@example.com"}, false)
	assert.ErrorIs(t, err, ErrTransient)
	assert.EqualValues(t, 3, dials.Load(), "a request that never left is retried")
}
