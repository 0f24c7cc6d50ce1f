//go:build nodewire

package wire_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// The step under test is step_2 of a flow; its input comes from step_1.
const (
	stepID     = "step_2"
	prevStepID = "step_1"
	accountID  = "wire-account-1"
	apiUser    = "task-wire"
	apiKey     = "wire-api-key-4711"
)

// scenario is one function of the test component run on both sailors.
type scenario struct {
	name     string
	function string
	// isPassthrough is the step's is_passthrough.
	isPassthrough bool
	// snapshot is the step's snapshot from the platform.
	snapshot map[string]any
	// body is the input message's body; inID is the input message's id.
	body func(top topology, inID string) map[string]any
	// replyTo puts a reply_to header on the input (request-reply flows).
	replyTo bool
	// noThread leaves threadId out of the input, so each sailor starts a
	// thread of its own.
	noThread bool
	// props adds delivery properties to the input.
	props func(p *amqp.Publishing)
	// headers changes the input's headers.
	headers func(h amqp.Table)
	// want is how many messages the sailors are expected to publish.
	want int
	// waitRejected: also wait until the input is rejected (a sailor that
	// publishes nothing is otherwise stopped before it saw the input).
	waitRejected bool
	// corrupt sends an input body that does not decrypt.
	corrupt bool
	// rawInput sends the input in protocol version 2 (raw ciphertext, no
	// base64) instead of version 1.
	rawInput bool
	// errorEnvelope sends what a failed step published to its error queue
	// (a custom error handler step's input): an envelope of the input
	// message as errorInput and an error, the envelope's other keys taken
	// from body.
	errorEnvelope bool
	// extraEnv is added to both sailors' environment.
	extraEnv []string
	// goOnly is how many messages only the Go sailor publishes, by a
	// README deviation (messageExceptions).
	goOnly int
	// freshIDs: the function makes up the id of the message it emits.
	freshIDs bool
	// publishFails: the broker refuses the function's data output, so
	// the error names a publish failure in each client library's words.
	publishFails bool
	// outputFails: the function's data output cannot be sent (so its
	// input is rejected, where Node's race acks it; see exceptions).
	outputFails bool
	// config is added to the step's configuration.
	config map[string]any
	// platform sets how the platform API departs from a healthy one.
	platform platformOptions
	// objectStorage gives both sailors the platform's object storage
	// (ELASTICIO_OBJECT_STORAGE_URI and _TOKEN).
	objectStorage bool
	// lightweightInput puts the input's body and its passthrough body in
	// object storage, the message carrying only their ids.
	lightweightInput bool
	// exitsAlone: the sailor ends on its own without consuming (besides
	// a step it cannot fetch): a failing init hook, the shutdown hook.
	exitsAlone bool
}

