package platform

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClient_ReportsEveryMissingField(t *testing.T) {
	t.Parallel()
	_, err := NewClient(Config{})

	assert.EqualError(t, err, "platform: new client: Username is missing; APIKey is missing; base URL is missing")
}

func TestNewClient_RejectsNonHTTPBaseURL(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"api.elastic.io", "ftp://api.elastic.io", "http://", "://bad"} {
		_, err := NewClient(Config{BaseURL: base, Username: testUser, APIKey: testAPIKey})
		assert.Error(t, err, base)
	}
}

func TestNewClient_BaseURLCredentialsAreNotSent(t *testing.T) {
	t.Parallel()
	api := setup(t)
	api.mux.HandleFunc("GET /v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
		assertBasicAuth(t, r)
		w.WriteHeader(http.StatusNotFound)
	})
	c, _ := newTestClient(t, api, func(cfg *Config) {
		cfg.BaseURL = strings.Replace(api.baseURL(), "http://", "http://other:hidden-pw-123@", 1)
	})

	_, err := c.StepData(t.Context(), "f", "s")

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, api.baseURL()+"/v1/tasks/f/steps/s", apiErr.URL)
	assert.NotContains(t, err.Error(), "hidden-pw-123")
}
