package worker_test

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// reliability.md R24 and R27 gaps, on the GoToWebinar client as the
// component builds it: the package's own tests cover classification,
// retries, 429 and bounded error bodies; these watch the server's side of
// the connections (httptest ConnState).

// connWatch counts a test server's connections by state.
type connWatch struct {
	mu     sync.Mutex
	states map[net.Conn]http.ConnState
	opened atomic.Int32
}

func watchConns(srv *httptest.Server) *connWatch {
	w := &connWatch{states: map[net.Conn]http.ConnState{}}
	srv.Config.ConnState = func(c net.Conn, s http.ConnState) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch s {
		case http.StateNew:
			w.opened.Add(1)
			w.states[c] = s
		case http.StateClosed, http.StateHijacked:
			delete(w.states, c)
		default:
			w.states[c] = s
		}
	}
	return w
}

// active is the number of connections with a request in progress.
func (w *connWatch) active() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, s := range w.states {
		if s == http.StateActive || s == http.StateNew {
			n++
		}
	}
	return n
}

func restClient(t *testing.T, srv *httptest.Server, opts ...gotowebinar.Option) *gotowebinar.Client {
	t.Helper()
	c, err := gotowebinar.NewClient(srv.Client(), append([]gotowebinar.Option{
		gotowebinar.WithBaseURL(srv.URL), gotowebinar.WithPacing(0, 0),
	}, opts...)...)
	require.NoError(t, err)
	return c
}

func TestRESTAttemptDeadlineLeavesNoBusyConnection(t *testing.T) {
	t.Parallel()
	// R24: the API sleeps beyond the per-attempt timeout (500 ms here): the
	// call fails soon after it, as a transient error, and the server is left
	// with no connection still busy with that request.
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	}))
	conns := watchConns(srv)
	srv.Start()
	t.Cleanup(srv.Close)
	c := restClient(t, srv, gotowebinar.WithAttemptTimeout(500*time.Millisecond), gotowebinar.WithMaxAttempts(1))
	start := time.Now()
	_, err := c.Webinar(t.Context(), 1234567890123456789, 5620084814059709442)
	took := time.Since(start)
	t.Logf("R24: attempt gave up after %s (timeout 500ms)", took.Round(time.Millisecond))
	require.Error(t, err)
	assert.ErrorIs(t, err, gotowebinar.ErrTransient)
	assert.GreaterOrEqual(t, took, 500*time.Millisecond)
	assert.Eventually(t, func() bool { return conns.active() == 0 }, 5*time.Second, 10*time.Millisecond,
		"the abandoned request's connection is not left busy on the server")
}

func TestRESTThousandCallsReuseConnections(t *testing.T) {
	t.Parallel()
	// R27: 1 000 sequential calls, half of them errors with bodies, reuse
	// the keep-alive connection: the server sees a handful of connections.
	var n atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if n.Add(1)%2 == 0 {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"errorCode":"NotFound","description":"gone"}`))
			return
		}
		_, _ = w.Write([]byte(`{"subject":"s"}`))
	}))
	conns := watchConns(srv)
	srv.Start()
	t.Cleanup(srv.Close)
	c := restClient(t, srv)
	for range 1000 {
		_, _ = c.Webinar(t.Context(), 1234567890123456789, 5620084814059709442)
	}
	t.Logf("R27: 1000 calls over %d connections", conns.opened.Load())
	assert.EqualValues(t, 1000, n.Load())
	assert.LessOrEqual(t, conns.opened.Load(), int32(3))
}
