package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// runtimeEnv is the --help table of every variable `run` reads, with the
// Node sailor's defaults; the README's configuration table says the same.
var runtimeEnv = []EnvDoc{
	{"ELASTICIO_FLOW_ID", "(required)", "flow of the step (taskId header)"},
	{"ELASTICIO_EXEC_ID", "(required)", "execution, copied into headers"},
	{"ELASTICIO_STEP_ID", "(required)", "step, e.g. step_1"},
	{"ELASTICIO_CONTAINER_ID", "(required)", "container, copied into headers"},
	{"ELASTICIO_WORKSPACE_ID", "(required)", "workspace, copied into headers"},
	{"ELASTICIO_USER_ID", "(required)", "user, copied into headers"},
	{"ELASTICIO_COMP_ID", "(required)", "component, copied into headers"},
	{"ELASTICIO_FUNCTION", "(required)", "trigger or action of component.json to run"},
	{"ELASTICIO_API_URI", "(required)", "platform API base URL"},
	{"ELASTICIO_API_USERNAME", "(required)", "platform API Basic-auth user"},
	{"ELASTICIO_API_KEY", "(required)", "platform API Basic-auth password"},
	{"ELASTICIO_AMQP_URI", "(required)", "amqp:// or amqps:// URI of the broker"},
	{"ELASTICIO_LISTEN_MESSAGES_ON", "(required)", "queue to consume"},
	{"ELASTICIO_PUBLISH_MESSAGES_TO", "(required)", "exchange of every publish"},
	{"ELASTICIO_DATA_ROUTING_KEY", "(required)", "routing key of data"},
	{"ELASTICIO_ERROR_ROUTING_KEY", "(required)", "routing key of errors"},
	{"ELASTICIO_REBOUND_ROUTING_KEY", "(required)", "routing key of rebounds"},
	{"ELASTICIO_SNAPSHOT_ROUTING_KEY", "(required)", "routing key of snapshots"},
	{"ELASTICIO_MESSAGE_CRYPTO_IV", "(required)", "AES-256-CBC IV, 16 bytes"},
	{"ELASTICIO_MESSAGE_CRYPTO_PASSWORD", "(required)", "AES-256-CBC password (key = its SHA-256)"},
	{"ELASTICIO_RABBITMQ_PREFETCH_SAILOR", "1", "messages processed at once"},
	{"ELASTICIO_PROTOCOL_VERSION", "1", "outgoing data: 1 base64 text, 2 raw bytes"},
	{"ELASTICIO_DATA_RATE_LIMIT", "10", "data publishes per ELASTICIO_RATE_INTERVAL"},
	{"ELASTICIO_ERROR_RATE_LIMIT", "2", "error publishes per ELASTICIO_RATE_INTERVAL"},
	{"ELASTICIO_SNAPSHOT_RATE_LIMIT", "2", "snapshot publishes per ELASTICIO_RATE_INTERVAL"},
	{"ELASTICIO_RATE_INTERVAL", "100", "ms"},
	{"ELASTICIO_REBOUND_INITIAL_EXPIRATION", "15000", "ms, doubled per rebound"},
	{"ELASTICIO_REBOUND_LIMIT", "20", "rebounds before an error"},
	{"ELASTICIO_AMQP_PUBLISH_RETRY_ATTEMPTS", "unlimited", "attempts of a refused publish (flow control)"},
	{"ELASTICIO_AMQP_PUBLISH_RETRY_DELAY", "100", "ms, base of the publish back-off"},
	{"ELASTICIO_AMQP_PUBLISH_MAX_RETRY_DELAY", "300000", "ms, cap of the publish back-off"},
	{"ELASTICIO_AMQP_PERSISTENT_MESSAGES", "false", "delivery mode 2 on every publish"},
	{"ELASTICIO_AMQP_RECONNECT_ATTEMPTS", "3", "quick extra attempts when (re)connecting"},
	{"ELASTICIO_AMQP_RECONNECT_TIMEOUT", "100", "ms between those attempts"},
	{"ELASTICIO_PROCESS_AMQP_DRAIN", "true", "wait for the write buffer to drain on publish"},
	{"ELASTICIO_OUTGOING_MESSAGE_SIZE_LIMIT", "10485760", "bytes of an encoded data body"},
	{"ELASTICIO_NO_SELF_PASSTRHOUGH", "false", "(sic) passthrough without the emitting step"},
	{"ELASTICIO_NO_ERROR_REPLIES", "false", "do not mirror errors to reply_to"},
	{"ELASTICIO_INPUT_FORMAT", "default", "error: the step is a custom error handler"},
	{"ELASTICIO_OBJECT_STORAGE_URI", "", "object storage for lightweight messages"},
	{"ELASTICIO_OBJECT_STORAGE_TOKEN", "", "its bearer token"},
	{"ELASTICIO_OBJECT_STORAGE_SIZE_THRESHOLD", "1048576", "bytes above which a body goes there"},
	{"ELASTICIO_EMIT_LIGHTWEIGHT_MESSAGE", "false", "externalise large outgoing bodies"},
	{"ELASTICIO_STARTUP_REQUIRED", "false", "run the startup hook and store its state"},
	{"ELASTICIO_HOOK_SHUTDOWN", "false", "run the shutdown hook instead of messages"},
	{"ELASTICIO_API_REQUEST_RETRY_ATTEMPTS", "3", "attempts of platform API calls"},
	{"ELASTICIO_API_REQUEST_RETRY_DELAY", "100", "ms between them"},
	{"ELASTICIO_ADDITIONAL_VARS_FOR_HEADERS", "", "variables copied into every message's headers"},
	{"ELASTICIO_COMPONENT_PATH", "", "component root (read for compatibility; component.json is embedded)"},
	{"ELASTICIO_SHUTDOWN_TIMEOUT", "30000", "ms in-flight messages get after SIGTERM (ours)"},
	{"ELASTICIO_MESSAGE_TIMEOUT", "0 (off)", "ms a message may take (ours, opt-in)"},
	{"ELASTICIO_AMQP_PUBLISH_TIMEOUT", "30000", "ms a publish waits for its confirm; then the input is requeued (ours)"},
	{"ELASTICIO_AMQP_HEARTBEAT", "10", "s, AMQP heartbeat of both connections (ours)"},
	{"ELASTICIO_AMQP_RECONNECT_MAX_WAIT", "60000", "ms consumption may stay down before exit (ours)"},
	{"ELASTICIO_AMQP_CONNECTION_NAME", "host name", "prefix of the AMQP connection names (ours)"},
	{"ELASTICIO_COMP_NAME", "", "copied into every log record when set"},
	{"ELASTICIO_CONTRACT_ID", "", "copied into every log record when set"},
	{"ELASTICIO_EXEC_TYPE", "", "copied into every log record when set"},
	{"ELASTICIO_EXECUTION_RESULT_ID", "", "copied into every log record when set"},
	{"ELASTICIO_FLOW_VERSION", "", "copied into every log record when set"},
	{"ELASTICIO_TASK_USER_EMAIL", "", "copied into every log record when set"},
	{"ELASTICIO_TENANT_ID", "", "copied into every log record when set"},
	{"LOG_LEVEL", "info", "trace, debug, info, warn, error, fatal"},
}

