package oauth

import (
	"context"
	"errors"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R23: refreshes do not depend on the context of the message that created
// the credential or made an earlier call.
func TestRefreshOutlivesMessageContext(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	// Tokens the fake issues live 30 s, inside the 60 s margin: each one is
	// due for refresh as soon as it is issued, so the second message must
	// refresh again, after the first message's context is gone.
	f.set(func(f *fakeGoTo) { f.accessTTL = 30 * time.Second })
	cache, err := NewCache(opts)
	require.NoError(t, err)
	cfg := f.cfg(time.Now().Add(-time.Minute))

	first, cancel := context.WithCancel(t.Context())
	cred, err := cache.Get(first, cfg)
	require.NoError(t, err)
	status, _, err := call(first, cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)
	cancel()

	second := t.Context()
	cred2, err := cache.Get(second, cfg)
	require.NoError(t, err)
	require.Same(t, cred, cred2)
	status, _, err = call(second, cred2, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	_, refreshes := f.counts()
	assert.Equal(t, 2, refreshes)
}

// R23: a hanging token endpoint gives a transient error after the token
// request timeout, even when the caller's context has no deadline.
func TestHangingTokenEndpointTimesOut(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	f.set(func(f *fakeGoTo) { f.hang = make(chan struct{}) })
	opts.TokenTimeout = time.Second
	cred := mustCredential(t, f.cfg(time.Now().Add(-time.Minute)), opts)

	_, _, err := call(context.Background(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrTransient)
	var te *TransientError
	require.ErrorAs(t, err, &te)
	var netErr net.Error
	require.True(t, errors.As(te.Err, &netErr), "a network error, got %v", te.Err)
	assert.True(t, netErr.Timeout())
	assert.Zero(t, f.totalCalls())
}

// A caller waiting for someone else's slow refresh can give up with its own
// context without disturbing that refresh.
func TestWaitingCallerHonoursItsContext(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	release := make(chan struct{})
	f.set(func(f *fakeGoTo) { f.hang = release })
	cred := mustCredential(t, f.cfg(time.Now().Add(-time.Minute)), opts)

	refreshing := make(chan error, 1)
	go func() {
		_, err := cred.Token(context.Background())
		refreshing <- err
	}()
	require.Eventually(t, func() bool { n, _ := f.counts(); return n == 1 }, 5*time.Second, 5*time.Millisecond)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := cred.Token(ctx)
	assert.ErrorIs(t, err, context.Canceled)

	// Let the slow refresh go on: the endpoint answers normally now.
	f.set(func(f *fakeGoTo) { f.hang = nil })
	close(release)
	err = <-refreshing
	assert.ErrorIs(t, err, ErrTransient, "the released request got an empty answer")
	_, err = cred.Token(t.Context())
	assert.NoError(t, err)
}

// Early refresh: a token expiring within the margin is refreshed, one
// expiring beyond it is not.
func TestMarginDecidesEarlyRefresh(t *testing.T) {
	t.Parallel()
	margin := 60 * time.Second
	tests := []struct {
		name      string
		expiresIn time.Duration
		refreshes int
	}{
		{"within margin", margin - time.Second, 1},
		{"beyond margin", margin + 5*time.Second, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, opts, rec, _ := setup(t)
			opts.Margin = margin
			cfg := f.cfg(time.Now().Add(tt.expiresIn))
			// Epoch milliseconds: no rounding of the stored expiry.
			cfg["oauth"].(map[string]any)["expires_at"] = time.Now().Add(tt.expiresIn).UnixMilli()
			cred := mustCredential(t, cfg, opts)

			status, _, err := call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, status)
			_, refreshes := f.counts()
			assert.Equal(t, tt.refreshes, refreshes)
			assert.Len(t, rec.stored(), tt.refreshes)
		})
	}
}

// Without expires_at (only a relative expires_in) the expiry is unknown: the
// token is used until the API rejects it, then refreshed once.
func TestUnknownExpiryUsedUntilRejected(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	cfg := f.cfg(time.Now().Add(time.Hour))
	oauthObj := cfg["oauth"].(map[string]any)
	delete(oauthObj, "expires_at")
	cred := mustCredential(t, cfg, opts)

	status, _, err := call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	tokenRequests, _ := f.counts()
	assert.Zero(t, tokenRequests)

	f.revokeAccess(oauthObj["access_token"].(string))
	status, _, err = call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	_, refreshes := f.counts()
	assert.Equal(t, 1, refreshes)
}
