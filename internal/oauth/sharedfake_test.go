package oauth

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

// Cross-check against the project's independently written GoToWebinar fake:
// a call with the stored token, a token the API stops accepting, single-use
// refresh tokens persisted and reused after a restart. (The organizer lookup
// is checked against it in internal/component.)
func TestAgainstSharedFake(t *testing.T) {
	t.Parallel()
	srv := fake.New(fake.Options{NoSeedData: true, NoRateLimit: true, Rotation: fake.RotateRevokeOld})
	mux := http.NewServeMux()
	mux.Handle("/gotofake/", http.StripPrefix("/gotofake", srv))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	base := ts.URL + "/gotofake"

	org := srv.MainOrganizer()
	access, refresh := srv.IssueToken(org.Key)
	require.NotEmpty(t, access)
	conf, err := NewConfig(fake.DefaultClientID, fake.DefaultClientSecret, base)
	require.NoError(t, err)
	var mu sync.Mutex
	var persisted []map[string]any
	opts := Options{Config: conf, Persist: func(_ context.Context, obj map[string]any) error {
		mu.Lock()
		defer mu.Unlock()
		persisted = append(persisted, maps.Clone(obj))
		return nil
	}}
	cfg := map[string]any{"_account": "a1", "oauth": map[string]any{
		"access_token": access, "refresh_token": refresh, "expires_in": 3600.0,
	}}
	cred := mustCredential(t, cfg, opts)

	me := func(c *Credential) int {
		status, _, err := call(t.Context(), c, base+fake.AdminBase+"/me")
		require.NoError(t, err)
		return status
	}
	assert.Equal(t, http.StatusOK, me(cred))
	assert.Zero(t, srv.TokenRequests("refresh_token"))

	srv.ExpireAccessTokens()
	assert.Equal(t, http.StatusOK, me(cred))
	assert.Equal(t, 1, srv.TokenRequests("refresh_token"))
	mu.Lock()
	require.Len(t, persisted, 1)
	stored := persisted[0]
	mu.Unlock()
	assert.NotEqual(t, refresh, stored["refresh_token"])
	assert.NotEmpty(t, stored["expires_at"])

	// Restart from the persisted keys; the old refresh token is spent.
	srv.ExpireAccessTokens()
	restarted := mustCredential(t, map[string]any{"_account": "a1", "oauth": stored}, opts)
	assert.Equal(t, http.StatusOK, me(restarted))
	assert.Equal(t, 2, srv.TokenRequests("refresh_token"))
}