func scenarios() []scenario {
	return []scenario{
		{
			// Node's passthrough (kept as the benchmark has it) emits the
			// input's id; withId makes Go's emit the same one.
			name: "data", function: "passthrough", isPassthrough: true, want: 1,
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "text": "hello", "count": 3, "ratio": 0.5,
					"tags": []any{"a", "b"}, "nested": map[string]any{"ok": true, "none": nil}}
			},
		},
		{
			// JSON that encoders write differently: HTML characters, line
			// separators, non-ASCII text, numbers past 2^53, exponents.
			name: "jsonEdges", function: "passthrough", isPassthrough: true, want: 1,
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "html": "<b>&amp;</b>", "text": "é ✓ \u2028 \u0001 \"q\"",
					"big": json.Number("12345678901234567890"), "exp": json.Number("1e21"), "neg": json.Number("-0.0"),
					"deep": []any{[]any{map[string]any{}}, nil, false}}
			},
		},
		{
			// The function logs a line: the component's bunyan record,
			// field by field, with the logging context of the step and
			// the message.
			name: "componentLog", function: "passthrough", want: 1,
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "log": "registrant created"}
			},
		},
		{
			// The same without a thread: each sailor starts one.
			name: "componentLogNoThread", function: "passthrough", noThread: true, want: 1,
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "log": "registrant created"}
			},
		},
		{
			// Meta headers are copied to every output; amqplib decodes a
			// number of any AMQP type to a JS number and encodes it again
			// in the narrowest type, so their types are compared here.
			name: "metaTypes", function: "passthrough", want: 1,
			body: func(_ topology, inID string) map[string]any { return map[string]any{"withId": inID} },
			headers: func(h amqp.Table) {
				h["x-eio-meta-attempt"] = int32(3)
				h["x-eio-meta-weight"] = float64(2)
				h["x-eio-meta-sampled"] = true
			},
		},
		{
			// An emitted x-eio-routing-key header picks the routing key and
			// is not sent; the step's own passthrough entry is compared too.
			name: "routedData", function: "slow", isPassthrough: true, want: 1,
			body: func(top topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "routeTo": top.routed, "sleepMs": 1, "text": "routed"}
			},
		},
		{
			// The step keeps its input, not its output, in the passthrough
			// (under the previous step's id), here of a request-reply flow.
			name: "noSelfPassthrough", function: "passthrough", isPassthrough: true, replyTo: true, want: 1,
			extraEnv: []string{"ELASTICIO_NO_SELF_PASSTRHOUGH=true"},
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "text": "keep my input"}
			},
		},
		{
			name: "error", function: "fail", want: 1,
			body: func(topology, string) map[string]any { return map[string]any{"message": "boom"} },
		},
		{
			// With reply_to the error is also sent to the waiting request.
			name: "errorReply", function: "fail", replyTo: true, want: 2,
			body: func(topology, string) map[string]any { return map[string]any{"message": "boom"} },
		},
		{
			// NO_ERROR_REPLIES: the waiting request gets no copy of the
			// error.
			name: "errorNoReply", function: "fail", replyTo: true, want: 1,
			extraEnv: []string{"ELASTICIO_NO_ERROR_REPLIES=true"},
			body:     func(topology, string) map[string]any { return map[string]any{"message": "boom"} },
		},
		{
			// A rebound carries the original delivery back, properties
			// included, so the input has some a publisher may set.
			name: "rebound", function: "rebound", want: 1,
			body: func(topology, string) map[string]any { return map[string]any{"message": "not yet"} },
			props: func(p *amqp.Publishing) {
				p.DeliveryMode = amqp.Persistent
				p.CorrelationId = "wire-correlation-1"
				p.Timestamp = time.Now().Truncate(time.Second)
			},
		},
		{
			// The second rebound of a message: the iteration counts on and
			// the expiration doubles. The input's other headers go back
			// with it, numbers re-typed as amqplib re-encodes them.
			name: "reboundAgain", function: "rebound", want: 1,
			body: func(topology, string) map[string]any { return map[string]any{"message": "still not"} },
			headers: func(h amqp.Table) {
				h["reboundIteration"] = int8(1)
				h["x-custom-count"] = int32(5)
				h["x-custom-weight"] = float64(2)
				h["x-custom-ratio"] = float64(2.5)
				h["x-custom-nested"] = amqp.Table{"n": int64(7), "list": []any{int16(1), float32(0.5)}}
			},
		},
		{
			// Past ELASTICIO_REBOUND_LIMIT (default 20) the rebound becomes
			// an error, and the input is still acked.
			name: "reboundLimit", function: "rebound", want: 1,
			body:    func(topology, string) map[string]any { return map[string]any{"message": "never"} },
			headers: func(h amqp.Table) { h["reboundIteration"] = int8(20) },
		},
		{
			// The 20th rebound: 15 s * 2^19 is past RabbitMQ's TTL ceiling,
			// where Go caps the expiration (prop.expiration in exceptions).
			name: "reboundCap", function: "rebound", want: 1,
			body:    func(topology, string) map[string]any { return map[string]any{"message": "much later"} },
			headers: func(h amqp.Table) { h["reboundIteration"] = int8(19) },
		},
		{
			name: "undecryptable", function: "passthrough", corrupt: true, waitRejected: true, goOnly: 1,
			body: func(topology, string) map[string]any { return map[string]any{} },
		},
		{
			// A polling trigger's tick: no thread yet.
			name: "snapshot", function: "snapshot", noThread: true, want: 3, freshIDs: true,
			snapshot: map[string]any{"counter": 41, "cursor": "2024-05-01T00:00:00Z"},
			body:     func(topology, string) map[string]any { return map[string]any{} },
		},
		{
			name: "httpReply", function: "httpReply", replyTo: true, want: 2,
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "text": "reply me"}
			},
		},
		{
			// Persistent messages: delivery mode 2 on every publish.
			name: "persistent", function: "httpReply", replyTo: true, want: 2,
			extraEnv: []string{"ELASTICIO_AMQP_PERSISTENT_MESSAGES=true"},
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "text": "keep me"}
			},
		},
		{
			// Without reply_to the reply cannot be sent: the function fails.
			name: "httpReplyNoReplyTo", function: "httpReply", want: 1,
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "text": "nobody waits"}
			},
		},
		{
			// A protocol version 2 input (raw ciphertext) is read by its
			// header; the output is in ELASTICIO_PROTOCOL_VERSION (default 1).
			name: "v2Input", function: "passthrough", isPassthrough: true, rawInput: true, want: 1,
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "text": "raw in", "n": 2}
			},
		},
		{
			// The version header as a string, as some publishers send it.
			name: "v2StringHeader", function: "passthrough", rawInput: true, want: 1,
			headers: func(h amqp.Table) { h["protocolVersion"] = "2" },
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "text": "raw, typed as text"}
			},
		},
		{
			// ELASTICIO_PROTOCOL_VERSION=2 writes data as raw ciphertext;
			// the HTTP reply stays in version 1 (sailor-protocol.md 5.8).
			name: "v2Output", function: "httpReply", replyTo: true, want: 2,
			extraEnv: []string{"ELASTICIO_PROTOCOL_VERSION=2"},
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "text": "raw out"}
			},
		},
		{
			// The error of a version 2 input carries the input as errorInput
			// re-encrypted in base64, which is what error envelopes hold.
			name: "v2Error", function: "fail", rawInput: true, replyTo: true, want: 2,
			body: func(topology, string) map[string]any { return map[string]any{"message": "raw boom"} },
		},
		{
			// A rebound sends the version 2 bytes back as they came, with
			// their protocolVersion header.
			name: "v2Rebound", function: "rebound", rawInput: true, want: 1,
			body: func(topology, string) map[string]any { return map[string]any{"message": "raw later"} },
		},
		{
			// A custom error handler step (INPUT_FORMAT=error) reads an
			// error envelope: error and errorInput decrypted into the body,
			// its other keys kept, the AMQP headers as the message's.
			name: "errorHandler", function: "passthrough", isPassthrough: true, errorEnvelope: true, want: 1,
			extraEnv: []string{"ELASTICIO_INPUT_FORMAT=error"},
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": "handled-" + inID, "text": "failed here"}
			},
		},
		{
			// An output over OUTGOING_MESSAGE_SIZE_LIMIT (counted on the
			// encoded body) is not sent: the function gets an error in its
			// place, whose text carries both sizes.
			name: "tooLarge", function: "passthrough", isPassthrough: true, outputFails: true, want: 1,
			extraEnv: []string{"ELASTICIO_OUTGOING_MESSAGE_SIZE_LIMIT=600"},
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "text": strings.Repeat("<b>large</b> & ", 20) + "\u2028é"}
			},
		},
		{
			// A full queue nacks the output: it is published again with a
			// retry header, as often as AMQP_PUBLISH_RETRY_ATTEMPTS allows
			// (the data queue keeps a copy of each attempt), then the
			// function gets an error.
			name: "nacked", function: "slow", want: 4, publishFails: true,
			extraEnv: []string{"ELASTICIO_AMQP_PUBLISH_RETRY_ATTEMPTS=3", "ELASTICIO_AMQP_PUBLISH_RETRY_DELAY=10"},
			body: func(top topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "routeTo": top.capped, "sleepMs": 1}
			},
		},
		{
			// The step cannot be fetched: the sailor reports the failure
			// as an error message of the step, with no input, and exits.
			name: "stepNotFound", function: "passthrough", platform: platformOptions{stepStatus: http.StatusNotFound}, want: 1,
			body: func(topology, string) map[string]any { return map[string]any{} },
		},
		{
			// A server error is tried again as often as the Node sailor
			// tries it (the API calls are compared), then the same report.
			name: "stepUnavailable", function: "passthrough", want: 1,
			platform: platformOptions{stepStatus: http.StatusServiceUnavailable},
			body:     func(topology, string) map[string]any { return map[string]any{} },
		},
		{
			// Over OBJECT_STORAGE_SIZE_THRESHOLD, with lightweight messages
			// on, the output's body and the passthrough bodies go to object
			// storage (encrypted) and travel as {} with their ids.
			name: "lightweightOut", function: "passthrough", isPassthrough: true, objectStorage: true, want: 1,
			extraEnv: []string{"ELASTICIO_EMIT_LIGHTWEIGHT_MESSAGE=true", "ELASTICIO_OBJECT_STORAGE_SIZE_THRESHOLD=100"},
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "text": strings.Repeat("heavy ", 30)}
			},
		},
		{
			// A lightweight input: body and passthrough are fetched from
			// object storage before the function runs; with lightweight
			// messages off the output carries them in full.
			name: "lightweightIn", function: "passthrough", isPassthrough: true, objectStorage: true,
			lightweightInput: true, want: 1,
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "text": "kept elsewhere"}
			},
		},
		{
			// A function that takes lightweight bodies by reference
			// (autoResolveObjectReferences false) gets the input's body
			// as {}; with lightweight messages off, the passthrough bodies
			// left in storage are fetched before the output is sent, so
			// that it is whole.
			name: "lightweightByReference", function: "byReference", isPassthrough: true, objectStorage: true,
			lightweightInput: true, want: 1,
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "text": "left where it is"}
			},
		},
		{
			// The first step of a flow being started runs the startup hook
			// and stores its result on the platform before consuming.
			name: "startupHook", function: "passthrough", want: 1,
			extraEnv: []string{"ELASTICIO_STARTUP_REQUIRED=1"},
			config:   map[string]any{"startupState": map[string]any{"subscription": "s-1", "n": 2}},
			body:     func(_ topology, inID string) map[string]any { return map[string]any{"withId": inID} },
		},
		{
			// An empty startup result is stored as {}.
			name: "startupHookEmpty", function: "passthrough", want: 1,
			extraEnv: []string{"ELASTICIO_STARTUP_REQUIRED=1"},
			body:     func(_ topology, inID string) map[string]any { return map[string]any{"withId": inID} },
		},
		{
			// Data left by an earlier start (409) is deleted and stored
			// again.
			name: "startupHookAgain", function: "passthrough", want: 1,
			extraEnv: []string{"ELASTICIO_STARTUP_REQUIRED=1"},
			config:   map[string]any{"startupState": map[string]any{"subscription": "s-2"}},
			platform: platformOptions{hookConflicts: 1},
			body:     func(_ topology, inID string) map[string]any { return map[string]any{"withId": inID} },
		},
		{
			// A failing init hook is a failed start-up: reported as an
			// error of the step, then exit.
			name: "initFails", function: "passthrough", want: 1, exitsAlone: true,
			config: map[string]any{"failInit": true},
			body:   func(topology, string) map[string]any { return map[string]any{} },
		},
		{
			// The shutdown hook's container: the stored state is read,
			// handed to the hook, deleted; nothing touches the broker.
			name: "shutdownHook", function: "passthrough", want: 0, exitsAlone: true,
			extraEnv: []string{"ELASTICIO_HOOK_SHUTDOWN=1"},
			platform: platformOptions{hookState: `{"subscription":"s-3"}`},
			body:     func(topology, string) map[string]any { return map[string]any{} },
		},
		{
			// The platform cannot store the keys: tried again on a server
			// error, then the message fails with an error.
			name: "updateKeysUnavailable", function: "updateKeys", want: 2,
			platform: platformOptions{accountStatus: http.StatusServiceUnavailable},
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "keys": map[string]any{"token": "t1"}}
			},
		},
		{
			name: "updateKeys", function: "updateKeys", want: 1,
			body: func(_ topology, inID string) map[string]any {
				return map[string]any{"withId": inID, "keys": map[string]any{
					"oauth": map[string]any{"access_token": "at-new-123456", "refresh_token": "rt-new-654321", "expires_in": 3600},
				}}
			},
		},
	}
}

