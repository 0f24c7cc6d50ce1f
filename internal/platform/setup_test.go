package platform

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testUser   = "task-flow-1"
	testAPIKey = "k3y-Secret-7d1f0c9a"
	basePath   = "/api"
)

// fakeAPI is an httptest.Server playing the platform API under basePath.
type fakeAPI struct {
	*httptest.Server
	mux      *http.ServeMux
	newConns atomic.Int32
}

// setup starts a fake platform mounted under basePath; requests outside it
// fail the test, so a client that drops the base path is caught.
func setup(t *testing.T) *fakeAPI {
	t.Helper()
	api := &fakeAPI{mux: http.NewServeMux()}
	root := http.NewServeMux()
	root.Handle(basePath+"/", http.StripPrefix(basePath, api.mux))
	root.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the base path: %s %s", r.Method, r.RequestURI)
		http.Error(w, "not under "+basePath, http.StatusNotFound)
	})
	api.Server = httptest.NewUnstartedServer(root)
	api.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			api.newConns.Add(1)
		}
	}
	api.Start()
	t.Cleanup(api.Close)
	return api
}

// baseURL is the platform base URL a client should be configured with.
func (a *fakeAPI) baseURL() string { return a.URL + basePath }

// sleepRecorder is an instant SleepFunc that remembers requested delays.
type sleepRecorder struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (r *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.delays = append(r.delays, d)
	r.mu.Unlock()
	return ctx.Err()
}

func (r *sleepRecorder) got() []time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Duration(nil), r.delays...)
}

// logBuffer collects log output safely across goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newLogger returns a debug-level JSON logger writing into a buffer.
func newLogger() (*logrus.Entry, *logBuffer) {
	buf := &logBuffer{}
	l := logrus.New()
	l.SetOutput(buf)
	l.SetLevel(logrus.DebugLevel)
	l.SetFormatter(&logrus.JSONFormatter{})
	return logrus.NewEntry(l), buf
}

// newTestClient builds a Client for api with instant sleeps; mods adjust
// the config before construction.
func newTestClient(t *testing.T, api *fakeAPI, mods ...func(*Config)) (*Client, *sleepRecorder) {
	t.Helper()
	rec := &sleepRecorder{}
	cfg := Config{
		BaseURL:  api.baseURL(),
		Username: testUser,
		APIKey:   testAPIKey,
		Sleep:    rec.sleep,
	}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := NewClient(cfg)
	require.NoError(t, err)
	return c, rec
}

// assertBasicAuth checks the platform credentials on r.
func assertBasicAuth(t *testing.T, r *http.Request) {
	t.Helper()
	user, pass, ok := r.BasicAuth()
	assert.True(t, ok, "Basic auth missing")
	assert.Equal(t, testUser, user)
	assert.Equal(t, testAPIKey, pass)
}

// readJSON decodes the request body into a generic value.
func readJSON(t *testing.T, r *http.Request) any {
	t.Helper()
	data, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	var v any
	require.NoError(t, json.Unmarshal(data, &v), "body %q", data)
	return v
}

// statusSequence answers successive requests with the given statuses
// (repeating the last) and counts them.
type statusSequence struct {
	mu       sync.Mutex
	statuses []int
	body     string
	calls    int
}

func (s *statusSequence) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	s.mu.Lock()
	i := min(s.calls, len(s.statuses)-1)
	s.calls++
	status := s.statuses[i]
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if status < 300 {
		_, _ = io.WriteString(w, s.body)
	} else {
		_, _ = io.WriteString(w, `{"error":"failure `+http.StatusText(status)+`"}`)
	}
}

func (s *statusSequence) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}
