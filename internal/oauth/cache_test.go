package oauth

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCacheSharesOneCredential(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	cache, err := NewCache(opts)
	require.NoError(t, err)
	cfg := f.cfg(time.Now().Add(time.Hour))

	a, err := cache.Get(t.Context(), cfg)
	require.NoError(t, err)
	b, err := cache.Get(t.Context(), cfg)
	require.NoError(t, err)
	assert.Same(t, a, b)
	assert.Equal(t, "account:account-1", cacheKey(cfg, fingerprint(a.src.last)))

	other := f.cfg(time.Now().Add(time.Hour))
	other["_account"] = "account-2"
	c, err := cache.Get(t.Context(), other)
	require.NoError(t, err)
	assert.NotSame(t, a, c)
}

// Without _account the key is a hash of the refresh token, never the token.
func TestCacheKeyWithoutAccount(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	cache, err := NewCache(opts)
	require.NoError(t, err)
	cfg := f.cfg(time.Now().Add(time.Hour))
	delete(cfg, "_account")

	a, err := cache.Get(t.Context(), cfg)
	require.NoError(t, err)
	b, err := cache.Get(t.Context(), cfg)
	require.NoError(t, err)
	assert.Same(t, a, b)
	key := cacheKey(cfg, fingerprint(a.src.last))
	assertNoSecrets(t, f, key)
	assert.Regexp(t, `^token:r:[0-9a-f]{16}$`, key)
}

// After a rotation the step configuration still holds the old token; it keeps
// the cached credential. A token never seen (re-authorization) replaces it.
func TestCacheKeepsRotatedCredentialReplacesOnReauthorization(t *testing.T) {
	t.Parallel()
	f, opts, rec, _ := setup(t)
	f.set(func(f *fakeGoTo) { f.rotate = rotateRevoke })
	cache, err := NewCache(opts)
	require.NoError(t, err)
	cfg := f.cfg(time.Now().Add(-time.Minute))

	a, err := cache.Get(t.Context(), cfg)
	require.NoError(t, err)
	_, err = a.Token(t.Context())
	require.NoError(t, err)
	require.Len(t, rec.stored(), 1)

	again, err := cache.Get(t.Context(), cfg)
	require.NoError(t, err)
	assert.Same(t, a, again, "the stale step config must not revive a revoked refresh token")
	_, err = again.Token(t.Context())
	assert.NoError(t, err)

	reauthorized := f.cfg(time.Now().Add(time.Hour))
	b, err := cache.Get(t.Context(), reauthorized)
	require.NoError(t, err)
	assert.NotSame(t, a, b)
}

func TestCacheRequiresConfig(t *testing.T) {
	t.Parallel()
	_, err := NewCache(Options{})
	assert.Error(t, err)
	_, err = NewCredential(map[string]any{}, Options{Config: newFake(t).config(t)})
	assert.ErrorIs(t, err, ErrReauthorize, "a cfg without oauth needs authorizing")
}