// dump prints every compared field of both sides:
// go test -tags nodewire -run TestWire/data -v ./test/wire -args -dump
var dump = flag.Bool("dump", false, "log every compared field of both sailors")

// wantFor is how many messages side is expected to publish.
func (sc scenario) wantFor(side string) int {
	if side == "go" {
		return sc.want + sc.goOnly
	}
	return sc.want
}

// TestWire runs every scenario on the Go sailor, then on the Node sailor,
// and fails on any difference that is not in the exceptions list.
func TestWire(t *testing.T) {
	if skipReason != "" {
		t.Skip(skipReason)
	}
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) {
			t.Parallel()
			reportRun(t, sc, runScenario(t, sc), "scenario")
		})
	}
}

// reportRun compares what the two sailors did and fails t on any
// difference not in the exceptions list; what names the kind of run in
// the failure ("scenario", "service call").
func reportRun(t *testing.T, sc scenario, r *scenarioRun, what string) {
	t.Helper()
	rep := compareRuns(sc, r)
	if *dump {
		t.Log("\n" + dumpViews(r))
	}
	for _, line := range rep.notes {
		t.Log(line)
	}
	if !rep.ok() {
		t.Errorf("Go and Node sailors differ in %s %q (%s):\n%s", what, sc.name, sc.function, rep)
	}
}

