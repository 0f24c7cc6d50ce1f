package platform

import (
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const hooksPath = "/sailor-support/hooks/task/{flow}/startup/data"

// stateStore is a fake hooks-data resource: POST creates (409 if present),
// GET reads, DELETE removes. It records the methods it served.
type stateStore struct {
	t       *testing.T
	mu      sync.Mutex
	state   []byte
	methods []string
	bodies  []any
}

func (s *stateStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	assertBasicAuth(s.t, r)
	assert.Equal(s.t, "flow-1", r.PathValue("flow"))
	s.mu.Lock()
	defer s.mu.Unlock()
	s.methods = append(s.methods, r.Method)
	switch r.Method {
	case http.MethodPost:
		assert.Equal(s.t, "application/json", r.Header.Get("Content-Type"))
		body, _ := io.ReadAll(r.Body)
		var v any
		assert.NoError(s.t, json.Unmarshal(body, &v))
		s.bodies = append(s.bodies, v)
		if s.state != nil {
			w.WriteHeader(http.StatusConflict)
			_, _ = io.WriteString(w, `{"error":"Startup data already exists"}`)
			return
		}
		s.state = body
		w.WriteHeader(http.StatusCreated)
	case http.MethodGet:
		if s.state == nil {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":"Startup data not found"}`)
			return
		}
		_, _ = w.Write(s.state)
	case http.MethodDelete:
		s.state = nil
		w.WriteHeader(http.StatusNoContent)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func (s *stateStore) served() ([]string, []any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.methods...), append([]any(nil), s.bodies...)
}

func newStateStore(t *testing.T, api *fakeAPI) *stateStore {
	s := &stateStore{t: t}
	api.mux.Handle(hooksPath, s)
	return s
}

func TestPutStartupState_PostsStateThenGetAndDeleteRoundTrip(t *testing.T) {
	t.Parallel()
	api := setup(t)
	store := newStateStore(t, api)
	c, _ := newTestClient(t, api)

	require.NoError(t, c.PutStartupState(t.Context(), "flow-1", map[string]any{"webhookId": 42}))
	got, err := c.GetStartupState(t.Context(), "flow-1")
	require.NoError(t, err)
	assert.JSONEq(t, `{"webhookId":42}`, string(got))
	require.NoError(t, c.DeleteStartupState(t.Context(), "flow-1"))
	_, err = c.GetStartupState(t.Context(), "flow-1")

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	assert.Equal(t, "Startup data not found", apiErr.Message)
	methods, _ := store.served()
	assert.Equal(t, []string{"POST", "GET", "DELETE", "GET"}, methods)
}

func TestPutStartupState_EmptyStatesAreStoredAsEmptyObject(t *testing.T) {
	t.Parallel()
	for name, state := range map[string]any{
		"nil":           nil,
		"empty map":     map[string]any{},
		"empty raw":     json.RawMessage(" "),
		"raw null":      json.RawMessage("null"),
		"empty string":  "",
		"empty slice":   []any{},
		"typed nil map": map[string]any(nil),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			api := setup(t)
			store := newStateStore(t, api)
			c, _ := newTestClient(t, api)

			require.NoError(t, c.PutStartupState(t.Context(), "flow-1", state))

			_, bodies := store.served()
			assert.Equal(t, []any{map[string]any{}}, bodies)
		})
	}
}

func TestPutStartupState_ConflictDeletesAndPostsTheNormalisedStateAgain(t *testing.T) {
	t.Parallel()
	api := setup(t)
	store := newStateStore(t, api)
	store.state = []byte(`{"old":true}`)
	log, logs := newLogger()
	c, _ := newTestClient(t, api, func(cfg *Config) { cfg.Logger = log })

	err := c.PutStartupState(t.Context(), "flow-1", nil)

	require.NoError(t, err)
	methods, bodies := store.served()
	assert.Equal(t, []string{"POST", "DELETE", "POST"}, methods)
	assert.Equal(t, []any{map[string]any{}, map[string]any{}}, bodies, "the re-post carries {} too")
	got, err := c.GetStartupState(t.Context(), "flow-1")
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(got))
	assert.Contains(t, logs.String(), "already exists")
}

func TestPutStartupState_OtherClientErrorFailsWithBodyError(t *testing.T) {
	t.Parallel()
	api := setup(t)
	seq := &statusSequence{statuses: []int{http.StatusBadRequest}}
	api.mux.Handle("POST "+hooksPath, seq)
	c, rec := newTestClient(t, api)

	err := c.PutStartupState(t.Context(), "flow-1", map[string]any{"a": 1})

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "failure Bad Request", apiErr.Message)
	assert.Contains(t, err.Error(), "platform: put startup state: POST ")
	assert.Equal(t, 1, seq.count())
	assert.Empty(t, rec.got())
}

func TestPutStartupState_ServerErrorsRetriedPerConfig(t *testing.T) {
	t.Parallel()
	api := setup(t)
	seq := &statusSequence{statuses: []int{500, 500, 500, 201}}
	api.mux.Handle("POST "+hooksPath, seq)
	c, rec := newTestClient(t, api, func(cfg *Config) {
		cfg.RetryAttempts = 4
		cfg.RetryDelay = 250 * time.Millisecond
	})

	err := c.PutStartupState(t.Context(), "flow-1", map[string]any{"a": 1})

	require.NoError(t, err)
	assert.Equal(t, 4, seq.count())
	assert.Equal(t, []time.Duration{250 * time.Millisecond, 250 * time.Millisecond, 250 * time.Millisecond}, rec.got())
}

func TestHooksCalls_DefaultRetryIsThreeAttempts100msApart(t *testing.T) {
	t.Parallel()
	api := setup(t)
	seq := &statusSequence{statuses: []int{502}}
	api.mux.Handle("DELETE "+hooksPath, seq)
	c, rec := newTestClient(t, api)

	err := c.DeleteStartupState(t.Context(), "flow-1")

	require.Error(t, err)
	assert.Equal(t, 3, seq.count())
	assert.Equal(t, []time.Duration{100 * time.Millisecond, 100 * time.Millisecond}, rec.got())
}

func TestGetStartupState_EmptyBodyIsEmptyObjectAndGarbageIsAnError(t *testing.T) {
	t.Parallel()
	api := setup(t)
	var body atomic.Value
	body.Store("")
	api.mux.HandleFunc("GET "+hooksPath, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, body.Load().(string))
	})
	c, _ := newTestClient(t, api)

	got, err := c.GetStartupState(t.Context(), "flow-1")
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(got))

	body.Store("<html>")
	_, err = c.GetStartupState(t.Context(), "flow-1")
	assert.EqualError(t, err, "platform: get startup state: response is not JSON")
}

func TestPutStartupState_InvalidRawStateIsRejected(t *testing.T) {
	t.Parallel()
	api := setup(t)
	c, _ := newTestClient(t, api)

	err := c.PutStartupState(t.Context(), "flow-1", json.RawMessage(`{"a":`))

	assert.EqualError(t, err, "platform: put startup state: state is not valid JSON")
	assert.Zero(t, api.newConns.Load())
}
