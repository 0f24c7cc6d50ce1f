package platform

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const stepBody = `{
	"id": "step_1",
	"comp_id": "5f1e",
	"function": "createRegistrant",
	"config": {"_account": "acc-1", "organizerKey": 1234567890123456789, "nested": {"n": 1.50}},
	"snapshot": {"lastModified": "2024-01-01T00:00:00Z"},
	"is_passthrough": true,
	"variables": {"env": "prod"}
}`

func TestStepData_SendsAuthenticatedGetAndDecodesStep(t *testing.T) {
	t.Parallel()
	api := setup(t)
	api.mux.HandleFunc("/v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodGet, r.Method)
		assert.Equal(t, "/api/v1/tasks/flow-1/steps/step_1", r.RequestURI)
		assert.Equal(t, "Keep-Alive", r.Header.Get("Connection"))
		assertBasicAuth(t, r)
		_, _ = io.WriteString(w, stepBody)
	})
	c, _ := newTestClient(t, api)

	step, err := c.StepData(t.Context(), "flow-1", "step_1")

	require.NoError(t, err)
	assert.Equal(t, "step_1", step.ID)
	assert.Equal(t, "5f1e", step.CompID)
	assert.Equal(t, "createRegistrant", step.Function)
	assert.Equal(t, "acc-1", step.Config["_account"])
	assert.Equal(t, json.Number("1234567890123456789"), step.Config["organizerKey"], "19-digit numbers stay exact")
	assert.Equal(t, map[string]any{"n": json.Number("1.50")}, step.Config["nested"])
	assert.Equal(t, map[string]any{"lastModified": "2024-01-01T00:00:00Z"}, step.Snapshot)
	assert.True(t, step.IsPassthrough)
	assert.Equal(t, map[string]any{"env": "prod"}, step.Variables)
}

func TestStepData_Defaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
	}{
		{"fields absent", `{}`},
		{"null snapshot, string passthrough", `{"snapshot": null, "is_passthrough": "true"}`},
		{"array snapshot, numeric passthrough", `{"snapshot": [1], "is_passthrough": 1}`},
		{"false passthrough", `{"is_passthrough": false, "config": null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api := setup(t)
			api.mux.HandleFunc("GET /v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.WriteString(w, tt.body)
			})
			c, _ := newTestClient(t, api)

			step, err := c.StepData(t.Context(), "f", "s")

			require.NoError(t, err)
			assert.False(t, step.IsPassthrough)
			assert.Equal(t, map[string]any{}, step.Snapshot)
			assert.NotNil(t, step.Config)
			assert.NotNil(t, step.Variables)
		})
	}
}

func TestStepData_EscapesPathSegments(t *testing.T) {
	t.Parallel()
	api := setup(t)
	api.mux.HandleFunc("GET /v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/api/v1/tasks/a%2Fb%20c/steps/s%3Fx", r.RequestURI)
		assert.Equal(t, "a/b c", r.PathValue("flow"))
		assert.Equal(t, "s?x", r.PathValue("step"))
		_, _ = io.WriteString(w, `{}`)
	})
	c, _ := newTestClient(t, api)

	_, err := c.StepData(t.Context(), "a/b c", "s?x")

	assert.NoError(t, err)
}

func TestStepData_TrailingSlashesInBaseURLAreStripped(t *testing.T) {
	t.Parallel()
	api := setup(t)
	api.mux.HandleFunc("GET /v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "/api/v1/tasks/f/steps/s", r.RequestURI)
		_, _ = io.WriteString(w, `{}`)
	})
	c, _ := newTestClient(t, api, func(cfg *Config) { cfg.BaseURL = api.baseURL() + "///" })

	_, err := c.StepData(t.Context(), "f", "s")

	assert.NoError(t, err)
}

func TestStepData_RetriesServerErrorsThenSucceeds(t *testing.T) {
	t.Parallel()
	api := setup(t)
	seq := &statusSequence{statuses: []int{500, 502, 200}, body: `{"config":{"a":"b"}}`}
	api.mux.Handle("GET /v1/tasks/{flow}/steps/{step}", seq)
	c, rec := newTestClient(t, api)

	step, err := c.StepData(t.Context(), "f", "s")

	require.NoError(t, err)
	assert.Equal(t, "b", step.Config["a"])
	assert.Equal(t, 3, seq.count())
	assert.Equal(t, []time.Duration{time.Second, time.Second}, rec.got(), "3 attempts, 1000 ms apart")
}

func TestStepData_GivesUpAfterThreeAttempts(t *testing.T) {
	t.Parallel()
	api := setup(t)
	seq := &statusSequence{statuses: []int{503}}
	api.mux.Handle("GET /v1/tasks/{flow}/steps/{step}", seq)
	c, _ := newTestClient(t, api)

	_, err := c.StepData(t.Context(), "f", "s")

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.True(t, apiErr.Temporary())
	assert.Equal(t, 3, seq.count())
}

func TestStepData_ClientErrorFailsAtOnceWithMessage(t *testing.T) {
	t.Parallel()
	api := setup(t)
	var calls atomic.Int32
	api.mux.HandleFunc("GET /v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"error":"Step step_9 not found"}`)
	})
	c, rec := newTestClient(t, api)

	_, err := c.StepData(t.Context(), "flow-1", "step_9")

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	assert.Equal(t, "Step step_9 not found", apiErr.Message)
	assert.Equal(t, http.MethodGet, apiErr.Method)
	assert.Equal(t, api.baseURL()+"/v1/tasks/flow-1/steps/step_9", apiErr.URL)
	assert.False(t, apiErr.Temporary())
	assert.Equal(t, "platform: get step data: GET "+apiErr.URL+": status 404 Not Found: Step step_9 not found", err.Error())
	assert.Equal(t, int32(1), calls.Load())
	assert.Empty(t, rec.got())
}

