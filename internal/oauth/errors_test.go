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

// R22: a refresh token the server rejects is an error asking for
// re-authorization, after exactly one token request.
func TestInvalidGrantAsksForReauthorization(t *testing.T) {
	t.Parallel()
	f, opts, rec, _ := setup(t)
	cfg := f.cfg(time.Now().Add(-time.Minute))
	cfg["oauth"].(map[string]any)["refresh_token"] = "REFRESHTOKEN-unknown-000"

	cred := mustCredential(t, cfg, opts)
	_, _, err := call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrReauthorize)
	assert.NotErrorIs(t, err, ErrTransient)
	var ae *AuthError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "invalid_grant", ae.Code)
	assert.Contains(t, err.Error(), "oauth: refresh token rejected (invalid_grant): re-authorize the GoToWebinar credential")
	tokenRequests, _ := f.counts()
	assert.Equal(t, 1, tokenRequests)
	assert.Zero(t, f.totalCalls())
	assert.Empty(t, rec.stored())
}

// R22: wrong client credentials are reported once (AuthStyle is explicit, so
// oauth2 does not probe again with the refresh token in the body).
func TestInvalidClientAsksForReauthorization(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	conf, err := NewConfig(testClientID, "wrong-secret", f.baseURL())
	require.NoError(t, err)
	opts.Config = conf
	cred := mustCredential(t, f.cfg(time.Now().Add(-time.Minute)), opts)

	_, err = cred.Token(t.Context())
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrReauthorize)
	assert.Contains(t, err.Error(), "invalid_client")
	assert.Contains(t, err.Error(), "CITRIX_APP_SECRET")
	assert.NotContains(t, err.Error(), "wrong-secret")
	tokenRequests, _ := f.counts()
	assert.Equal(t, 1, tokenRequests)
}

// R22: an expired credential without a refresh token fails without any token
// request.
func TestNoRefreshTokenAsksForReauthorization(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	cfg := f.cfg(time.Now().Add(-time.Minute))
	delete(cfg["oauth"].(map[string]any), "refresh_token")
	cred := mustCredential(t, cfg, opts)

	_, _, err := call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrReauthorize)
	assert.Contains(t, err.Error(), "re-authorize the GoToWebinar credential")
	tokenRequests, _ := f.counts()
	assert.Zero(t, tokenRequests)
	assert.Zero(t, f.totalCalls())
}

// R22: a rejected token without a refresh token cannot be refreshed either.
func TestRejectedTokenWithoutRefreshToken(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	cfg := f.cfg(time.Now().Add(time.Hour))
	oauthObj := cfg["oauth"].(map[string]any)
	delete(oauthObj, "refresh_token")
	f.revokeAccess(oauthObj["access_token"].(string))
	cred := mustCredential(t, cfg, opts)

	_, _, err := call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	assert.ErrorIs(t, err, ErrReauthorize)
	tokenRequests, _ := f.counts()
	assert.Zero(t, tokenRequests)
	assert.Equal(t, 1, f.totalCalls())
}

// After invalid_grant the stored credential is re-read once; a refresh token
// rotated by another replica is used.
func TestInvalidGrantReloadsRotatedCredential(t *testing.T) {
	t.Parallel()
	f, opts, rec, _ := setup(t)
	f.set(func(f *fakeGoTo) { f.rotate = rotateRevoke })
	cfg := f.cfg(time.Now().Add(-time.Minute))
	// Another replica refreshed first: our refresh token is now revoked and
	// the platform holds the new pair.
	other := mustCredential(t, cfg, Options{Config: opts.Config})
	newer, err := other.Token(t.Context())
	require.NoError(t, err)
	reloads := 0
	opts.Reload = func(context.Context) (map[string]any, error) {
		reloads++
		return map[string]any{"oauth": map[string]any{
			"access_token":  newer.AccessToken,
			"refresh_token": newer.RefreshToken,
			// Stored as expired, so it is refreshed with the rotated token.
			"expires_at": time.Now().Add(-time.Second).Unix(),
		}}, nil
	}
	cred := mustCredential(t, cfg, opts)

	status, _, err := call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, 1, reloads)
	tokenRequests, _ := f.counts()
	assert.Equal(t, 3, tokenRequests, "other replica, our rejected refresh, our retry")
	require.Len(t, rec.stored(), 1, "only our own new token is persisted")
	assert.NotEqual(t, newer.RefreshToken, rec.stored()[0]["refresh_token"])
}

// An unchanged stored credential after invalid_grant means no retry.
func TestInvalidGrantReloadUnchangedNoRetry(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	cfg := f.cfg(time.Now().Add(-time.Minute))
	oauthObj := cfg["oauth"].(map[string]any)
	oauthObj["refresh_token"] = "REFRESHTOKEN-unknown-001"
	reloads := 0
	opts.Reload = func(context.Context) (map[string]any, error) {
		reloads++
		return cfg, nil
	}
	cred := mustCredential(t, cfg, opts)

	_, err := cred.Token(t.Context())
	assert.ErrorIs(t, err, ErrReauthorize)
	assert.Equal(t, 1, reloads)
	tokenRequests, _ := f.counts()
	assert.Equal(t, 1, tokenRequests)
}

// 5xx from the token endpoint is transient.
func TestTokenEndpoint5xxIsTransient(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	f.set(func(f *fakeGoTo) { f.tokenStatus = http.StatusServiceUnavailable })
	cred := mustCredential(t, f.cfg(time.Now().Add(-time.Minute)), opts)

	_, err := cred.Token(t.Context())
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrTransient)
	assert.NotErrorIs(t, err, ErrReauthorize)
	assert.Equal(t, "oauth: refresh token: token endpoint answered 503", err.Error())

	// It passes: the next call refreshes.
	f.set(func(f *fakeGoTo) { f.tokenStatus = 0 })
	_, err = cred.Token(t.Context())
	assert.NoError(t, err)
}

// An unreachable token endpoint is transient.
func TestUnreachableTokenEndpointIsTransient(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	cfg := f.cfg(time.Now().Add(-time.Minute))
	f.srv.Close()
	cred := mustCredential(t, cfg, opts)

	_, err := cred.Token(t.Context())
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrTransient)
	var opErr *net.OpError
	assert.True(t, errors.As(err, &opErr), "the transport error is kept: %v", err)
}
