package oauth

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Me decodes int64 keys beyond 2^53 exactly and asks GoTo once, however many
// messages ask at the same time.
func TestMeOnceWithExactKeys(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	cred := mustCredential(t, f.cfg(time.Now().Add(time.Hour)), opts)

	const n = 10
	orgs, accts := make([]string, n), make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { orgs[i], accts[i], errs[i] = cred.Me(t.Context(), f.baseURL()+"/") })
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i])
		assert.Equal(t, "5620084814059709442", orgs[i])
		assert.Equal(t, "9876543210987654321", accts[i])
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Equal(t, 1, f.meCalls)
}

// The credential's organizerKey overrides the user's key.
func TestMeOrganizerOverride(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	f.set(func(f *fakeGoTo) { f.meBody = `{"key":"111","accountKey":222}` })
	cfg := f.cfg(time.Now().Add(time.Hour))
	cfg["organizerKey"] = "7000000000000000001"
	cred := mustCredential(t, cfg, opts)

	org, acct, err := cred.Me(t.Context(), f.baseURL())
	require.NoError(t, err)
	assert.Equal(t, "7000000000000000001", org)
	assert.Equal(t, "222", acct)
}

// A failed lookup is not cached: the next call asks again.
func TestMeFailureRetriedByNextCall(t *testing.T) {
	t.Parallel()
	f, opts, _, _ := setup(t)
	f.set(func(f *fakeGoTo) { f.rejectAll = true })
	cred := mustCredential(t, f.cfg(time.Now().Add(time.Hour)), opts)

	_, _, err := cred.Me(t.Context(), f.baseURL())
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrReauthorize, "rejected even after a refresh")

	f.set(func(f *fakeGoTo) { f.rejectAll = false })
	org, _, err := cred.Me(t.Context(), f.baseURL())
	require.NoError(t, err)
	assert.Equal(t, "5620084814059709442", org)
}

func TestKeyString(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{`5620084814059709442`, `"5620084814059709442"`} {
		got, err := rawKey([]byte(raw))
		require.NoError(t, err)
		assert.Equal(t, "5620084814059709442", got)
	}
	_, err := rawKey([]byte(`"abc"`))
	assert.Error(t, err)
	_, err = rawKey([]byte(`1.5`))
	assert.Error(t, err)
	_, err = rawKey([]byte(`99999999999999999999`))
	assert.Error(t, err, "beyond 64 bits")
	got, err := rawKey([]byte(`null`))
	require.NoError(t, err)
	assert.Empty(t, got)
}
