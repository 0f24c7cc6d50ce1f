package platform

import (
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const resultPassword = "p4ss-Result-91b2"

// resultURL is the service-mode result URL with credentials and a query.
func resultURL(api *fakeAPI) string {
	return strings.Replace(api.baseURL(), "http://", "http://exec-user:"+resultPassword+"@", 1) + "/results/exec-1?token=abc"
}

func TestPostServiceResult_MovesUserinfoToBasicAuth(t *testing.T) {
	t.Parallel()
	api := setup(t)
	api.mux.HandleFunc("/results/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "/api/results/exec-1?token=abc", r.RequestURI)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assert.Equal(t, "Keep-Alive", r.Header.Get("Connection"))
		user, pass, ok := r.BasicAuth()
		assert.True(t, ok)
		assert.Equal(t, "exec-user", user)
		assert.Equal(t, resultPassword, pass)
		assert.Equal(t, map[string]any{"status": "success", "data": map[string]any{"verified": true}}, readJSON(t, r))
	})
	c, _ := newTestClient(t, api)

	err := c.PostServiceResult(t.Context(), resultURL(api), SuccessResult(map[string]any{"verified": true}))

	assert.NoError(t, err)
}

func TestPostServiceResult_ErrorResultShape(t *testing.T) {
	t.Parallel()
	api := setup(t)
	api.mux.HandleFunc("POST /results/{id}", func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, map[string]any{"status": "error", "data": map[string]any{"message": "Unable to parse CFG"}}, readJSON(t, r))
	})
	c, _ := newTestClient(t, api)

	err := c.PostServiceResult(t.Context(), resultURL(api), ErrorResult("Unable to parse CFG"))

	assert.NoError(t, err)
}

func TestPostServiceResult_OnlyStatus200CountsAsDelivered(t *testing.T) {
	t.Parallel()
	for _, status := range []int{http.StatusCreated, http.StatusNoContent, http.StatusBadRequest, http.StatusUnauthorized} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			api := setup(t)
			seq := &statusSequence{statuses: []int{status}}
			api.mux.Handle("POST /results/{id}", seq)
			c, rec := newTestClient(t, api)

			err := c.PostServiceResult(t.Context(), resultURL(api), SuccessResult(nil))

			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, status, apiErr.StatusCode)
			assert.Equal(t, api.baseURL()+"/results/exec-1", apiErr.URL, "no credentials, no query")
			assert.Contains(t, err.Error(), "platform: post service result: POST "+api.baseURL()+"/results/exec-1")
			assert.NotContains(t, err.Error(), resultPassword)
			assert.Equal(t, 1, seq.count(), "not retried")
			assert.Empty(t, rec.got())
		})
	}
}

func TestPostServiceResult_ServerErrorsAndNetworkErrorsAreRetried(t *testing.T) {
	t.Parallel()
	api := setup(t)
	var calls atomic.Int32
	api.mux.HandleFunc("POST /results/{id}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		switch calls.Add(1) {
		case 1:
			w.WriteHeader(http.StatusServiceUnavailable)
		case 2:
			conn, _, err := http.NewResponseController(w).Hijack()
			if assert.NoError(t, err) {
				_ = conn.Close()
			}
		}
	})
	c, rec := newTestClient(t, api)

	err := c.PostServiceResult(t.Context(), resultURL(api), SuccessResult("ok"))

	require.NoError(t, err)
	assert.Equal(t, int32(3), calls.Load())
	assert.Equal(t, []time.Duration{100 * time.Millisecond, 100 * time.Millisecond}, rec.got())
}

func TestPostServiceResult_SingleAttemptWhenConfigured(t *testing.T) {
	t.Parallel()
	api := setup(t)
	seq := &statusSequence{statuses: []int{500}}
	api.mux.Handle("POST /results/{id}", seq)
	c, _ := newTestClient(t, api, func(cfg *Config) { cfg.RetryAttempts = 1 })

	err := c.PostServiceResult(t.Context(), resultURL(api), SuccessResult("ok"))

	require.Error(t, err)
	assert.Equal(t, 1, seq.count())
}

func TestPostServiceResult_BadURLIsReportedWithoutQuotingIt(t *testing.T) {
	t.Parallel()
	api := setup(t)
	c, _ := newTestClient(t, api)

	for _, raw := range []string{"", "://user:" + resultPassword + "@x", "ftp://user:" + resultPassword + "@host/x", "/relative"} {
		err := c.PostServiceResult(t.Context(), raw, SuccessResult(nil))
		require.Error(t, err, raw)
		assert.True(t, strings.HasPrefix(err.Error(), "platform: post service result: "), err.Error())
		assert.NotContains(t, err.Error(), resultPassword)
	}
}

func TestPostServiceResult_RedirectIsNotFollowed(t *testing.T) {
	t.Parallel()
	api := setup(t)
	var followed atomic.Int32
	api.mux.HandleFunc("POST /results/{id}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, basePath+"/elsewhere", http.StatusFound)
	})
	api.mux.HandleFunc("/elsewhere", func(w http.ResponseWriter, r *http.Request) {
		followed.Add(1)
	})
	c, _ := newTestClient(t, api)

	err := c.PostServiceResult(t.Context(), resultURL(api), SuccessResult("ok"))

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusFound, apiErr.StatusCode)
	assert.Zero(t, followed.Load())
}
