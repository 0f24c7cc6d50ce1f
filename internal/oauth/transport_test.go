package oauth

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// R21: a token the API rejects (403 InvalidToken) although it looks valid
// causes one refresh and one retry.
func TestRejectedTokenRefreshesAndRetriesOnce(t *testing.T) {
	t.Parallel()
	f, opts, rec, _ := setup(t)
	cfg := f.cfg(time.Now().Add(time.Hour))
	tokenA := cfg["oauth"].(map[string]any)["access_token"].(string)
	f.revokeAccess(tokenA)
	cred := mustCredential(t, cfg, opts)

	status, _, err := call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	_, refreshes := f.counts()
	assert.Equal(t, 1, refreshes)
	assert.Equal(t, 2, f.totalCalls(), "exactly two API calls")
	assert.Equal(t, 1, f.calls(tokenA))
	require.Len(t, rec.stored(), 1)
	assert.Equal(t, 1, f.calls(rec.stored()[0]["access_token"].(string)))
}

// R21: when the fresh token is rejected too, the 403 reaches the caller
// untouched, after one refresh and two calls: no loop.
func TestRejectedAgainSurfaces403(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	f.set(func(f *fakeGoTo) { f.rejectAll = true })
	cred := mustCredential(t, f.cfg(time.Now().Add(time.Hour)), opts)

	status, body, err := call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, status)
	assert.JSONEq(t, `{"int_err_code":"InvalidToken","msg":"Invalid token passed"}`, body)
	_, refreshes := f.counts()
	assert.Equal(t, 1, refreshes)
	assert.Equal(t, 2, f.totalCalls())
}

// Concurrent messages rejected with the same stale token cause one refresh.
func TestConcurrentRejectionsRefreshOnce(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	cfg := f.cfg(time.Now().Add(time.Hour))
	f.revokeAccess(cfg["oauth"].(map[string]any)["access_token"].(string))
	cred := mustCredential(t, cfg, opts)

	const n = 20
	statuses := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			statuses[i], _, errs[i] = call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/organizers/1/webinars")
		})
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i])
		assert.Equal(t, http.StatusOK, statuses[i])
	}
	_, refreshes := f.counts()
	assert.Equal(t, 1, refreshes)
}

// A request body is replayed on the retry.
func TestRetryReplaysBody(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	cfg := f.cfg(time.Now().Add(time.Hour))
	f.revokeAccess(cfg["oauth"].(map[string]any)["access_token"].(string))
	cred := mustCredential(t, cfg, opts)

	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, f.baseURL()+"/G2W/rest/v2/echo",
		strings.NewReader(`{"firstName":"Ada"}`))
	require.NoError(t, err)
	resp, err := cred.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, `{"firstName":"Ada"}`, string(body))
	assert.Equal(t, 2, f.totalCalls())
}

// A 403 that is not about the token (an application error) is passed on
// without a refresh.
func TestOther403NotRetried(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	cred := mustCredential(t, f.cfg(time.Now().Add(time.Hour)), opts)

	status, body, err := call(t.Context(), cred, f.baseURL()+"/G2W/rest/v2/forbidden")
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, status)
	assert.JSONEq(t, `{"errorCode":"Forbidden","description":"Not an organizer of this webinar"}`, body)
	tokenRequests, _ := f.counts()
	assert.Zero(t, tokenRequests)
	assert.Equal(t, 1, f.totalCalls())
}
