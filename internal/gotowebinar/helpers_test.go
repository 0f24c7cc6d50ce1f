package gotowebinar

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// basePath is where the test API is mounted, so a client that drops the base URL's
// path fails every test.
const basePath = "/api-prefix"

// Keys above 2^53, so any float64 detour loses digits.
const (
	orgKey  Key = 1234567890123456789
	accKey  Key = 8876543210987654321
	wbKey   Key = 5620084814059709442
	rkKey   Key = 8325357307900339981
	sessKey Key = 7123456789012345678
	pnKey   Key = 6234567890123456781
	coKey   Key = 4234567890123456783
	qKey    Key = 3234567890123456785
	ansKey  Key = 2234567890123456787
)

// fakeClock advances virtual time instead of sleeping and records every wait.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func newFakeClock() *fakeClock {
	// Starts at the real time because context deadlines are real even when sleeps are not.
	return &fakeClock{now: time.Now().UTC().Truncate(time.Second)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	f.slept = append(f.slept, d)
	return nil
}

func (f *fakeClock) Slept() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.slept...)
}

// testEnv is one fake GoTo API under basePath plus a client pointed at it.
type testEnv struct {
	client *Client
	mux    *http.ServeMux
	server *httptest.Server
	clock  *fakeClock
	// newConns counts TCP connections the server accepted.
	newConns atomic.Int32
}

// setup starts an httptest server whose mux sees paths without basePath, and a client
// with a virtual clock so pacing and back-off cost no wall time.
func setup(t *testing.T, opts ...Option) *testEnv {
	t.Helper()
	mux := http.NewServeMux()
	root := http.NewServeMux()
	root.Handle(basePath+"/", http.StripPrefix(basePath, mux))
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the base path: %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
	})
	env := &testEnv{mux: mux}
	srv := httptest.NewUnstartedServer(root)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			env.newConns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	clock := newFakeClock()
	all := append([]Option{WithBaseURL(srv.URL + basePath), WithClock(clock.Now, clock.Sleep)}, opts...)
	c, err := NewClient(srv.Client(), all...)
	require.NoError(t, err)
	env.client, env.server, env.clock = c, srv, clock
	return env
}

func apiPathOf(p string) string {
	if strings.HasPrefix(p, "/admin/") {
		return p
	}
	return "/G2W/rest/v2" + p
}

func testMethod(t *testing.T, r *http.Request, want string) {
	t.Helper()
	assert.Equal(t, want, r.Method)
	assert.Equal(t, "application/json", r.Header.Get("Accept"))
}

// testQuery checks the whole query string: nothing missing, nothing extra.
func testQuery(t *testing.T, r *http.Request, want url.Values) {
	t.Helper()
	got := r.URL.Query()
	if len(want) == 0 {
		assert.Empty(t, got, "query")
		return
	}
	assert.Equal(t, want, got, "query")
}

// testJSONBody checks the request body is JSON equal to want ("" means no body).
func testJSONBody(t *testing.T, r *http.Request, want string) {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	if want == "" {
		assert.Empty(t, b, "body")
		return
	}
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	assert.JSONEq(t, want, string(b))
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	if body != "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// endpointCase is one upstream endpoint: what the client must send and how it must
// decode GoTo's answer.
type endpointCase struct {
	name   string
	method string
	path   string // under /G2W/rest/v2 unless it starts with /admin/
	query  url.Values
	body   string
	status int
	resp   string
	call   func(ctx context.Context, c *Client) (any, error)
	want   any
}

func runEndpointCases(t *testing.T, cases []endpointCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := setup(t)
			var hits atomic.Int32
			env.mux.HandleFunc(apiPathOf(tc.path), func(w http.ResponseWriter, r *http.Request) {
				hits.Add(1)
				testMethod(t, r, tc.method)
				testQuery(t, r, tc.query)
				testJSONBody(t, r, tc.body)
				writeJSON(w, tc.status, tc.resp)
			})
			got, err := tc.call(t.Context(), env.client)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			assert.EqualValues(t, 1, hits.Load(), "requests")
		})
	}
}

// mustJSON is for handlers that build bodies from Go values.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func contextWithDeadline(t *testing.T, d time.Time) (context.Context, context.CancelFunc) {
	t.Helper()
	return context.WithDeadline(t.Context(), d)
}
