package platform

import (
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUpdateAccount_PutsKeys(t *testing.T) {
	t.Parallel()
	api := setup(t)
	var calls atomic.Int32
	api.mux.HandleFunc("/v1/accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		assert.Equal(t, http.MethodPut, r.Method)
		assert.Equal(t, "/api/v1/accounts/acc-1", r.RequestURI)
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		assertBasicAuth(t, r)
		assert.Equal(t, map[string]any{"keys": map[string]any{
			"oauth": map[string]any{"access_token": "new-access", "refresh_token": "new-refresh"},
		}}, readJSON(t, r))
		_, _ = io.WriteString(w, `{"id":"acc-1"}`)
	})
	c, _ := newTestClient(t, api)

	err := c.UpdateAccount(t.Context(), "acc-1", map[string]any{
		"oauth": map[string]any{"access_token": "new-access", "refresh_token": "new-refresh"},
	})

	require.NoError(t, err)
	assert.Equal(t, int32(1), calls.Load())
}

func TestUpdateAccount_RejectsMissingInputWithoutARequest(t *testing.T) {
	t.Parallel()
	api := setup(t)
	c, _ := newTestClient(t, api)

	err := c.UpdateAccount(t.Context(), "", map[string]any{"a": "b"})
	assert.ErrorIs(t, err, ErrMissingAccountID)
	assert.EqualError(t, err, "platform: update account: account id is missing")

	err = c.UpdateAccount(t.Context(), "acc-1", nil)
	assert.ErrorIs(t, err, ErrNoKeys)
	assert.Zero(t, api.newConns.Load(), "no request was made")
}

func TestUpdateAccount_ErrorDoesNotEchoNewKeys(t *testing.T) {
	t.Parallel()
	api := setup(t)
	api.mux.HandleFunc("PUT /v1/accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusUnprocessableEntity)
		_, _ = w.Write(body) // a server that quotes the request back
	})
	c, _ := newTestClient(t, api)

	err := c.UpdateAccount(t.Context(), "acc-1", map[string]any{"refresh_token": "rt-9f8e7d6c5b4a"})

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnprocessableEntity, apiErr.StatusCode)
	assert.NotContains(t, err.Error(), "rt-9f8e7d6c5b4a")
	assert.Contains(t, err.Error(), redactedMark)
}
