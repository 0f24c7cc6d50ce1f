package settings

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func serviceEnv() env {
	return env{
		"ELASTICIO_POST_RESULT_URL":   "http://user:s3cr3t-post@127.0.0.1:9/base/result",
		"ELASTICIO_CFG":               `{"oauth":{"refresh_token":"s3cr3t-rt"},"organizerKey":300000000001234567}`,
		"ELASTICIO_API_URI":           "http://127.0.0.1:9/api/",
		"ELASTICIO_API_USERNAME":      "user",
		"ELASTICIO_API_KEY":           secretKey,
		"ELASTICIO_ACTION_OR_TRIGGER": "createRegistrant",
		"ELASTICIO_GET_MODEL_METHOD":  "webinars",
		"ELASTICIO_FLOW_ID":           "flow-1",
	}
}

func TestLoadService(t *testing.T) {
	t.Parallel()
	s, err := LoadService(serviceEnv().lookup)
	require.NoError(t, err)
	assert.Equal(t, "http://user:s3cr3t-post@127.0.0.1:9/base/result", s.PostResultURL)
	assert.Equal(t, "http://127.0.0.1:9/api", s.APIURI)
	assert.Equal(t, "user", s.APIUsername)
	assert.Equal(t, secretKey, s.APIKey)
	assert.Equal(t, "createRegistrant", s.ActionOrTrigger)
	assert.Equal(t, "webinars", s.GetModelMethod)
	assert.Equal(t, "", s.ComponentPath)
	assert.Equal(t, 3, s.APIRequestRetryAttempts)
	assert.Equal(t, 100*time.Millisecond, s.APIRequestRetryDelay)
	assert.Equal(t, "info", s.LogLevel)
	assert.Equal(t, map[string]string{"ELASTICIO_API_USERNAME": "user", "ELASTICIO_FLOW_ID": "flow-1"}, s.LogContext)
	assert.Equal(t, json.Number("300000000001234567"), s.Cfg["organizerKey"], "numbers kept exact")
	assert.Equal(t, map[string]any{"refresh_token": "s3cr3t-rt"}, s.Cfg["oauth"])
	for _, m := range []string{"verifyCredentials", "getMetaModel", "selectModel", "SELECTMODEL"} {
		assert.NoError(t, s.Validate(m), m)
	}
}

func TestLoadServiceUnparsableCfg(t *testing.T) {
	t.Parallel()
	for _, cfg := range []string{`{"a":`, `[1]`, `null`, `"s3cr3t"`, `{"a":1} {}`, `s3cr3t`} {
		s, err := LoadService(serviceEnv().with("ELASTICIO_CFG", cfg).lookup)
		require.NoError(t, err, "the call still runs, to post its error result")
		err = s.Validate("verifyCredentials")
		var serr *Error
		require.True(t, errors.As(err, &serr), cfg)
		assert.Equal(t, []string{"ELASTICIO_CFG"}, serr.Invalid, cfg)
		assert.Equal(t, "settings: invalid ELASTICIO_CFG (unable to parse CFG)", err.Error())
		assert.Equal(t, "Unable to parse CFG", s.NodeProblem("verifyCredentials"), cfg)
	}
}

func TestServiceNodeProblem(t *testing.T) {
	t.Parallel()
	// Each step unsets one more variable: the message is always that of
	// the first problem in the Node sailor's order.
	tests := []struct {
		method, unset, want string
	}{
		{"selectModel", "", ""},
		{"selectModel", "ELASTICIO_GET_MODEL_METHOD", "ELASTICIO_GET_MODEL_METHOD is not provided"},
		{"getMetaModel", "ELASTICIO_GET_MODEL_METHOD", ""},
		{"selectModel", "ELASTICIO_ACTION_OR_TRIGGER", "ELASTICIO_ACTION_OR_TRIGGER is not provided"},
		{"verifyCredentials", "ELASTICIO_ACTION_OR_TRIGGER", ""},
		{"verifyCredentials", "ELASTICIO_API_KEY", "ELASTICIO_API_KEY is not provided"},
		{"verifyCredentials", "ELASTICIO_API_USERNAME", "ELASTICIO_API_USERNAME is not provided"},
		{"verifyCredentials", "ELASTICIO_API_URI", "ELASTICIO_API_URI is not provided"},
		{"verifyCredentials", "ELASTICIO_CFG", "ELASTICIO_CFG is not provided"},
		{"dropTables", "", `Unknown service method "dropTables"`},
	}
	e := serviceEnv().with("ELASTICIO_CFG", `{"a":`)
	s, err := LoadService(e.lookup)
	require.NoError(t, err)
	assert.Equal(t, "Unable to parse CFG", s.NodeProblem("selectModel"), "checked after the variables are there")
	e = serviceEnv()
	for _, tt := range tests {
		if tt.unset != "" {
			e = e.with(tt.unset, "")
		}
		s, err := LoadService(e.lookup)
		require.NoError(t, err)
		assert.Equal(t, tt.want, s.NodeProblem(tt.method), "%s without %s", tt.method, tt.unset)
	}
}

func TestServiceValidateByMethod(t *testing.T) {
	t.Parallel()
	base := []string{
		"ELASTICIO_API_KEY", "ELASTICIO_API_URI", "ELASTICIO_API_USERNAME",
		"ELASTICIO_CFG", "ELASTICIO_POST_RESULT_URL",
	}
	tests := []struct {
		method string
		extra  []string
	}{
		{"verifyCredentials", nil},
		{"getMetaModel", []string{"ELASTICIO_ACTION_OR_TRIGGER"}},
		{"selectModel", []string{"ELASTICIO_ACTION_OR_TRIGGER", "ELASTICIO_GET_MODEL_METHOD"}},
	}
	s, err := LoadService(env{}.lookup)
	require.NoError(t, err)
	for _, tt := range tests {
		err := s.Validate(tt.method)
		var serr *Error
		require.True(t, errors.As(err, &serr), tt.method)
		want := append(append([]string{}, tt.extra...), base...)
		assert.ElementsMatch(t, want, serr.Missing, tt.method)
		assert.IsNonDecreasing(t, serr.Missing)
	}
}

func TestServiceValidateUnknownMethod(t *testing.T) {
	t.Parallel()
	s, err := LoadService(serviceEnv().lookup)
	require.NoError(t, err)
	assert.ErrorIs(t, s.Validate("dropTables"), ErrUnknownMethod)
}

func TestServiceErrorsHideSecrets(t *testing.T) {
	t.Parallel()
	s, err := LoadService(serviceEnv().with("ELASTICIO_CFG", `{"password":"s3cr3t`).lookup)
	require.NoError(t, err)
	err = s.Validate("verifyCredentials")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cr3t")
	assert.NotContains(t, s.NodeProblem("verifyCredentials"), "s3cr3t")
}