// serviceEnv is what `service` reads.
var serviceEnv = []EnvDoc{
	{"ELASTICIO_POST_RESULT_URL", "(required)", "where the {status, data} result is POSTed"},
	{"ELASTICIO_CFG", "(required)", "the step configuration, a JSON object (or --cfg FILE)"},
	{"ELASTICIO_API_URI", "(required)", "platform API base URL (token refreshes are stored there)"},
	{"ELASTICIO_API_USERNAME", "(required)", "platform API Basic-auth user"},
	{"ELASTICIO_API_KEY", "(required)", "platform API Basic-auth password"},
	{"ELASTICIO_ACTION_OR_TRIGGER", "", "function of getMetaModel and selectModel (or --function)"},
	{"ELASTICIO_GET_MODEL_METHOD", "", "model of selectModel (or --model)"},
	{"ELASTICIO_API_REQUEST_RETRY_ATTEMPTS", "3", "attempts of the result POST"},
	{"ELASTICIO_API_REQUEST_RETRY_DELAY", "100", "ms between them"},
	{"ELASTICIO_COMPONENT_PATH", "", "read for compatibility; component.json is embedded"},
	{"LOG_LEVEL", "info", "trace, debug, info, warn, error, fatal"},
}

// execEnv is what `exec` reads besides the component's variables: the
// step's identity, queue and keys are made up locally.
var execEnv = []EnvDoc{
	{"LOG_LEVEL", "info", "logs, on stderr: trace, debug, info, warn, error, fatal"},
	{"ELASTICIO_PROTOCOL_VERSION", "1", "as for run; so do the other optional variables of run --help"},
}

