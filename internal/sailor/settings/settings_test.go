package settings

import (
	"errors"
	"maps"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// env is a fake environment.
type env map[string]string

func (e env) lookup(name string) (string, bool) {
	v, ok := e[name]
	return v, ok
}

// with returns a copy of e with kv (name, value pairs) applied.
func (e env) with(kv ...string) env {
	out := maps.Clone(e)
	for i := 0; i < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// without returns a copy of e lacking names.
func (e env) without(names ...string) env {
	out := maps.Clone(e)
	for _, n := range names {
		delete(out, n)
	}
	return out
}

const (
	secretKey      = "s3cr3t-api-key"
	secretPassword = "s3cr3t-crypto-password"
	secretAMQP     = "amqp://guest:s3cr3t-amqp@127.0.0.1:5672/vhost"
)

// validEnv has every required variable.
func validEnv() env {
	return env{
		"ELASTICIO_FLOW_ID":                 "flow-1",
		"ELASTICIO_EXEC_ID":                 "exec-1",
		"ELASTICIO_STEP_ID":                 "step_1",
		"ELASTICIO_CONTAINER_ID":            "container-1",
		"ELASTICIO_WORKSPACE_ID":            "ws-1",
		"ELASTICIO_USER_ID":                 "user-1",
		"ELASTICIO_COMP_ID":                 "comp-1",
		"ELASTICIO_FUNCTION":                "getWebinars",
		"ELASTICIO_API_URI":                 "http://127.0.0.1:9999/api//",
		"ELASTICIO_API_USERNAME":            "task-flow-1",
		"ELASTICIO_API_KEY":                 secretKey,
		"ELASTICIO_AMQP_URI":                secretAMQP,
		"ELASTICIO_LISTEN_MESSAGES_ON":      "ws:flow/ordinary:step_1:messages",
		"ELASTICIO_PUBLISH_MESSAGES_TO":     "ws_org",
		"ELASTICIO_DATA_ROUTING_KEY":        "data-key",
		"ELASTICIO_ERROR_ROUTING_KEY":       "error-key",
		"ELASTICIO_REBOUND_ROUTING_KEY":     "rebound-key",
		"ELASTICIO_SNAPSHOT_ROUTING_KEY":    "snapshot-key",
		"ELASTICIO_MESSAGE_CRYPTO_IV":       "iv=any16_symbols",
		"ELASTICIO_MESSAGE_CRYPTO_PASSWORD": secretPassword,
	}
}

func load(t *testing.T, e env) *Settings {
	t.Helper()
	s, err := Load(e.lookup)
	require.NoError(t, err)
	require.NotNil(t, s)
	return s
}

func loadErr(t *testing.T, e env) *Error {
	t.Helper()
	s, err := Load(e.lookup)
	require.Error(t, err)
	assert.Nil(t, s)
	var serr *Error
	require.True(t, errors.As(err, &serr), "error is *settings.Error: %v", err)
	return serr
}

func TestLoadRequiredValues(t *testing.T) {
	t.Parallel()
	s := load(t, validEnv())
	assert.Equal(t, "flow-1", s.FlowID)
	assert.Equal(t, "exec-1", s.ExecID)
	assert.Equal(t, "step_1", s.StepID)
	assert.Equal(t, "container-1", s.ContainerID)
	assert.Equal(t, "ws-1", s.WorkspaceID)
	assert.Equal(t, "user-1", s.UserID)
	assert.Equal(t, "comp-1", s.CompID)
	assert.Equal(t, "getWebinars", s.Function)
	assert.Equal(t, "http://127.0.0.1:9999/api", s.APIURI, "trailing slashes stripped")
	assert.Equal(t, "task-flow-1", s.APIUsername)
	assert.Equal(t, secretKey, s.APIKey)
	assert.Equal(t, secretAMQP, s.AMQPURI)
	assert.Equal(t, "ws:flow/ordinary:step_1:messages", s.ListenMessagesOn)
	assert.Equal(t, "ws_org", s.PublishMessagesTo)
	assert.Equal(t, "data-key", s.DataRoutingKey)
	assert.Equal(t, "error-key", s.ErrorRoutingKey)
	assert.Equal(t, "rebound-key", s.ReboundRoutingKey)
	assert.Equal(t, "snapshot-key", s.SnapshotRoutingKey)
	assert.Equal(t, "iv=any16_symbols", s.CryptoIV)
	assert.Equal(t, secretPassword, s.CryptoPassword)
}

func TestLoadDefaults(t *testing.T) {
	t.Parallel()
	s := load(t, validEnv())
	assert.Equal(t, 15*time.Second, s.ReboundInitialExpiration)
	assert.Equal(t, 20, s.ReboundLimit)
	assert.Equal(t, "", s.ComponentPath)
	assert.Equal(t, 1, s.Prefetch)
	assert.False(t, s.StartupRequired)
	assert.False(t, s.HookShutdown)
	assert.Equal(t, 3, s.APIRequestRetryAttempts)
	assert.Equal(t, 100*time.Millisecond, s.APIRequestRetryDelay)
	assert.Equal(t, 10, s.DataRateLimit)
	assert.Equal(t, 2, s.ErrorRateLimit)
	assert.Equal(t, 2, s.SnapshotRateLimit)
	assert.Equal(t, 100*time.Millisecond, s.RateInterval)
	assert.True(t, s.ProcessAMQPDrain)
	assert.Equal(t, 100*time.Millisecond, s.PublishRetryDelay)
	assert.Equal(t, 0, s.PublishRetryAttempts, "0 = unlimited")
	assert.Equal(t, 300*time.Second, s.PublishMaxRetryDelay)
	assert.False(t, s.PersistentMessages)
	assert.Equal(t, 10485760, s.OutgoingMessageSizeLimit)
	assert.False(t, s.NoSelfPassthrough)
	assert.Equal(t, 1, s.ProtocolVersion)
	assert.False(t, s.NoErrorReplies)
	assert.Equal(t, "default", s.InputFormat)
	assert.Equal(t, "", s.ObjectStorageURI)
	assert.Equal(t, "", s.ObjectStorageToken)
	assert.Equal(t, 1048576, s.ObjectStorageSizeThreshold)
	assert.False(t, s.EmitLightweightMessage)
	assert.Equal(t, 3, s.ReconnectAttempts)
	assert.Equal(t, 100*time.Millisecond, s.ReconnectTimeout)
	assert.Empty(t, s.AdditionalHeaders)
	assert.Equal(t, 30*time.Second, s.ShutdownTimeout)
	assert.Equal(t, time.Duration(0), s.MessageTimeout)
	assert.Equal(t, 60*time.Second, s.ReconnectMaxWait)
	assert.Equal(t, "info", s.LogLevel)
}

func TestLoadOptionalValues(t *testing.T) {
	t.Parallel()
	s := load(t, validEnv().with(
		"ELASTICIO_REBOUND_INITIAL_EXPIRATION", "1000",
		"ELASTICIO_REBOUND_LIMIT", "5",
		"ELASTICIO_COMPONENT_PATH", "/app",
		"ELASTICIO_RABBITMQ_PREFETCH_SAILOR", "8",
		"ELASTICIO_STARTUP_REQUIRED", "1",
		"ELASTICIO_API_REQUEST_RETRY_ATTEMPTS", "7",
		"ELASTICIO_API_REQUEST_RETRY_DELAY", "250",
		"ELASTICIO_DATA_RATE_LIMIT", "11",
		"ELASTICIO_ERROR_RATE_LIMIT", "12",
		"ELASTICIO_SNAPSHOT_RATE_LIMIT", "13",
		"ELASTICIO_RATE_INTERVAL", "1000",
		"ELASTICIO_PROCESS_AMQP_DRAIN", "false",
		"ELASTICIO_AMQP_PUBLISH_RETRY_DELAY", "50",
		"ELASTICIO_AMQP_PUBLISH_RETRY_ATTEMPTS", "9",
		"ELASTICIO_AMQP_PUBLISH_MAX_RETRY_DELAY", "2000",
		"ELASTICIO_AMQP_PERSISTENT_MESSAGES", "true",
		"ELASTICIO_OUTGOING_MESSAGE_SIZE_LIMIT", "1024",
		"ELASTICIO_NO_SELF_PASSTRHOUGH", "true",
		"ELASTICIO_PROTOCOL_VERSION", "2",
		"ELASTICIO_NO_ERROR_REPLIES", "yes",
		"ELASTICIO_INPUT_FORMAT", "error",
		"ELASTICIO_OBJECT_STORAGE_URI", "http://127.0.0.1:1/maester",
		"ELASTICIO_OBJECT_STORAGE_TOKEN", "tok",
		"ELASTICIO_OBJECT_STORAGE_SIZE_THRESHOLD", "2048",
		"ELASTICIO_EMIT_LIGHTWEIGHT_MESSAGE", "true",
		"ELASTICIO_AMQP_RECONNECT_ATTEMPTS", "4",
		"ELASTICIO_AMQP_RECONNECT_TIMEOUT", "300",
		"ELASTICIO_SHUTDOWN_TIMEOUT", "5000",
		"ELASTICIO_MESSAGE_TIMEOUT", "60000",
		"ELASTICIO_AMQP_RECONNECT_MAX_WAIT", "120000",
		"ELASTICIO_AMQP_PUBLISH_TIMEOUT", "5000",
		"ELASTICIO_AMQP_HEARTBEAT", "7200",
		"LOG_LEVEL", "debug",
	))
	assert.Equal(t, time.Second, s.ReboundInitialExpiration)
	assert.Equal(t, 5, s.ReboundLimit)
	assert.Equal(t, "/app", s.ComponentPath)
	assert.Equal(t, 8, s.Prefetch)
	assert.True(t, s.StartupRequired)
	assert.Equal(t, 7, s.APIRequestRetryAttempts)
	assert.Equal(t, 250*time.Millisecond, s.APIRequestRetryDelay)
	assert.Equal(t, 11, s.DataRateLimit)
	assert.Equal(t, 12, s.ErrorRateLimit)
	assert.Equal(t, 13, s.SnapshotRateLimit)
	assert.Equal(t, time.Second, s.RateInterval)
	assert.False(t, s.ProcessAMQPDrain)
	assert.Equal(t, 50*time.Millisecond, s.PublishRetryDelay)
	assert.Equal(t, 9, s.PublishRetryAttempts)
	assert.Equal(t, 2*time.Second, s.PublishMaxRetryDelay)
	assert.True(t, s.PersistentMessages)
	assert.Equal(t, 1024, s.OutgoingMessageSizeLimit)
	assert.True(t, s.NoSelfPassthrough)
	assert.Equal(t, 2, s.ProtocolVersion)
	assert.True(t, s.NoErrorReplies)
	assert.Equal(t, "error", s.InputFormat)
	assert.Equal(t, "http://127.0.0.1:1/maester", s.ObjectStorageURI)
	assert.Equal(t, "tok", s.ObjectStorageToken)
	assert.Equal(t, 2048, s.ObjectStorageSizeThreshold)
	assert.True(t, s.EmitLightweightMessage)
	assert.Equal(t, 4, s.ReconnectAttempts)
	assert.Equal(t, 300*time.Millisecond, s.ReconnectTimeout)
	assert.Equal(t, 5*time.Second, s.ShutdownTimeout)
	assert.Equal(t, time.Minute, s.MessageTimeout)
	assert.Equal(t, 2*time.Minute, s.ReconnectMaxWait)
	assert.Equal(t, 5*time.Second, s.PublishTimeout)
	assert.Equal(t, time.Hour, s.Heartbeat, "a heartbeat is capped at one hour")
	assert.Equal(t, "debug", s.LogLevel)
}

func TestMissingRequiredListsAll(t *testing.T) {
	t.Parallel()
	serr := loadErr(t, validEnv().without("ELASTICIO_FLOW_ID", "ELASTICIO_AMQP_URI"))
	assert.Equal(t, []string{"ELASTICIO_AMQP_URI", "ELASTICIO_FLOW_ID"}, serr.Missing)
	assert.Empty(t, serr.Invalid)
	assert.Equal(t, "settings: missing ELASTICIO_AMQP_URI, ELASTICIO_FLOW_ID", serr.Error())
}

func TestEmptyRequiredIsMissing(t *testing.T) {
	t.Parallel()
	serr := loadErr(t, validEnv().with("ELASTICIO_API_KEY", "", "ELASTICIO_EXEC_ID", ""))
	assert.Equal(t, []string{"ELASTICIO_API_KEY", "ELASTICIO_EXEC_ID"}, serr.Missing)
}

func TestEveryRequiredVariable(t *testing.T) {
	t.Parallel()
	serr := loadErr(t, env{})
	assert.Equal(t, []string{
		"ELASTICIO_AMQP_URI", "ELASTICIO_API_KEY", "ELASTICIO_API_URI",
		"ELASTICIO_API_USERNAME", "ELASTICIO_COMP_ID", "ELASTICIO_CONTAINER_ID",
		"ELASTICIO_DATA_ROUTING_KEY", "ELASTICIO_ERROR_ROUTING_KEY", "ELASTICIO_EXEC_ID",
		"ELASTICIO_FLOW_ID", "ELASTICIO_FUNCTION", "ELASTICIO_LISTEN_MESSAGES_ON",
		"ELASTICIO_MESSAGE_CRYPTO_IV", "ELASTICIO_MESSAGE_CRYPTO_PASSWORD",
		"ELASTICIO_PUBLISH_MESSAGES_TO", "ELASTICIO_REBOUND_ROUTING_KEY",
		"ELASTICIO_SNAPSHOT_ROUTING_KEY", "ELASTICIO_STEP_ID", "ELASTICIO_USER_ID",
		"ELASTICIO_WORKSPACE_ID",
	}, serr.Missing)
}

func TestMissingAndInvalidTogether(t *testing.T) {
	t.Parallel()
	serr := loadErr(t, validEnv().without("ELASTICIO_FLOW_ID", "ELASTICIO_AMQP_URI").with(
		"ELASTICIO_MESSAGE_CRYPTO_IV", "too-short",
		"ELASTICIO_INPUT_FORMAT", "weird",
	))
	assert.Equal(t, []string{"ELASTICIO_AMQP_URI", "ELASTICIO_FLOW_ID"}, serr.Missing)
	assert.Equal(t, []string{"ELASTICIO_INPUT_FORMAT", "ELASTICIO_MESSAGE_CRYPTO_IV"}, serr.Invalid)
	assert.Equal(t, "must be 16 bytes", serr.Reason("ELASTICIO_MESSAGE_CRYPTO_IV"))
	assert.Equal(t, `settings: missing ELASTICIO_AMQP_URI, ELASTICIO_FLOW_ID; `+
		`invalid ELASTICIO_INPUT_FORMAT (must be "default" or "error"), `+
		`ELASTICIO_MESSAGE_CRYPTO_IV (must be 16 bytes)`, serr.Error())
}

func TestCryptoIVCountsBytes(t *testing.T) {
	t.Parallel()
	// 15 characters, 16 UTF-8 bytes: what the cipher uses is the bytes.
	s := load(t, validEnv().with("ELASTICIO_MESSAGE_CRYPTO_IV", "é_any14_symbols"))
	assert.Len(t, s.CryptoIV, 16)

	serr := loadErr(t, validEnv().with("ELASTICIO_MESSAGE_CRYPTO_IV", "éé_any16_symbols"))
	assert.Equal(t, []string{"ELASTICIO_MESSAGE_CRYPTO_IV"}, serr.Invalid)
}

func TestInvalidValues(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, value string }{
		{"ELASTICIO_API_URI", "127.0.0.1:9999"},
		{"ELASTICIO_API_URI", "ftp://127.0.0.1/"},
		{"ELASTICIO_API_URI", "///"},
		{"LOG_LEVEL", "verbose"},
		{"ELASTICIO_INPUT_FORMAT", "ERROR"},
	}
	for _, tt := range tests {
		serr := loadErr(t, validEnv().with(tt.name, tt.value))
		assert.Equal(t, []string{tt.name}, serr.Invalid, tt.value)
		assert.NotContains(t, serr.Error(), tt.value)
	}
}

func TestHookShutdownRelaxesBrokerVariables(t *testing.T) {
	t.Parallel()
	e := validEnv().without(
		"ELASTICIO_AMQP_URI", "ELASTICIO_LISTEN_MESSAGES_ON", "ELASTICIO_PUBLISH_MESSAGES_TO",
		"ELASTICIO_DATA_ROUTING_KEY", "ELASTICIO_ERROR_ROUTING_KEY",
		"ELASTICIO_REBOUND_ROUTING_KEY", "ELASTICIO_SNAPSHOT_ROUTING_KEY",
		"ELASTICIO_MESSAGE_CRYPTO_IV", "ELASTICIO_MESSAGE_CRYPTO_PASSWORD",
	)
	s := load(t, e.with("ELASTICIO_HOOK_SHUTDOWN", "1"))
	assert.True(t, s.HookShutdown)
	assert.Empty(t, s.AMQPURI)

	// The identity variables stay required in hook mode.
	serr := loadErr(t, e.with("ELASTICIO_HOOK_SHUTDOWN", "true").without("ELASTICIO_FLOW_ID"))
	assert.Equal(t, []string{"ELASTICIO_FLOW_ID"}, serr.Missing)

	// A HOOK_SHUTDOWN that reads as false means normal mode, which needs a broker.
	serr = loadErr(t, e.with("ELASTICIO_HOOK_SHUTDOWN", "false"))
	assert.Contains(t, serr.Missing, "ELASTICIO_AMQP_URI")
	assert.Len(t, serr.Missing, 9)
}

func TestNoSecretInErrors(t *testing.T) {
	t.Parallel()
	secrets := []string{secretKey, secretPassword, "s3cr3t-amqp", "s3cr3t-api-uri"}
	e := validEnv().without("ELASTICIO_FLOW_ID").with(
		"ELASTICIO_MESSAGE_CRYPTO_IV", "s3cr3t-iv-of-wrong-length",
		"ELASTICIO_API_URI", "s3cr3t-api-uri",
		"LOG_LEVEL", secretKey,
	)
	_, err := Load(e.lookup)
	require.Error(t, err)
	for _, s := range append(secrets, "s3cr3t-iv") {
		assert.NotContains(t, err.Error(), s)
	}
}

func TestLogContext(t *testing.T) {
	t.Parallel()
	s := load(t, validEnv().with(
		"ELASTICIO_TENANT_ID", "tenant-1",
		"ELASTICIO_COMP_NAME", "gotowebinar",
		"ELASTICIO_TASK_USER_EMAIL", "",
	))
	assert.Equal(t, map[string]string{
		"ELASTICIO_API_USERNAME":    "task-flow-1",
		"ELASTICIO_COMP_ID":         "comp-1",
		"ELASTICIO_COMP_NAME":       "gotowebinar",
		"ELASTICIO_CONTAINER_ID":    "container-1",
		"ELASTICIO_EXEC_ID":         "exec-1",
		"ELASTICIO_FLOW_ID":         "flow-1",
		"ELASTICIO_FUNCTION":        "getWebinars",
		"ELASTICIO_STEP_ID":         "step_1",
		"ELASTICIO_TASK_USER_EMAIL": "",
		"ELASTICIO_TENANT_ID":       "tenant-1",
		"ELASTICIO_USER_ID":         "user-1",
		"ELASTICIO_WORKSPACE_ID":    "ws-1",
	}, s.LogContext)
	assert.NotContains(t, s.LogContext, "ELASTICIO_API_KEY")
}
