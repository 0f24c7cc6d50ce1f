package settings

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/bunyan"
	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
)

// Input formats of ELASTICIO_INPUT_FORMAT.
const (
	InputFormatDefault = "default"
	InputFormatError   = "error"
)

// logContextVars are the variables every log record carries when set
// (sailor-protocol.md §2.5).
var logContextVars = []string{
	"API_USERNAME", "COMP_ID", "COMP_NAME", "CONTAINER_ID", "CONTRACT_ID",
	"EXEC_ID", "EXEC_TYPE", "EXECUTION_RESULT_ID", "FLOW_ID", "FLOW_VERSION",
	"FUNCTION", "STEP_ID", "TASK_USER_EMAIL", "TENANT_ID", "USER_ID",
	"WORKSPACE_ID",
}

// Load reads the message-processing settings through env (os.LookupEnv in
// main). It returns the settings together with an *Error listing every
// missing or invalid variable, sorted; the settings are nil then.
//
// The variables of sailor-protocol.md §2.2 are always required, those of
// §2.3 (AMQP, routing keys, crypto) only when ELASTICIO_HOOK_SHUTDOWN is
// false. Node relaxes them for any non-empty HOOK_SHUTDOWN, even "false",
// and then runs normal mode without a broker; here the relaxation follows
// the parsed flag, so the two always agree.
func Load(env func(string) (string, bool)) (*Settings, error) {
	r := &reader{lookup: env}
	s := &Settings{}
	readIdentity(r, s)
	s.HookShutdown = r.boolean(prefix+"HOOK_SHUTDOWN", false)
	readBroker(r, s, !s.HookShutdown)
	readOptional(r, s)
	s.AdditionalHeaders = additionalHeaders(env)
	s.LogLevel = readLogLevel(r)
	s.LogContext = logContext(env)
	if err := r.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// readIdentity reads the always-required variables.
func readIdentity(r *reader, s *Settings) {
	s.FlowID = r.required(prefix + "FLOW_ID")
	s.ExecID = r.required(prefix + "EXEC_ID")
	s.StepID = r.required(prefix + "STEP_ID")
	s.ContainerID = r.required(prefix + "CONTAINER_ID")
	s.WorkspaceID = r.required(prefix + "WORKSPACE_ID")
	s.UserID = r.required(prefix + "USER_ID")
	s.CompID = r.required(prefix + "COMP_ID")
	s.Function = r.required(prefix + "FUNCTION")
	s.APIURI = readAPIURI(r, true)
	s.APIUsername = r.required(prefix + "API_USERNAME")
	s.APIKey = r.required(prefix + "API_KEY")
}

// readBroker reads the AMQP, routing and crypto variables, required or not.
func readBroker(r *reader, s *Settings, required bool) {
	get := r.raw
	if required {
		get = r.required
	}
	s.AMQPURI = get(prefix + "AMQP_URI")
	s.ListenMessagesOn = get(prefix + "LISTEN_MESSAGES_ON")
	s.PublishMessagesTo = get(prefix + "PUBLISH_MESSAGES_TO")
	s.DataRoutingKey = get(prefix + "DATA_ROUTING_KEY")
	s.ErrorRoutingKey = get(prefix + "ERROR_ROUTING_KEY")
	s.ReboundRoutingKey = get(prefix + "REBOUND_ROUTING_KEY")
	s.SnapshotRoutingKey = get(prefix + "SNAPSHOT_ROUTING_KEY")
	s.CryptoIV = get(prefix + "MESSAGE_CRYPTO_IV")
	s.CryptoPassword = get(prefix + "MESSAGE_CRYPTO_PASSWORD")
	if s.CryptoIV != "" && len(s.CryptoIV) != cipher.IVSize {
		r.addInvalid(prefix+"MESSAGE_CRYPTO_IV", fmt.Sprintf("must be %d bytes", cipher.IVSize))
	}
}

// readOptional reads the variables with defaults (§2.4 and our own).
func readOptional(r *reader, s *Settings) {
	s.ReboundInitialExpiration = r.millis(prefix+"REBOUND_INITIAL_EXPIRATION", 15000*time.Millisecond)
	s.ReboundLimit = r.integer(prefix+"REBOUND_LIMIT", 20)
	s.ComponentPath = r.str(prefix+"COMPONENT_PATH", "")
	s.Prefetch = r.integer(prefix+"RABBITMQ_PREFETCH_SAILOR", 1)
	s.StartupRequired = r.boolean(prefix+"STARTUP_REQUIRED", false)
	s.APIRequestRetryAttempts = r.integer(prefix+"API_REQUEST_RETRY_ATTEMPTS", DefaultAPIRequestRetryAttempts)
	s.APIRequestRetryDelay = r.millis(prefix+"API_REQUEST_RETRY_DELAY", DefaultAPIRequestRetryDelay)
	s.DataRateLimit = r.integer(prefix+"DATA_RATE_LIMIT", 10)
	s.ErrorRateLimit = r.integer(prefix+"ERROR_RATE_LIMIT", 2)
	s.SnapshotRateLimit = r.integer(prefix+"SNAPSHOT_RATE_LIMIT", 2)
	s.RateInterval = r.millis(prefix+"RATE_INTERVAL", 100*time.Millisecond)
	s.ProcessAMQPDrain = r.boolean(prefix+"PROCESS_AMQP_DRAIN", true)
	s.PublishRetryDelay = r.millis(prefix+"AMQP_PUBLISH_RETRY_DELAY", 100*time.Millisecond)
	s.PublishRetryAttempts = r.integer(prefix+"AMQP_PUBLISH_RETRY_ATTEMPTS", 0)
	s.PublishMaxRetryDelay = r.millis(prefix+"AMQP_PUBLISH_MAX_RETRY_DELAY", 300000*time.Millisecond)
	s.PersistentMessages = r.boolean(prefix+"AMQP_PERSISTENT_MESSAGES", false)
	s.OutgoingMessageSizeLimit = r.integer(prefix+"OUTGOING_MESSAGE_SIZE_LIMIT", 10485760)
	s.NoSelfPassthrough = r.boolean(prefix+"NO_SELF_PASSTRHOUGH", false)
	s.ProtocolVersion = r.integer(prefix+"PROTOCOL_VERSION", 1)
	s.NoErrorReplies = r.boolean(prefix+"NO_ERROR_REPLIES", false)
	s.InputFormat = r.str(prefix+"INPUT_FORMAT", InputFormatDefault)
	if s.InputFormat != InputFormatDefault && s.InputFormat != InputFormatError {
		r.addInvalid(prefix+"INPUT_FORMAT", `must be "default" or "error"`)
	}
	s.ObjectStorageURI = r.str(prefix+"OBJECT_STORAGE_URI", "")
	s.ObjectStorageToken = r.str(prefix+"OBJECT_STORAGE_TOKEN", "")
	s.ObjectStorageSizeThreshold = r.integer(prefix+"OBJECT_STORAGE_SIZE_THRESHOLD", 1048576)
	s.EmitLightweightMessage = r.boolean(prefix+"EMIT_LIGHTWEIGHT_MESSAGE", false)
	s.ReconnectAttempts = r.integer(prefix+"AMQP_RECONNECT_ATTEMPTS", 3)
	s.ReconnectTimeout = r.millis(prefix+"AMQP_RECONNECT_TIMEOUT", 100*time.Millisecond)
	s.ShutdownTimeout = r.millis(prefix+"SHUTDOWN_TIMEOUT", 30000*time.Millisecond)
	s.MessageTimeout = r.millis(prefix+"MESSAGE_TIMEOUT", 0)
	s.ReconnectMaxWait = r.millis(prefix+"AMQP_RECONNECT_MAX_WAIT", 60000*time.Millisecond)
	s.PublishTimeout = r.millis(prefix+"AMQP_PUBLISH_TIMEOUT", 30000*time.Millisecond)
	s.Heartbeat = time.Duration(min(r.integer(prefix+"AMQP_HEARTBEAT", 10), 3600)) * time.Second
}

// readAPIURI reads ELASTICIO_API_URI without trailing slashes, so paths
// can be appended, and checks it is an absolute http(s) URL.
func readAPIURI(r *reader, required bool) string {
	const name = prefix + "API_URI"
	get := r.raw
	if required {
		get = r.required
	}
	raw := get(name)
	if raw == "" {
		return ""
	}
	v := strings.TrimRight(raw, "/")
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		r.addInvalid(name, "must be an absolute http(s) URL")
	}
	return v
}

// readLogLevel reads LOG_LEVEL, which must be a bunyan level.
func readLogLevel(r *reader) string {
	const name = "LOG_LEVEL"
	v := r.str(name, "info")
	if _, err := bunyan.ParseLevel(v); err != nil {
		r.addInvalid(name, "must be a bunyan level: trace, debug, info, warn, error or fatal")
	}
	return v
}

// logContext collects the §2.5 variables that are set.
func logContext(env func(string) (string, bool)) map[string]string {
	ctx := make(map[string]string)
	for _, name := range logContextVars {
		if v, ok := env(prefix + name); ok {
			ctx[prefix+name] = v
		}
	}
	return ctx
}