// usage is the binary's --help.
func (app App) usage(w io.Writer) {
	fmt.Fprintf(w, `Usage: %[1]s [command] [flags]

Commands:
  run                    process messages from RabbitMQ (the default; shutdown-hook
                         mode when ELASTICIO_HOOK_SHUTDOWN is set)
  service <method>       verifyCredentials, getMetaModel or selectModel; posts the
                         result to ELASTICIO_POST_RESULT_URL, or prints it with --cfg FILE
  exec <function>        run one function locally on an in-memory bus, printing
                         every event the platform would receive
`, app.Name)
	if app.Sandbox != nil {
		fmt.Fprintf(w, "  sandbox                serve the fake API locally, with seeded data\n")
	}
	fmt.Fprintf(w, "  version                print the module version and commit\n\n"+
		"Run '%s <command> --help' for a command's flags and the variables it reads.\n", app.Name)
	fmt.Fprintf(w, "\nEnvironment of run (the platform sets the ELASTICIO_* variables):\n")
	app.printEnv(w, runtimeEnv)
}

// printEnv prints a table of variables, then the component's own.
func (app App) printEnv(w io.Writer, docs []EnvDoc) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, e := range append(append([]EnvDoc{}, docs...), app.ComponentEnv...) {
		def := e.Default
		if def == "" {
			def = "-"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", e.Name, def, e.Meaning)
	}
	tw.Flush()
}

// runUsage is `run --help`.
func (app App) runUsage(w io.Writer) {
	fmt.Fprintf(w, `Usage: %[1]s [run]

Processes messages as the elastic.io platform starts the component: reads the
ELASTICIO_* environment, fetches the step from the platform API, consumes the
step's queue and publishes what ELASTICIO_FUNCTION emits. With
ELASTICIO_HOOK_SHUTDOWN=true it runs the shutdown hook instead. A missing or
invalid variable stops start-up with exit status 1, naming every one.
Takes no flags.

Environment:
`, app.Name)
	app.printEnv(w, runtimeEnv)
}

// serviceUsage is `service --help`: the flags of the service command
// (captured from its flag set), then the variables it reads.
func (app App) serviceUsage(ctx context.Context, w io.Writer) {
	var flags bytes.Buffer
	_ = app.serviceCommand(ctx, []string{"-h"}, func(string) (string, bool) { return "", false },
		IO{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &flags})
	fmt.Fprint(w, flags.String())
	fmt.Fprintf(w, "\nOne service call, as the platform starts it for the step editor: the result\n"+
		"{\"status\": \"success\"|\"error\", \"data\": ...} is POSTed to ELASTICIO_POST_RESULT_URL;\n"+
		"with --cfg FILE and no ELASTICIO_POST_RESULT_URL it is printed instead.\n\nEnvironment:\n")
	app.printEnv(w, serviceEnv)
}

// execUsage is `exec --help`.
func (app App) execUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, `Usage: %[1]s exec [flags] <function>

Runs one trigger or action locally on an in-memory message bus: each input line
is a message ({"body": {...}} at least); each emitted event (data, error,
rebound, snapshot, updateKeys, httpReply) is printed on stdout as one JSON line;
logs go to stderr. Exit status 1 when any message ended in error, 2 on a usage
mistake. examples/<function>/ holds a --cfg and an --in file for every function:

  %[1]s exec --sandbox --compact getWebinar --in examples/getWebinar/in.jsonl --cfg examples/getWebinar/cfg.json

Flags:
`, app.Name)
	fs.PrintDefaults()
	fmt.Fprintf(w, "\nEnvironment (with --sandbox, the component's variables point at the sandbox):\n")
	app.printEnv(w, execEnv)
}

// sandboxUsage is `sandbox --help`: the sandbox's own flags, then what it
// prints.
func (app App) sandboxUsage(ctx context.Context, w io.Writer) {
	_ = app.Sandbox.Serve(ctx, []string{"-h"}, io.Discard, w)
	fmt.Fprintf(w, "\nEnvironment: reads none. It prints, as export lines, the variables that point\n"+
		"the component at it:\n")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	for _, e := range app.ComponentEnv {
		fmt.Fprintf(tw, "  %s\t%s\n", e.Name, e.Meaning)
	}
	tw.Flush()
}

// versionUsage is `version --help`.
func (app App) versionUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %[1]s version\n\n"+
		"Prints the module version and the commit the binary was built from\n"+
		"(`make build` stamps both; otherwise Go's build information is used).\n"+
		"Environment: reads none.\n", app.Name)
}

// wantsHelp reports whether args ask for help (-h, -help, --help) before
// a "--".
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "--h", "-help", "--help":
			return true
		}
	}
	return false
}
