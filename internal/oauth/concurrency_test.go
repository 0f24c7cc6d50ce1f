package oauth

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R19: 50 concurrent messages with an expired token cause exactly one
// refresh, and all of them succeed with the new token.
func TestConcurrentExpiredTokenRefreshesOnce(t *testing.T) {
	t.Parallel()
	f, opts, rec, _ := setup(t)
	f.set(func(f *fakeGoTo) { f.invalidateOldAccess = true })
	cfg := f.cfg(time.Now().Add(-time.Minute))
	old := cfg["oauth"].(map[string]any)["access_token"].(string)
	cache, err := NewCache(opts)
	require.NoError(t, err)

	const n = 50
	statuses := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			// Each message looks its credential up, as handlers do.
			cred, err := cache.Get(t.Context(), cfg)
			if err != nil {
				errs[i] = err
				return
			}
			statuses[i], _, errs[i] = call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
		})
	}
	wg.Wait()

	for i := range n {
		require.NoError(t, errs[i])
		assert.Equal(t, http.StatusOK, statuses[i])
	}
	tokenRequests, refreshes := f.counts()
	assert.Equal(t, 1, tokenRequests)
	assert.Equal(t, 1, refreshes)
	stored := rec.stored()
	require.Len(t, stored, 1, "one refresh, one persist")
	fresh := stored[0]["access_token"].(string)
	assert.Equal(t, n, f.calls(fresh), "every call used the new token")
	assert.Zero(t, f.calls(old), "the expired token was never sent")
}
