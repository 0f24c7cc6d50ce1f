package cli

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// runtimeEnv is the --help table of the variables the runtime reads; the
// full list with Node-compatible defaults is in the README.
var runtimeEnv = []EnvDoc{
	{"ELASTICIO_FLOW_ID, _EXEC_ID, _STEP_ID, _CONTAINER_ID, _WORKSPACE_ID, _USER_ID, _COMP_ID", "(required)", "identity of the step, copied into headers"},
	{"ELASTICIO_FUNCTION", "(required)", "trigger or action of component.json to run"},
	{"ELASTICIO_API_URI, _API_USERNAME, _API_KEY", "(required)", "platform API and its Basic credentials"},
	{"ELASTICIO_AMQP_URI", "(required)", "amqp:// or amqps:// URI of the broker"},
	{"ELASTICIO_LISTEN_MESSAGES_ON", "(required)", "queue to consume"},
	{"ELASTICIO_PUBLISH_MESSAGES_TO", "(required)", "exchange for every publish"},
	{"ELASTICIO_DATA_/ERROR_/REBOUND_/SNAPSHOT_ROUTING_KEY", "(required)", "routing keys of the events"},
	{"ELASTICIO_MESSAGE_CRYPTO_IV, _PASSWORD", "(required)", "AES-256-CBC message encryption"},
	{"ELASTICIO_RABBITMQ_PREFETCH_SAILOR", "1", "messages processed at once"},
	{"ELASTICIO_PROTOCOL_VERSION", "1", "1: base64 bodies, 2: raw bytes"},
	{"ELASTICIO_DATA_RATE_LIMIT, _ERROR_RATE_LIMIT, _SNAPSHOT_RATE_LIMIT", "10, 2, 2", "publishes per ELASTICIO_RATE_INTERVAL"},
	{"ELASTICIO_RATE_INTERVAL", "100", "ms"},
	{"ELASTICIO_REBOUND_INITIAL_EXPIRATION, _REBOUND_LIMIT", "15000, 20", "ms, iterations"},
	{"ELASTICIO_AMQP_PUBLISH_RETRY_ATTEMPTS", "unlimited", "publish attempts (flow control)"},
	{"ELASTICIO_OUTGOING_MESSAGE_SIZE_LIMIT", "10485760", "bytes of an encoded data body"},
	{"ELASTICIO_SHUTDOWN_TIMEOUT", "30000", "ms to let in-flight messages finish on SIGTERM (ours)"},
	{"ELASTICIO_MESSAGE_TIMEOUT", "0 (off)", "ms per message (ours, opt-in)"},
	{"LOG_LEVEL", "info", "trace, debug, info, warn, error, fatal"},
}

func (app App) usage(w io.Writer) {
	fmt.Fprintf(w, `Usage: %[1]s [command] [flags]

Commands:
  run                    process messages from RabbitMQ (the default; shutdown-hook
                         mode when ELASTICIO_HOOK_SHUTDOWN is set)
  service <method>       verifyCredentials, getMetaModel or selectModel; posts the
                         result to ELASTICIO_POST_RESULT_URL, or prints it with --cfg FILE
  exec <function>        run one function locally on an in-memory bus (see exec --help)
`, app.Name)
	if app.Sandbox != nil {
		fmt.Fprintf(w, "  sandbox                serve the fake API locally (see sandbox --help)\n")
	}
	fmt.Fprintf(w, "  version                print the version\n\nEnvironment:\n")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, e := range append(append([]EnvDoc{}, runtimeEnv...), app.ComponentEnv...) {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", e.Name, e.Default, e.Meaning)
	}
	tw.Flush()
}