// scenarioRun is one scenario's input and what each sailor did with it.
type scenarioRun struct {
	in       input
	goSide   *capture
	nodeSide *capture
}

// runScenario runs the scenario on both sailors, again from the start when
// the broker went away in between (up to three times).
func runScenario(t *testing.T, sc scenario) *scenarioRun {
	t.Helper()
	ctx := t.Context()
	for attempt := 1; ; attempt++ {
		r, err := attemptScenario(ctx, sc)
		if err == nil {
			return r
		}
		var bt *brokerTrouble
		if !errors.As(err, &bt) || attempt == 3 {
			t.Fatal(err)
		}
		t.Logf("attempt %d: %v; waiting for the broker, then again", attempt, err)
		wctx, cancel := context.WithTimeout(ctx, brokerWait)
		err = waitBroker(wctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
	}
}

func attemptScenario(ctx context.Context, sc scenario) (*scenarioRun, error) {
	top, flowID := newTopology(sc.name), "wire-flow-"+strings.ToLower(rand.Text()[:8])
	conn, err := amqp.Dial(brokerURI)
	if err != nil {
		return nil, &brokerTrouble{err}
	}
	ch, err := conn.Channel()
	if err == nil {
		err = top.declare(ch)
	}
	_ = conn.Close()
	defer top.remove()
	if err != nil {
		return nil, &brokerTrouble{fmt.Errorf("declare: %w", err)}
	}
	snap := sc.snapshot
	if snap == nil {
		snap = map[string]any{}
	}
	config := map[string]any{"_account": accountID, "token": "t0"}
	maps.Copy(config, sc.config)
	in := newInput(sc, top, flowID)
	opts := sc.platform
	opts.objects = in.stored
	api := newPlatform(flowID, stepID, map[string]any{
		"id": stepID, "comp_id": "wire-comp", "function": sc.function,
		"config":         config,
		"snapshot":       snap,
		"is_passthrough": sc.isPassthrough,
		"variables":      map[string]any{"region": "eu"},
	}, opts)
	defer api.Close()
	shared := env(sc, top, flowID, api.URL())
	r := &scenarioRun{in: in}
	for _, s := range []struct {
		sailor sailor
		into   **capture
	}{{goSailor(), &r.goSide}, {nodeSailor(), &r.nodeSide}} {
		w := want{outputs: sc.wantFor(s.sailor.name), rejected: sc.waitRejected, exitsAlone: sc.exitsAlone || sc.platform.stepStatus != 0}
		if *s.into, err = runSide(ctx, s.sailor, top, shared, r.in, w, api); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// env is the platform's environment for the step, the same for both
// sailors. Defaults are left alone except where noted.
func env(sc scenario, top topology, flowID, apiURI string) []string {
	if sc.objectStorage {
		sc.extraEnv = append(slices.Clone(sc.extraEnv),
			"ELASTICIO_OBJECT_STORAGE_URI="+apiURI+objectsPath, "ELASTICIO_OBJECT_STORAGE_TOKEN=wire-object-token")
	}
	return append([]string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"ELASTICIO_FLOW_ID=" + flowID, "ELASTICIO_EXEC_ID=wire-exec-1",
		"ELASTICIO_STEP_ID=" + stepID, "ELASTICIO_CONTAINER_ID=wire-container-2",
		"ELASTICIO_WORKSPACE_ID=wire-workspace", "ELASTICIO_USER_ID=wire-user",
		"ELASTICIO_COMP_ID=wire-comp", "ELASTICIO_FUNCTION=" + sc.function,
		"ELASTICIO_API_URI=" + apiURI, "ELASTICIO_API_USERNAME=" + apiUser, "ELASTICIO_API_KEY=" + apiKey,
		"ELASTICIO_AMQP_URI=" + brokerURI,
		"ELASTICIO_LISTEN_MESSAGES_ON=" + top.input, "ELASTICIO_PUBLISH_MESSAGES_TO=" + top.exchange,
		"ELASTICIO_DATA_ROUTING_KEY=" + top.data, "ELASTICIO_ERROR_ROUTING_KEY=" + top.errors,
		"ELASTICIO_REBOUND_ROUTING_KEY=" + top.rebound, "ELASTICIO_SNAPSHOT_ROUTING_KEY=" + top.snapshot,
		"ELASTICIO_MESSAGE_CRYPTO_IV=" + cryptoIV, "ELASTICIO_MESSAGE_CRYPTO_PASSWORD=" + cryptoPassword,
		// Extra headers from the environment (sailor-protocol.md 5.5): one
		// set, one named but unset.
		"ELASTICIO_ADDITIONAL_VARS_FOR_HEADERS=ELASTICIO_WIRE_TENANT, ELASTICIO_WIRE_UNSET",
		"ELASTICIO_WIRE_TENANT=tenant-7",
	}, sc.extraEnv...)
}

// stringify writes v as the step before, a Node sailor, would have:
// JavaScript's JSON.stringify escapes neither HTML characters nor the
// line separators U+2028 and U+2029, which encoding/json does.
func stringify(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	out := bytes.TrimSuffix(b.Bytes(), []byte("\n"))
	out = bytes.ReplaceAll(out, []byte(`\u2028`), []byte("\u2028"))
	return bytes.ReplaceAll(out, []byte(`\u2029`), []byte("\u2029"))
}

// input is the delivery both sailors get: the same bytes, headers and
// properties.
type input struct {
	plain []byte // the message object, JSON
	// logged is the text the function logs through its logger ("" for
	// none): the body's log option.
	logged string
	// stored are the bodies the message keeps in object storage, by id.
	stored  map[string]string
	body    []byte // as published, in the protocolVersion of headers
	headers amqp.Table
	props   amqp.Publishing // without headers and body
}

func (in input) publishing() amqp.Publishing {
	p := in.props
	p.Headers = in.headers
	p.Body = in.body
	return p
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// newInput is what step_1 of the flow (a Node sailor) would have sent:
// its headers, its message with a passthrough entry of its own.
func newInput(sc scenario, top topology, flowID string) input {
	inID := newUUID()
	msg := map[string]any{
		"id": inID, "attachments": map[string]any{}, "body": sc.body(top, inID),
		// A key of the message object the protocol does not name, as
		// some components add: kept wherever the message is kept.
		"trace":   map[string]any{"hops": 1, "via": []any{"step_0"}},
		"headers": map[string]any{"x-custom-header": "abc"}, "metadata": map[string]any{},
		"passthrough": map[string]any{prevStepID: map[string]any{
			"id": "pt-" + inID, "attachments": map[string]any{},
			"body": map[string]any{"from": prevStepID, "n": 1}, "headers": map[string]any{},
		}},
	}
	var stored map[string]string
	if sc.lightweightInput {
		stored = map[string]string{}
		for _, part := range []struct {
			id    string
			entry map[string]any
		}{
			{"obj-in-body", msg},
			{"obj-in-passthrough", msg["passthrough"].(map[string]any)[prevStepID].(map[string]any)},
		} {
			body, _ := json.Marshal(part.entry["body"])
			stored[part.id] = string(body)
			part.entry["body"] = map[string]any{}
			part.entry["headers"] = map[string]any{"x-ipaas-object-storage-id": part.id}
		}
	}
	plain := stringify(msg)
	now := time.Now()
	h := amqp.Table{
		"execId": "wire-exec-1", "taskId": flowID, "userId": "wire-user", "workspaceId": "wire-workspace",
		"containerId": "wire-container-1", "stepId": prevStepID, "compId": "wire-comp-1", "function": "getItems",
		"threadId": newUUID(), "messageId": newUUID(), "parentMessageId": newUUID(),
		"x-eio-meta-trace": "trace-" + inID[:8],
		// Meta headers travel on lower-cased (sailor-protocol.md 5.4).
		"X-EIO-Meta-Origin": "wire-test",
		"protocolVersion":   int8(1),
		"start":             now.Add(-50 * time.Millisecond).UnixMilli(),
		"end":               now.Add(-10 * time.Millisecond).UnixMilli(),
	}
	if sc.noThread {
		delete(h, "threadId")
	}
	if sc.replyTo {
		h["reply_to"] = top.reply
	}
	if sc.headers != nil {
		sc.headers(h)
	}
	p := amqp.Publishing{ContentType: "application/json", ContentEncoding: "utf8", DeliveryMode: amqp.Transient}
	if sc.props != nil {
		sc.props(&p)
	}
	body := encodeV1(plain)
	if sc.rawInput {
		if h["protocolVersion"] == int8(1) { // unless the scenario typed it otherwise
			h["protocolVersion"] = int8(2)
		}
		body = encrypt(plain)
	}
	if sc.errorEnvelope {
		env := map[string]any{
			"error":      string(encodeV1([]byte(`{"name":"Error","message":"boom upstream","stack":"Error: boom upstream\n    at step_1"}`))),
			"errorInput": string(encodeV1(plain)),
		}
		for k, v := range sc.body(top, inID) {
			env[k] = v
		}
		body, _ = json.Marshal(env)
	}
	if sc.corrupt {
		// Base64 of bytes that are not a whole number of AES blocks.
		body = []byte(base64.StdEncoding.EncodeToString([]byte("not an encrypted message")))
	}
	logged, _ := msg["body"].(map[string]any)["log"].(string)
	return input{plain: plain, stored: stored, logged: logged, body: body, headers: h, props: p}
}
