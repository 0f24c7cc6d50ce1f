package component

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// keysRecorder is the platform's credential store of a service call.
type keysRecorder struct {
	mu   sync.Mutex
	keys []map[string]any
}

func (r *keysRecorder) UpdateKeys(_ context.Context, keys map[string]any) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.keys = append(r.keys, keys)
	return nil
}

func (r *keysRecorder) stored() []map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]map[string]any(nil), r.keys...)
}

func verify(e *env, cfg map[string]any) (*keysRecorder, error) {
	keys := &keysRecorder{}
	err := e.comp.verifyCredentials(context.Background(), &sailor.ServiceRequest{Config: cfg, Keys: keys})
	return keys, err
}

func TestVerifyCredentials(t *testing.T) {
	t.Run("a valid token", func(t *testing.T) {
		e, _ := webinarEnv(t)
		keys, err := verify(e, e.config(nil))
		require.NoError(t, err)
		assert.Empty(t, keys.stored())
	})
	t.Run("the organizer key of the user, or a wrong one", func(t *testing.T) {
		e, _ := webinarEnv(t)
		_, err := verify(e, e.config(map[string]any{"organizerKey": keyString(e.organizer.Key)}))
		require.NoError(t, err)

		e2, _ := webinarEnv(t)
		other := e2.fake.Organizers()[1].Key
		_, err = verify(e2, e2.config(map[string]any{"organizerKey": keyString(other)}))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "organizerKey: "+keyString(other)+" is not an organizer")
		assert.Contains(t, err.Error(), keyString(e2.organizer.Key), "names the user's own key")

		e3, _ := webinarEnv(t)
		_, err = verify(e3, e3.config(map[string]any{"organizerKey": "abc"}))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "organizerKey")
	})
	t.Run("an expired access token is refreshed and stored", func(t *testing.T) {
		e, _ := webinarEnv(t)
		old := e.cfg["oauth"].(map[string]any)["access_token"]
		e.fake.ExpireAccessTokens()
		keys, err := verify(e, e.config(nil))
		require.NoError(t, err)
		stored := keys.stored()
		require.Len(t, stored, 1)
		oauthObj := stored[0]["oauth"].(map[string]any)
		assert.NotEqual(t, old, oauthObj["access_token"])
		assert.NotEmpty(t, oauthObj["refresh_token"])
	})
	t.Run("a token known to be expired is refreshed before use", func(t *testing.T) {
		e, now := webinarEnv(t)
		o := e.cfg["oauth"].(map[string]any)
		cfg := e.config(map[string]any{"oauth": map[string]any{
			"access_token": "stale", "refresh_token": o["refresh_token"], "token_type": "Bearer",
			"expires_at": now.Add(-time.Minute).Format(time.RFC3339),
		}})
		keys, err := verify(e, cfg)
		require.NoError(t, err)
		require.Len(t, keys.stored(), 1)
	})
	t.Run("a revoked refresh token asks to re-authorize", func(t *testing.T) {
		e, _ := webinarEnv(t)
		require.True(t, e.fake.RevokeToken(e.cfg["oauth"].(map[string]any)["refresh_token"].(string)))
		e.fake.ExpireAccessTokens()
		keys, err := verify(e, e.config(nil))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "re-authorize")
		assert.NotContains(t, err.Error(), e.cfg["oauth"].(map[string]any)["refresh_token"].(string), "no secret in the error")
		assert.Empty(t, keys.stored())
	})
}
