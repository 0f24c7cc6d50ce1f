package component

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

// meEnv is a component on the shared fake whose GET /admin/rest/v1/me is
// counted, and answered with body or rejected when asked to.
type meEnv struct {
	fake *fake.Server
	comp *Component
	main fake.Organizer // the owner of every token

	mu     sync.Mutex
	calls  int
	body   string        // answered instead of the fake's user when set
	reject bool          // answer 403 InvalidToken, as GoTo does for a token it refuses
	delay  time.Duration // before answering, so that concurrent callers overlap
}

func newMeEnv(t *testing.T) *meEnv {
	t.Helper()
	f := fake.New(fake.Options{NoSeedData: true, NoRateLimit: true})
	m := &meEnv{fake: f, main: f.MainOrganizer()}
	mux := http.NewServeMux()
	mux.Handle(fakeBase+"/", http.StripPrefix(fakeBase, f))
	mux.HandleFunc("GET "+fakeBase+fake.AdminBase+"/me", func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.calls++
		body, reject, delay := m.body, m.reject, m.delay
		m.mu.Unlock()
		time.Sleep(delay)
		switch {
		case reject:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"int_err_code":"InvalidToken","msg":"Invalid token passed"}`)
		case body != "":
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, body)
		default:
			http.StripPrefix(fakeBase, f).ServeHTTP(w, r)
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	log := logrus.New()
	log.SetOutput(io.Discard)
	comp, err := New(Options{
		AppID: fake.DefaultClientID, AppSecret: fake.DefaultClientSecret,
		APIURL: srv.URL + fakeBase, AuthURL: srv.URL + fakeBase,
		Logger:        logrus.NewEntry(log),
		ClientOptions: []gotowebinar.Option{gotowebinar.WithPacing(0, 0)},
	})
	require.NoError(t, err)
	m.comp = comp
	return m
}

// config is a step configuration with a new token of the main organizer
// for the platform account.
func (m *meEnv) config(account string, fields map[string]any) map[string]any {
	access, refresh := m.fake.IssueToken(m.main.Key)
	cfg := map[string]any{"_account": account, "oauth": map[string]any{
		"access_token": access, "refresh_token": refresh, "token_type": "Bearer",
	}}
	for k, v := range fields {
		cfg[k] = v
	}
	return cfg
}

func (m *meEnv) set(f func(m *meEnv)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f(m)
}

func (m *meEnv) meCalls() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls
}

// organizer looks up the organizer as a function does: a new call bound to
// cfg.
func (m *meEnv) organizer(ctx context.Context, cfg map[string]any) (gotowebinar.Key, error) {
	ctx, k, err := m.comp.bind(ctx, "test", &keysRecorder{}, cfg, nil)
	if err != nil {
		return 0, err
	}
	return k.organizer(ctx)
}

// The organizer is asked of GoTo once per credential, however many messages
// ask at the same time, and keys above 2^53 sent as JSON numbers are exact.
func TestOrganizerOncePerCredentialWithExactKeys(t *testing.T) {
	m := newMeEnv(t)
	m.set(func(m *meEnv) {
		m.body = `{"key":5620084814059709442,"accountKey":1234567890123456789,"email":"o@example.com"}`
		m.delay = 50 * time.Millisecond
	})
	cfg := m.config("account-1", nil)

	const n = 10
	orgs, errs := make([]gotowebinar.Key, n), make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { orgs[i], errs[i] = m.organizer(t.Context(), cfg) })
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i])
		assert.Equal(t, gotowebinar.Key(5620084814059709442), orgs[i])
	}
	assert.Equal(t, 1, m.meCalls(), "concurrent callers share one request")

	org, err := m.organizer(t.Context(), cfg)
	require.NoError(t, err)
	assert.Equal(t, gotowebinar.Key(5620084814059709442), org)
	assert.Equal(t, 1, m.meCalls(), "the answer is kept")

	_, err = m.organizer(t.Context(), m.config("account-2", nil))
	require.NoError(t, err)
	assert.Equal(t, 2, m.meCalls(), "another credential asks for itself")
}

// The credential's organizerKey, a number or a string, overrides the user's
// key; GoTo is not asked then. One that is not a key is an input error.
func TestOrganizerOverride(t *testing.T) {
	m := newMeEnv(t)
	m.set(func(m *meEnv) { m.body = `{"key":"111","accountKey":222}` })
	for i, override := range []any{"7000000000000000001", json.Number("7000000000000000001")} {
		org, err := m.organizer(t.Context(), m.config("account-"+strconv.Itoa(i), map[string]any{"organizerKey": override}))
		require.NoError(t, err)
		assert.Equal(t, gotowebinar.Key(7000000000000000001), org)
	}
	assert.Zero(t, m.meCalls())

	_, err := m.organizer(t.Context(), m.config("account-x", map[string]any{"organizerKey": "abc"}))
	var inErr *inputError
	require.ErrorAs(t, err, &inErr)
	assert.Equal(t, "organizerKey", inErr.field)
}

// A failed lookup is not kept: the next call asks again, and gets the key
// the shared fake sends as a JSON string.
func TestOrganizerFailureRetriedByNextCall(t *testing.T) {
	m := newMeEnv(t)
	m.set(func(m *meEnv) { m.reject = true })
	cfg := m.config("account-1", nil)

	_, err := m.organizer(t.Context(), cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "re-authorize", "rejected even after a refresh")
	assert.Equal(t, 1, m.fake.TokenRequests("refresh_token"), "one refresh on the rejection")
	calls := m.meCalls()

	m.set(func(m *meEnv) { m.reject = false })
	org, err := m.organizer(t.Context(), cfg)
	require.NoError(t, err)
	assert.Equal(t, gotowebinar.Key(m.main.Key), org)
	assert.Greater(t, int64(org), int64(1)<<53)
	assert.Equal(t, calls+1, m.meCalls())
}