func TestStepData_RetriesDroppedConnections(t *testing.T) {
	t.Parallel()
	api := setup(t)
	var calls atomic.Int32
	api.mux.HandleFunc("GET /v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) < 3 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if assert.NoError(t, err) {
				_ = conn.Close()
			}
			return
		}
		_, _ = io.WriteString(w, `{"variables":{"v":"1"}}`)
	})
	c, rec := newTestClient(t, api)

	step, err := c.StepData(t.Context(), "f", "s")

	require.NoError(t, err)
	assert.Equal(t, "1", step.Variables["v"])
	assert.Equal(t, int32(3), calls.Load())
	assert.Len(t, rec.got(), 2)
}

func TestStepData_UnreachableAPIIsRetriedThenReported(t *testing.T) {
	t.Parallel()
	api := setup(t)
	c, rec := newTestClient(t, api)
	api.Close()

	_, err := c.StepData(t.Context(), "f", "s")

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Zero(t, apiErr.StatusCode)
	assert.True(t, apiErr.Temporary())
	assert.Contains(t, err.Error(), "platform: get step data: GET ")
	assert.Len(t, rec.got(), 2, "three attempts")
}

func TestStepData_AttemptTimeoutIsRetried(t *testing.T) {
	t.Parallel()
	api := setup(t)
	var calls atomic.Int32
	api.mux.HandleFunc("GET /v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	c, rec := newTestClient(t, api, func(cfg *Config) {
		cfg.AttemptTimeout = 50 * time.Millisecond
		cfg.RESTAttempts = 2
	})

	_, err := c.StepData(t.Context(), "f", "s")

	require.ErrorIs(t, err, context.DeadlineExceeded)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.True(t, apiErr.Temporary())
	assert.Contains(t, err.Error(), "no complete response within 50ms")
	// Counted on the client side: under load the second attempt may time
	// out before the server even sees it.
	assert.Len(t, rec.got(), 1, "two attempts")
	assert.GreaterOrEqual(t, calls.Load(), int32(1))
}

func TestStepData_CallerCancellationStopsRetries(t *testing.T) {
	t.Parallel()
	api := setup(t)
	arrived := make(chan struct{}, 1)
	var calls atomic.Int32
	api.mux.HandleFunc("GET /v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		arrived <- struct{}{}
		<-r.Context().Done()
	})
	c, rec := newTestClient(t, api)
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		<-arrived
		cancel()
	}()

	_, err := c.StepData(ctx, "f", "s")

	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
	assert.Equal(t, int32(1), calls.Load())
	assert.Empty(t, rec.got())
}

func TestStepData_ReusesConnections(t *testing.T) {
	t.Parallel()
	api := setup(t)
	api.mux.HandleFunc("GET /v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, stepBody)
	})
	c, _ := newTestClient(t, api)

	for range 20 {
		_, err := c.StepData(t.Context(), "f", "s")
		require.NoError(t, err)
	}

	assert.Equal(t, int32(1), api.newConns.Load(), "sequential calls share one keep-alive connection")
}

func TestStepData_RejectsInvalidJSON(t *testing.T) {
	t.Parallel()
	api := setup(t)
	api.mux.HandleFunc("GET /v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"config": {`)
	})
	c, _ := newTestClient(t, api)

	_, err := c.StepData(t.Context(), "f", "s")

	require.Error(t, err)
	assert.Contains(t, err.Error(), "platform: get step data: invalid response")
}
