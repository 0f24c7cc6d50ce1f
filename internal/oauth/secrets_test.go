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

// No access token, refresh token or client secret appears in any error text
// or log line, across successful and failing refreshes.
func TestNoSecretsInErrorsOrLogs(t *testing.T) {
	t.Parallel()
	f, opts, rec, logs := setup(t)
	opts.TokenTimeout = 500 * time.Millisecond
	var texts []string
	record := func(err error) {
		if err != nil {
			texts = append(texts, err.Error())
		}
	}
	api := f.baseURL() + "/G2W/rest/v2/organizers/1/webinars"

	// Successful rotation, then a rejected token.
	f.set(func(f *fakeGoTo) { f.rotate = rotateRevoke })
	cfg := f.cfg(time.Now().Add(-time.Minute))
	cred := mustCredential(t, cfg, opts)
	_, _, err := call(t.Context(), cred, api)
	require.NoError(t, err)
	f.set(func(f *fakeGoTo) { f.rejectAll = true })
	status, body, err := call(t.Context(), cred, api)
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, status)
	texts = append(texts, body)
	_, body, err = call(t.Context(), cred, f.baseURL()+"/admin/rest/v1/me")
	require.NoError(t, err)
	texts = append(texts, body)
	f.set(func(f *fakeGoTo) { f.rejectAll = false })

	// invalid_grant with a reload, invalid_client, no refresh token.
	reloads := 0
	opts.Reload = func(context.Context) (map[string]any, error) {
		reloads++
		return cfg, nil
	}
	stale := mustCredential(t, f.cfg(time.Now().Add(-time.Minute)), opts)
	f.set(func(f *fakeGoTo) { clear(f.refresh) })
	_, _, err = call(t.Context(), stale, api)
	assert.ErrorIs(t, err, ErrReauthorize)
	assert.Equal(t, 1, reloads)
	record(err)
	opts.Reload = nil

	bad := opts
	bad.Config, err = NewConfig(testClientID, testClientSecret+"-wrong", f.baseURL())
	require.NoError(t, err)
	_, err = mustCredential(t, f.cfg(time.Now().Add(-time.Minute)), bad).Token(t.Context())
	assert.ErrorIs(t, err, ErrReauthorize)
	record(err)

	noRefresh := f.cfg(time.Now().Add(-time.Minute))
	delete(noRefresh["oauth"].(map[string]any), "refresh_token")
	_, err = mustCredential(t, noRefresh, opts).Token(t.Context())
	record(err)

	// 5xx, a hanging endpoint, a failing persist.
	f.set(func(f *fakeGoTo) { f.tokenStatus = http.StatusBadGateway })
	_, err = mustCredential(t, f.cfg(time.Now().Add(-time.Minute)), opts).Token(t.Context())
	record(err)
	f.set(func(f *fakeGoTo) { f.tokenStatus = 0; f.hang = make(chan struct{}) })
	_, err = mustCredential(t, f.cfg(time.Now().Add(-time.Minute)), opts).Token(t.Context())
	assert.ErrorIs(t, err, ErrTransient)
	record(err)
	f.set(func(f *fakeGoTo) { close(f.hang); f.hang = nil })
	rec.mu.Lock()
	rec.fail = errors.New("platform: put account: 500")
	rec.mu.Unlock()
	_, err = mustCredential(t, f.cfg(time.Now().Add(-time.Minute)), opts).Token(t.Context())
	record(err)

	require.Len(t, texts, 8)
	for _, text := range texts {
		assertNoSecrets(t, f, text)
	}
	out := logs.String()
	require.Contains(t, out, "oauth: token refreshed and persisted")
	require.Contains(t, out, "oauth: token refresh failed")
	require.Contains(t, out, "oauth: stored credential was rotated elsewhere")
	assertNoSecrets(t, f, out)
}
