package oauth

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R20: with rotation that revokes the old refresh token, the new pair is
// persisted once, before any request uses it, and a credential rebuilt from
// the persisted object (a restart) can refresh again.
func TestRotatedRefreshTokenPersistedBeforeUse(t *testing.T) {
	t.Parallel()
	f, opts, rec, _ := setup(t)
	f.set(func(f *fakeGoTo) { f.rotate = rotateRevoke })
	cfg := f.cfg(time.Now().Add(-time.Minute))
	oldRefresh := cfg["oauth"].(map[string]any)["refresh_token"].(string)
	before := time.Now()

	cred := mustCredential(t, cfg, opts)
	status, _, err := call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status)

	stored := rec.stored()
	require.Len(t, stored, 1)
	obj := stored[0]
	assert.Zero(t, rec.usedBefore[0], "no request used the new token before it was persisted")
	assert.NotEqual(t, cfg["oauth"].(map[string]any)["access_token"], obj["access_token"])
	newRefresh, _ := obj["refresh_token"].(string)
	assert.NotEqual(t, oldRefresh, newRefresh)
	assert.True(t, f.refreshValid(newRefresh))
	assert.False(t, f.refreshValid(oldRefresh), "the fake revoked the old refresh token")
	assert.EqualValues(t, 3600, obj["expires_in"])
	expiresAt, err := time.Parse(time.RFC3339, obj["expires_at"].(string))
	require.NoError(t, err, "expires_at is absolute RFC 3339")
	assert.WithinDuration(t, before.Add(time.Hour), expiresAt, 10*time.Second)
	assert.Equal(t, "kept as is", obj["custom_field"], "unknown fields survive")
	assert.Equal(t, 1, f.calls(obj["access_token"].(string)))

	// Restart: the platform hands the persisted keys back; the access token
	// is rejected (revoked), which forces a refresh with the rotated token.
	f.revokeAccess(obj["access_token"].(string))
	restarted := mustCredential(t, map[string]any{"_account": "account-1", "oauth": obj}, opts)
	status, _, err = call(t.Context(), restarted, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	_, refreshes := f.counts()
	assert.Equal(t, 2, refreshes)
	require.Len(t, rec.stored(), 2)
}

// R20 variant: a refresh response without refresh_token keeps the old one in
// the persisted object.
func TestRefreshWithoutRefreshTokenKeepsOld(t *testing.T) {
	t.Parallel()
	f, opts, rec, _ := setup(t)
	f.set(func(f *fakeGoTo) { f.rotate = rotateOmit })
	cfg := f.cfg(time.Now().Add(-time.Minute))
	oldRefresh := cfg["oauth"].(map[string]any)["refresh_token"]

	cred := mustCredential(t, cfg, opts)
	status, _, err := call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)

	stored := rec.stored()
	require.Len(t, stored, 1)
	assert.Equal(t, oldRefresh, stored[0]["refresh_token"])
	assert.Equal(t, "o@example.com", stored[0]["principal"])
	assert.Equal(t, "kept as is", stored[0]["custom_field"])
}

// A failed persist keeps the new token from every request; the next caller
// persists it without another refresh.
func TestPersistFailureWithholdsToken(t *testing.T) {
	t.Parallel()
	f, opts, rec, _ := setup(t)
	f.set(func(f *fakeGoTo) { f.rotate = rotateRevoke })
	rec.fail = errors.New("platform: put account: 503")
	cred := mustCredential(t, f.cfg(time.Now().Add(-time.Minute)), opts)

	_, _, err := call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "oauth: persist refreshed token: platform: put account: 503")
	assert.Zero(t, f.totalCalls(), "no API call without a persisted token")

	status, _, err := call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	_, refreshes := f.counts()
	assert.Equal(t, 1, refreshes, "the refreshed token was kept, not refreshed again")
	require.Len(t, rec.stored(), 1)
	assert.Zero(t, rec.usedBefore[0])
}

// Persist receives the context of the request that caused the refresh, so
// the component can reach that message's emitter.
func TestPersistGetsRequestContext(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	type key struct{}
	var got any
	opts.Persist = func(ctx context.Context, _ map[string]any) error {
		got = ctx.Value(key{})
		return nil
	}
	cred := mustCredential(t, f.cfg(time.Now().Add(-time.Minute)), opts)
	ctx := context.WithValue(t.Context(), key{}, "message-42")
	_, err := cred.Token(ctx)
	require.NoError(t, err)
	assert.Equal(t, "message-42", got)
}
