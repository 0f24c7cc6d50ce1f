package platform

import (
	"encoding/base64"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echoHandler is a hostile server: it answers every request with the given
// status and quotes the request's credentials and URL back in the body.
func echoHandler(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"error":"denied for `+r.Header.Get("Authorization")+
			` at `+r.RequestURI+` with `+strings.ReplaceAll(string(body), `"`, `'`)+`"}`)
	}
}

func TestSecretsNeverAppearInErrorsOrLogs(t *testing.T) {
	t.Parallel()
	api := setup(t)
	api.mux.Handle("GET /v1/tasks/{flow}/steps/{step}", echoHandler(http.StatusInternalServerError))
	api.mux.Handle("PUT /v1/accounts/{id}", echoHandler(http.StatusUnauthorized))
	api.mux.Handle("POST "+hooksPath, echoHandler(http.StatusBadGateway))
	api.mux.Handle("POST /results/{id}", echoHandler(http.StatusForbidden))
	api.mux.Handle("POST /objects", echoHandler(http.StatusServiceUnavailable))
	api.mux.Handle("GET /objects/{id}", echoHandler(http.StatusUnauthorized))

	log, logs := newLogger()
	c, _ := newTestClient(t, api, func(cfg *Config) { cfg.Logger = log })
	objects, err := NewObjectStorage(api.baseURL(), objectToken, nil, "flow-1", "step_1",
		WithObjectSleep((&sleepRecorder{}).sleep), WithObjectLogger(log))
	require.NoError(t, err)

	ctx := t.Context()
	var errs []error
	_, err = c.StepData(ctx, "flow-1", "step_1")
	errs = append(errs, err)
	errs = append(errs, c.UpdateAccount(ctx, "acc-1", map[string]any{"password": "user-Pa55word!"}))
	errs = append(errs, c.PutStartupState(ctx, "flow-1", map[string]any{"a": 1}))
	errs = append(errs, c.PostServiceResult(ctx, resultURL(api), SuccessResult(nil)))
	_, err = objects.Put(ctx, []byte("cipher"))
	errs = append(errs, err)
	_, err = objects.Get(ctx, "o-1")
	errs = append(errs, err)
	unreachable := setup(t)
	unreachable.Close()
	errs = append(errs, c.PostServiceResult(ctx, resultURL(unreachable), SuccessResult(nil)))
	_, err = NewClient(Config{BaseURL: "ftp://u:" + testAPIKey + "@x", Username: testUser, APIKey: testAPIKey})
	errs = append(errs, err)

	secrets := map[string]string{
		"API key":             testAPIKey,
		"Basic credentials":   base64.StdEncoding.EncodeToString([]byte(testUser + ":" + testAPIKey)),
		"object token":        objectToken,
		"result URL password": resultPassword,
		"result Basic":        base64.StdEncoding.EncodeToString([]byte("exec-user:" + resultPassword)),
		"new account key":     "user-Pa55word!",
	}
	require.NotEmpty(t, logs.String(), "retries were logged")
	assert.Contains(t, errs[0].Error(), redactedMark, "the echoed credentials were redacted, not dropped")
	for i, err := range errs {
		require.Error(t, err, "call %d", i)
		for name, secret := range secrets {
			assert.NotContains(t, err.Error(), secret, "call %d leaks the %s", i, name)
		}
	}
	for name, secret := range secrets {
		assert.NotContains(t, logs.String(), secret, "logs leak the %s", name)
	}
}
