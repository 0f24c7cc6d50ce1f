package settings

import "time"

// Settings is the configuration of a sailor in message-processing mode,
// read once from the environment by Load. Names below are the full
// variable names; "required" means Load fails without them.
//
// Secrets (APIKey, CryptoPassword, AMQPURI, ObjectStorageToken) must not
// be logged; no error of this package contains any value.
type Settings struct {
	// FlowID is ELASTICIO_FLOW_ID (required): the flow (task) id, sent as
	// the taskId header and used as the log tag.
	FlowID string
	// ExecID is ELASTICIO_EXEC_ID (required), sent as the execId header.
	ExecID string
	// StepID is ELASTICIO_STEP_ID (required): this step, e.g. "step_1".
	StepID string
	// ContainerID is ELASTICIO_CONTAINER_ID (required), the containerId header.
	ContainerID string
	// WorkspaceID is ELASTICIO_WORKSPACE_ID (required), the workspaceId header.
	WorkspaceID string
	// UserID is ELASTICIO_USER_ID (required), the userId header.
	UserID string
	// CompID is ELASTICIO_COMP_ID (required), the compId header.
	CompID string
	// Function is ELASTICIO_FUNCTION (required): the trigger or action key
	// in component.json to run.
	Function string

	// APIURI is ELASTICIO_API_URI (required): the platform REST base URL,
	// trailing slashes removed; must be an absolute http(s) URL.
	APIURI string
	// APIUsername is ELASTICIO_API_USERNAME (required), the API Basic-auth user.
	APIUsername string
	// APIKey is ELASTICIO_API_KEY (required, secret), the API Basic-auth password.
	APIKey string

	// AMQPURI is ELASTICIO_AMQP_URI (required unless HookShutdown; secret,
	// it embeds the broker password).
	AMQPURI string
	// ListenMessagesOn is ELASTICIO_LISTEN_MESSAGES_ON (required unless
	// HookShutdown): the queue to consume.
	ListenMessagesOn string
	// PublishMessagesTo is ELASTICIO_PUBLISH_MESSAGES_TO (required unless
	// HookShutdown): the exchange every message is published to.
	PublishMessagesTo string
	// DataRoutingKey is ELASTICIO_DATA_ROUTING_KEY (required unless
	// HookShutdown), the routing key of data messages.
	DataRoutingKey string
	// ErrorRoutingKey is ELASTICIO_ERROR_ROUTING_KEY (required unless
	// HookShutdown), the routing key of error messages.
	ErrorRoutingKey string
	// ReboundRoutingKey is ELASTICIO_REBOUND_ROUTING_KEY (required unless
	// HookShutdown), the routing key of rebounds.
	ReboundRoutingKey string
	// SnapshotRoutingKey is ELASTICIO_SNAPSHOT_ROUTING_KEY (required unless
	// HookShutdown), the routing key of snapshot and updateSnapshot.
	SnapshotRoutingKey string
	// CryptoIV is ELASTICIO_MESSAGE_CRYPTO_IV (required unless
	// HookShutdown): the AES IV, whose UTF-8 encoding must be 16 bytes.
	CryptoIV string
	// CryptoPassword is ELASTICIO_MESSAGE_CRYPTO_PASSWORD (required unless
	// HookShutdown; secret): the AES key is its SHA-256.
	CryptoPassword string

	// ReboundInitialExpiration is ELASTICIO_REBOUND_INITIAL_EXPIRATION in
	// ms, default 15000: the TTL of the first rebound, doubled per iteration.
	ReboundInitialExpiration time.Duration
	// ReboundLimit is ELASTICIO_REBOUND_LIMIT, default 20: the most rebound
	// iterations before the message is given up as an error.
	ReboundLimit int
	// ComponentPath is ELASTICIO_COMPONENT_PATH, default "": the component
	// root relative to the working directory.
	ComponentPath string
	// Prefetch is ELASTICIO_RABBITMQ_PREFETCH_SAILOR, default 1: the
	// basic.qos prefetch, i.e. messages processed concurrently.
	Prefetch int
	// StartupRequired is ELASTICIO_STARTUP_REQUIRED, default false: run the
	// startup hook and persist its result.
	StartupRequired bool
	// HookShutdown is ELASTICIO_HOOK_SHUTDOWN, default false: run the
	// shutdown hook instead of processing messages. When true the AMQP and
	// crypto variables are not required.
	HookShutdown bool
	// APIRequestRetryAttempts is ELASTICIO_API_REQUEST_RETRY_ATTEMPTS,
	// default 3: attempts of platform API calls (hooks data).
	APIRequestRetryAttempts int
	// APIRequestRetryDelay is ELASTICIO_API_REQUEST_RETRY_DELAY in ms,
	// default 100: the pause between those attempts.
	APIRequestRetryDelay time.Duration
	// DataRateLimit is ELASTICIO_DATA_RATE_LIMIT, default 10: data
	// publishes allowed per RateInterval.
	DataRateLimit int
	// ErrorRateLimit is ELASTICIO_ERROR_RATE_LIMIT, default 2: error
	// publishes allowed per RateInterval.
	ErrorRateLimit int
	// SnapshotRateLimit is ELASTICIO_SNAPSHOT_RATE_LIMIT, default 2:
	// snapshot publishes allowed per RateInterval.
	SnapshotRateLimit int
	// RateInterval is ELASTICIO_RATE_INTERVAL in ms, default 100: the
	// window of the three rate limits.
	RateInterval time.Duration
	// ProcessAMQPDrain is ELASTICIO_PROCESS_AMQP_DRAIN, default true: wait
	// for the connection's write buffer to drain before a publish returns.
	ProcessAMQPDrain bool
	// PublishRetryDelay is ELASTICIO_AMQP_PUBLISH_RETRY_DELAY in ms, default
	// 100: the base of the exponential publish back-off.
	PublishRetryDelay time.Duration
	// PublishRetryAttempts is ELASTICIO_AMQP_PUBLISH_RETRY_ATTEMPTS, default
	// 0 meaning unlimited (Node's Infinity): publish attempts per message.
	PublishRetryAttempts int
	// PublishMaxRetryDelay is ELASTICIO_AMQP_PUBLISH_MAX_RETRY_DELAY in ms,
	// default 300000: the cap of the publish back-off.
	PublishMaxRetryDelay time.Duration
	// PersistentMessages is ELASTICIO_AMQP_PERSISTENT_MESSAGES, default
	// false: publish with delivery mode 2.
	PersistentMessages bool
	// OutgoingMessageSizeLimit is ELASTICIO_OUTGOING_MESSAGE_SIZE_LIMIT in
	// bytes, default 10485760: the largest encoded data or httpReply body.
	OutgoingMessageSizeLimit int
	// NoSelfPassthrough is ELASTICIO_NO_SELF_PASSTRHOUGH (sic, the platform
	// spells it so), default false: the passthrough variant that leaves out
	// the emitting step.
	NoSelfPassthrough bool
	// ProtocolVersion is ELASTICIO_PROTOCOL_VERSION, default 1: encoding of
	// outgoing data bodies, 1 base64 text, 2 (or more) raw bytes.
	ProtocolVersion int
	// NoErrorReplies is ELASTICIO_NO_ERROR_REPLIES, default false: do not
	// copy error messages to the reply_to queue.
	NoErrorReplies bool
	// InputFormat is ELASTICIO_INPUT_FORMAT, "default" (the default) or
	// "error" for custom error handler steps; anything else is invalid.
	InputFormat string
	// ObjectStorageURI is ELASTICIO_OBJECT_STORAGE_URI, default "": the
	// object storage (maester) base URL for lightweight messages.
	ObjectStorageURI string
	// ObjectStorageToken is ELASTICIO_OBJECT_STORAGE_TOKEN (secret),
	// default "": the bearer token for object storage.
	ObjectStorageToken string
	// ObjectStorageSizeThreshold is ELASTICIO_OBJECT_STORAGE_SIZE_THRESHOLD
	// in bytes, default 1048576: bodies above it go to object storage when
	// EmitLightweightMessage is set.
	ObjectStorageSizeThreshold int
	// EmitLightweightMessage is ELASTICIO_EMIT_LIGHTWEIGHT_MESSAGE, default
	// false: externalise large outgoing bodies to object storage.
	EmitLightweightMessage bool
	// ReconnectAttempts is ELASTICIO_AMQP_RECONNECT_ATTEMPTS, default 3:
	// quick extra attempts when (re)connecting to the broker.
	ReconnectAttempts int
	// ReconnectTimeout is ELASTICIO_AMQP_RECONNECT_TIMEOUT in ms, default
	// 100: the fixed pause between those attempts.
	ReconnectTimeout time.Duration
	// AdditionalHeaders come from ELASTICIO_ADDITIONAL_VARS_FOR_HEADERS,
	// default none: extra headers for every publish, in list order.
	AdditionalHeaders []Header

	// ShutdownTimeout is ELASTICIO_SHUTDOWN_TIMEOUT in ms, default 30000:
	// how long a graceful shutdown waits for in-flight messages. Not in
	// the Node sailor, which waits forever.
	ShutdownTimeout time.Duration
	// MessageTimeout is ELASTICIO_MESSAGE_TIMEOUT in ms, default 0 (off):
	// an opt-in deadline for processing one message. Not in the Node
	// sailor (2.7.x has no processing timeout).
	MessageTimeout time.Duration
	// PublishTimeout is ELASTICIO_AMQP_PUBLISH_TIMEOUT in ms, default 30000:
	// how long one publish waits for the broker's confirm (a connection
	// blocked by a memory or disk alarm never confirms). Past it the input
	// is requeued rather than acked or rejected. Ours.
	PublishTimeout time.Duration
	// Heartbeat is ELASTICIO_AMQP_HEARTBEAT in seconds, default 10: the AMQP
	// heartbeat of both connections (at most 3600); a half-open connection
	// is noticed after 1.5 heartbeats. Ours.
	Heartbeat time.Duration
	// ReconnectMaxWait is ELASTICIO_AMQP_RECONNECT_MAX_WAIT in ms, default
	// 60000: how long consumption may stay down before the process exits
	// non-zero. Not in the Node sailor, which can stay a zombie.
	ReconnectMaxWait time.Duration

	// LogLevel is LOG_LEVEL, a bunyan level name, default "info".
	LogLevel string
	// LogContext holds the logging-context variables of sailor-protocol.md
	// §2.5 that are set (even to ""), keyed by full name
	// (e.g. "ELASTICIO_FLOW_ID"); every log record carries them.
	LogContext map[string]string
}
