// Package worker_test drives the test component as the platform does: a
// real process (cmd/testcomponent) configured by ELASTICIO_* variables,
// against the RabbitMQ broker on 127.0.0.1:5672 and an httptest platform
// API. Each test declares its own exchange and queues and deletes them.
package worker_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
	"github.com/elasticio/gotowebinar-component/test/faults"
)

// The fixture secrets of the Node sailor's integration tests.
const (
	cryptoPassword = "testCryptoPassword"
	cryptoIV       = "iv=any16_symbols"
	flowID         = "5559edd38968ec0736000003"
	stepID         = "step_1"
	apiKey         = "secret-api-key-4711"
	accountID      = "acc-1"
)

// binary is the test component, built once by TestMain with buildFlags.
var (
	binary     string
	buildFlags []string
)

func TestMain(m *testing.M) {
	if c, err := net.DialTimeout("tcp", "127.0.0.1:5672", 3*time.Second); err != nil {
		fmt.Fprintf(os.Stderr, "worker tests need RabbitMQ on 127.0.0.1:5672: %v\n", err)
		os.Exit(1)
	} else {
		c.Close()
	}
	dir, err := os.MkdirTemp("", "worker-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "testcomponent")
	args := append([]string{"build", "-o", binary}, buildFlags...)
	build := exec.Command("go", append(args, "github.com/elasticio/gotowebinar-component/cmd/testcomponent")...)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "build test component: %v\n", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func uniqueName(prefix string) string {
	return "worker-test-" + prefix + "-" + strings.ToLower(rand.Text()[:10])
}

func testCipher(t *testing.T) *cipher.Cipher {
	t.Helper()
	c, err := cipher.New(cryptoPassword, cryptoIV)
	require.NoError(t, err)
	return c
}

// ---------------------------------------------------------------- platform

type request struct {
	Method, Path string
	Body         []byte
	User, Pass   string
}

// fakeAPI is the platform API under /api, plus a service result endpoint
// and an object storage under /maester.
type fakeAPI struct {
	*httptest.Server
	t *testing.T

	mu       sync.Mutex
	requests []request
	// step is the step-data answer; stepStatuses are answered first, in order.
	step         map[string]any
	stepStatuses []int
	// state is the stored startup state (nil: none); hookPostStatuses and
	// hookGetStatuses are answered first, in order.
	state            []byte
	hookPostStatuses []int
	hookGetStatuses  []int
	resultStatuses   []int
	// accountStatuses are answered first by PUT /v1/accounts/{id}.
	accountStatuses []int
	objects         map[string][]byte
}

func newFakeAPI(t *testing.T) *fakeAPI {
	t.Helper()
	a := &fakeAPI{t: t, objects: map[string][]byte{}, step: map[string]any{
		"id": stepID, "comp_id": "comp-1", "function": "passthrough",
		"config":   map[string]any{"_account": accountID, "token": "t0"},
		"snapshot": map[string]any{}, "is_passthrough": false, "variables": map[string]any{"v": 1},
	}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
		if st := a.next(&a.stepStatuses); st != 0 {
			w.WriteHeader(st)
			fmt.Fprintf(w, `{"error":"status %d"}`, st)
			return
		}
		a.mu.Lock()
		b, _ := json.Marshal(a.step)
		a.mu.Unlock()
		_, _ = w.Write(b)
	})
	mux.HandleFunc("PUT /api/v1/accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		if st := a.next(&a.accountStatuses); st != 0 {
			w.WriteHeader(st)
			fmt.Fprintf(w, `{"error":"status %d"}`, st)
			return
		}
		_, _ = w.Write([]byte(`{}`))
	})
	hooks := "/api/sailor-support/hooks/task/" + flowID + "/startup/data"
	mux.HandleFunc("POST "+hooks, func(w http.ResponseWriter, r *http.Request) {
		if st := a.next(&a.hookPostStatuses); st != 0 {
			w.WriteHeader(st)
			fmt.Fprintf(w, `{"error":"status %d"}`, st)
			return
		}
		body, _ := io.ReadAll(r.Body)
		a.mu.Lock()
		a.state = body
		a.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	})
	mux.HandleFunc("GET "+hooks, func(w http.ResponseWriter, r *http.Request) {
		if st := a.next(&a.hookGetStatuses); st != 0 {
			w.WriteHeader(st)
			return
		}
		a.mu.Lock()
		state := a.state
		a.mu.Unlock()
		if state == nil {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(state)
	})
	mux.HandleFunc("DELETE "+hooks, func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		a.state = nil
		a.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /result", func(w http.ResponseWriter, r *http.Request) {
		if st := a.next(&a.resultStatuses); st != 0 {
			w.WriteHeader(st)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	mux.HandleFunc("POST /maester/objects", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		a.mu.Lock()
		id := fmt.Sprintf("obj-%d", len(a.objects)+1)
		a.objects[id] = body
		a.mu.Unlock()
		fmt.Fprintf(w, `{"objectId":%q}`, id)
	})
	mux.HandleFunc("GET /maester/objects/{id}", func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		b, ok := a.objects[r.PathValue("id")]
		a.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(b)
	})
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		user, pass, _ := r.BasicAuth()
		a.mu.Lock()
		a.requests = append(a.requests, request{Method: r.Method, Path: r.URL.Path, Body: body, User: user, Pass: pass})
		a.mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(a.Close)
	return a
}

// next pops the first scripted status, 0 when none is left.
func (a *fakeAPI) next(statuses *[]int) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(*statuses) == 0 {
		return 0
	}
	st := (*statuses)[0]
	*statuses = (*statuses)[1:]
	return st
}

// script sets the statuses a route answers first.
func (a *fakeAPI) script(statuses *[]int, codes ...int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	*statuses = codes
}

func (a *fakeAPI) setStep(key string, v any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.step[key] = v
}

func (a *fakeAPI) setConfig(key string, v any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.step["config"].(map[string]any)[key] = v
}

// calls returns the recorded requests as "METHOD path".
func (a *fakeAPI) calls() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]string, 0, len(a.requests))
	for _, r := range a.requests {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

func (a *fakeAPI) requestsTo(method, path string) []request {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []request
	for _, r := range a.requests {
		if r.Method == method && r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

func (a *fakeAPI) storedState() []byte {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.state
}

// ---------------------------------------------------------------- broker

// keys of the outputs a test can read.
const (
	keyData     = "data"
	keyError    = "error"
	keyRebound  = "rebound"
	keySnapshot = "snapshot"
	keyReply    = "reply"
	keyDead     = "dead"
)

// flow is one test's topology: an exchange the worker publishes to (also
// carrying the input), the input queue and one queue per output kind. The
// input queue dead-letters to the "dead" queue, so a rejected input can be
// told from an acked one.
type flow struct {
	t        *testing.T
	name     string
	exchange string
	input    string
	queues   map[string]string
	api      *fakeAPI
	cipher   *cipher.Cipher
	durable  bool
	connName string
}

type flowOptions struct {
	// durable topology and persistent inputs survive a broker restart.
	durable bool
}

func newFlow(t *testing.T, opts ...flowOptions) *flow {
	t.Helper()
	var o flowOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	f := &flow{
		t: t, name: uniqueName("flow"), queues: map[string]string{},
		api: newFakeAPI(t), cipher: testCipher(t), durable: o.durable,
	}
	f.connName = f.name
	f.exchange = f.name + "-x"
	f.input = f.name + ":" + stepID + ":messages"
	f.admin(func(ch *amqp.Channel) error {
		if err := ch.ExchangeDeclare(f.exchange, "direct", f.durable, false, false, false, nil); err != nil {
			return err
		}
		for _, k := range []string{keyData, keyError, keyRebound, keySnapshot, keyReply, keyDead} {
			q := f.name + "." + k
			if _, err := ch.QueueDeclare(q, f.durable, false, false, false, nil); err != nil {
				return err
			}
			if err := ch.QueueBind(q, f.key(k), f.exchange, false, nil); err != nil {
				return err
			}
			f.queues[k] = q
		}
		args := amqp.Table{"x-dead-letter-exchange": f.exchange, "x-dead-letter-routing-key": f.key(keyDead)}
		if _, err := ch.QueueDeclare(f.input, f.durable, false, false, false, args); err != nil {
			return err
		}
		return ch.QueueBind(f.input, f.key("in"), f.exchange, false, nil)
	})
	t.Cleanup(func() {
		f.adminQuiet(func(ch *amqp.Channel) error {
			for _, q := range f.queues {
				_, _ = ch.QueueDelete(q, false, false, false)
			}
			_, _ = ch.QueueDelete(f.input, false, false, false)
			return ch.ExchangeDelete(f.exchange, false, false)
		})
	})
	return f
}

func (f *flow) key(kind string) string { return f.name + "." + kind }

// admin runs fn on a fresh connection (a test's broker actions must not
// depend on a connection a fault test may have closed).
func (f *flow) admin(fn func(ch *amqp.Channel) error) {
	f.t.Helper()
	require.NoError(f.t, adminRetry(fn), "broker admin action")
}

// adminQuiet is admin for cleanups: a failure is ignored.
func (f *flow) adminQuiet(fn func(ch *amqp.Channel) error) {
	_ = adminRetry(fn)
}

// adminRetry runs fn on a fresh connection, up to 20 times 250 ms apart,
// and returns the last error.
func adminRetry(fn func(ch *amqp.Channel) error) error {
	var err error
	for attempt := 0; attempt < 20; attempt++ {
		if err = adminOnce(fn); err == nil {
			return nil
		}
		time.Sleep(250 * time.Millisecond)
	}
	return err
}

func adminOnce(fn func(ch *amqp.Channel) error) error {
	conn, err := amqp.Dial("amqp://guest:guest@127.0.0.1:5672/")
	if err != nil {
		return err
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	return fn(ch)
}

// send publishes an encrypted input message to the input queue.
func (f *flow) send(msg string, headers amqp.Table) {
	f.t.Helper()
	version := 1
	if v, ok := headers["protocolVersion"]; ok {
		version = int(toInt(v))
	}
	f.sendRaw(f.cipher.EncodeBody([]byte(msg), version), headers)
}

func (f *flow) sendRaw(body []byte, headers amqp.Table) {
	f.t.Helper()
	if headers == nil {
		headers = inputHeaders("M1")
	}
	f.admin(func(ch *amqp.Channel) error {
		if err := ch.Confirm(false); err != nil {
			return err
		}
		conf, err := ch.PublishWithDeferredConfirmWithContext(context.Background(), f.exchange, f.key("in"), true, false, amqp.Publishing{
			ContentType: "application/json", ContentEncoding: "utf8", DeliveryMode: f.deliveryMode(),
			Headers: headers, Body: body,
		})
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if ok, err := conf.WaitContext(ctx); err != nil || !ok {
			return fmt.Errorf("input publish not confirmed: %v", err)
		}
		return nil
	})
}

// deliveryMode is the delivery mode of the inputs the test publishes:
// persistent (2) on a durable flow, else transient (1).
func (f *flow) deliveryMode() uint8 {
	if f.durable {
		return 2
	}
	return 1
}

// inputHeaders are the AMQP headers of a message from a previous step.
func inputHeaders(messageID string) amqp.Table {
	return amqp.Table{
		"execId": "exec-0", "taskId": flowID, "userId": "user-1", "stepId": "step_0",
		"threadId": "thread-1", "messageId": messageID, "parentMessageId": "M0",
	}
}

// collect reads n messages of kind, waiting up to timeout, and fails the
// test when fewer arrive.
func (f *flow) collect(kind string, n int, timeout time.Duration) []amqp.Delivery {
	f.t.Helper()
	var got []amqp.Delivery
	deadline := time.Now().Add(timeout)
	for len(got) < n && time.Now().Before(deadline) {
		got = append(got, f.drain(kind)...)
		if len(got) < n {
			time.Sleep(50 * time.Millisecond)
		}
	}
	require.Len(f.t, got, n, "messages on %s", kind)
	return got
}

// drain takes every message currently on the queue of kind.
func (f *flow) drain(kind string) []amqp.Delivery {
	f.t.Helper()
	var got []amqp.Delivery
	f.admin(func(ch *amqp.Channel) error {
		got = got[:0]
		for {
			d, ok, err := ch.Get(f.queues[kind], true)
			if err != nil {
				return err
			}
			if !ok {
				return nil
			}
			got = append(got, d)
		}
	})
	return got
}

// inputCounts returns the ready messages and consumers of the input queue.
func (f *flow) inputCounts() (ready, consumers int) {
	f.t.Helper()
	return f.counts(f.input)
}

// counts returns the ready messages and consumers of one of the flow's
// queues.
func (f *flow) counts(queue string) (ready, consumers int) {
	f.t.Helper()
	f.admin(func(ch *amqp.Channel) error {
		q, err := ch.QueueDeclarePassive(queue, f.durable, false, false, false, nil)
		ready, consumers = q.Messages, q.Consumers
		return err
	})
	return ready, consumers
}

// decode decrypts a data-like output into a map.
func (f *flow) decode(d amqp.Delivery) map[string]any {
	f.t.Helper()
	version := 1
	if v, ok := d.Headers["protocolVersion"]; ok {
		version = int(toInt(v))
	}
	plain, err := f.cipher.DecodeBody(d.Body, version)
	require.NoError(f.t, err)
	var m map[string]any
	require.NoError(f.t, json.Unmarshal(plain, &m))
	return m
}

// decodeError opens an error envelope.
func (f *flow) decodeError(d amqp.Delivery) (payload map[string]any, input map[string]any, hasInput bool) {
	f.t.Helper()
	var env map[string]string
	require.NoError(f.t, json.Unmarshal(d.Body, &env))
	plain, err := f.cipher.DecryptBase64(env["error"])
	require.NoError(f.t, err)
	require.NoError(f.t, json.Unmarshal(plain, &payload))
	if env["errorInput"] != "" {
		in, err := f.cipher.DecryptBase64(env["errorInput"])
		if err == nil {
			_ = json.Unmarshal(in, &input)
		}
		return payload, input, true
	}
	return payload, nil, false
}

func toInt(v any) int64 {
	switch x := v.(type) {
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case int64:
		return x
	case int:
		return int64(x)
	case uint8:
		return int64(x)
	}
	return -1
}

// ---------------------------------------------------------------- process

// env returns the platform's variables for a worker of this flow running
// function, with overrides ("" removes a variable).
func (f *flow) env(function string, overrides map[string]string) []string {
	vars := map[string]string{
		"ELASTICIO_FLOW_ID": flowID, "ELASTICIO_EXEC_ID": "exec-1", "ELASTICIO_STEP_ID": stepID,
		"ELASTICIO_CONTAINER_ID": "container-1", "ELASTICIO_WORKSPACE_ID": "ws-1",
		"ELASTICIO_USER_ID": "user-1", "ELASTICIO_COMP_ID": "comp-1", "ELASTICIO_FUNCTION": function,
		"ELASTICIO_API_URI": f.api.URL + "/api", "ELASTICIO_API_USERNAME": "task-" + flowID,
		"ELASTICIO_API_KEY":            apiKey,
		"ELASTICIO_AMQP_URI":           "amqp://guest:guest@127.0.0.1:5672/",
		"ELASTICIO_LISTEN_MESSAGES_ON": f.input, "ELASTICIO_PUBLISH_MESSAGES_TO": f.exchange,
		"ELASTICIO_DATA_ROUTING_KEY": f.key(keyData), "ELASTICIO_ERROR_ROUTING_KEY": f.key(keyError),
		"ELASTICIO_REBOUND_ROUTING_KEY": f.key(keyRebound), "ELASTICIO_SNAPSHOT_ROUTING_KEY": f.key(keySnapshot),
		"ELASTICIO_MESSAGE_CRYPTO_IV": cryptoIV, "ELASTICIO_MESSAGE_CRYPTO_PASSWORD": cryptoPassword,
		"ELASTICIO_AMQP_CONNECTION_NAME":    f.connName,
		"ELASTICIO_AMQP_RECONNECT_MAX_WAIT": "20000",
		"LOG_LEVEL":                         "debug",
	}
	for k, v := range overrides {
		if v == "" {
			delete(vars, k)
		} else {
			vars[k] = v
		}
	}
	out := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.TempDir()}
	for k, v := range vars {
		out = append(out, k+"="+v)
	}
	return out
}

// worker is a running test component process.
type worker struct {
	t    *testing.T
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{}
	code int
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// start runs the test component with env and args ("run" by default).
func start(t *testing.T, env []string, args ...string) *worker {
	t.Helper()
	if len(args) == 0 {
		args = []string{"run"}
	}
	return startBinary(t, binary, env, args...)
}

// startBinary runs the binary at path with env and args, capturing its
// output; the process is killed at the end of the test if still running.
func startBinary(t *testing.T, path string, env []string, args ...string) *worker {
	t.Helper()
	w := &worker{t: t, out: &syncBuffer{}, done: make(chan struct{})}
	w.cmd = exec.Command(path, args...)
	w.cmd.Env = env
	w.cmd.Stdout, w.cmd.Stderr = w.out, w.out
	require.NoError(t, w.cmd.Start())
	go func() {
		_ = w.cmd.Wait()
		w.code = w.cmd.ProcessState.ExitCode()
		close(w.done)
	}()
	t.Cleanup(func() {
		select {
		case <-w.done:
		default:
			_ = w.cmd.Process.Kill()
			<-w.done
		}
		assert.NotContains(t, w.out.String(), "WARNING: DATA RACE", "race in the worker process")
		if t.Failed() {
			t.Logf("worker output:\n%s", w.out.String())
		}
	})
	return w
}

// run starts the worker for function and waits until it consumes.
func (f *flow) run(function string, overrides map[string]string) *worker {
	f.t.Helper()
	w := start(f.t, f.env(function, overrides))
	w.waitLog("amqpbus: consuming", 20*time.Second)
	return w
}

func (w *worker) signal(sig syscall.Signal) {
	w.t.Helper()
	require.NoError(w.t, w.cmd.Process.Signal(sig))
}

// exit waits for the process to end and returns its exit code.
func (w *worker) exit(timeout time.Duration) int {
	w.t.Helper()
	select {
	case <-w.done:
		return w.code
	case <-time.After(timeout):
		require.FailNow(w.t, "worker did not exit", "within %s", timeout)
	}
	return -1
}

func (w *worker) running() bool {
	select {
	case <-w.done:
		return false
	default:
		return true
	}
}

// waitLog waits until the output contains text.
func (w *worker) waitLog(text string, timeout time.Duration) {
	w.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if strings.Contains(w.out.String(), text) {
			return
		}
		select {
		case <-w.done:
			require.FailNow(w.t, "worker exited", "waiting for %q, exit %d", text, w.code)
		case <-time.After(20 * time.Millisecond):
		}
	}
	require.FailNow(w.t, "log line not seen", "%q within %s", text, timeout)
}

func (w *worker) logs() string { return w.out.String() }

// stopped sends SIGTERM and returns the exit code.
func (w *worker) stopped() int {
	w.t.Helper()
	w.signal(syscall.SIGTERM)
	return w.exit(30 * time.Second)
}

// assertNoSecrets checks the process output for the secrets it was given.
func assertNoSecrets(t *testing.T, logs string) {
	t.Helper()
	for _, secret := range []string{apiKey, cryptoPassword, "guest:guest", "svc-pass"} {
		assert.NotContains(t, logs, secret, "secret in the worker's output")
	}
}

// ---------------------------------------------------------------- rabbitmqctl

// rabbitmqctl runs the broker CLI and fails the test when it fails.
var rabbitmqctl = faults.Rabbitmqctl

// closeConnections closes the broker connections whose name is one of
// names, and returns how many it closed.
func closeConnections(t *testing.T, names ...string) int {
	t.Helper()
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	closed := 0
	out := rabbitmqctl(t, "-q", "list_connections", "pid", "client_properties")
	for _, line := range strings.Split(out, "\n") {
		pid, props, ok := strings.Cut(strings.TrimSpace(line), "\t")
		if !ok {
			continue
		}
		// client_properties is an Erlang term list holding
		// {"connection_name","<name>"}.
		for name := range want {
			if strings.Contains(props, `{"connection_name","`+name+`"}`) {
				rabbitmqctl(t, "close_connection", pid, "worker test: connection closed on purpose")
				closed++
			}
		}
	}
	return closed
}

// brokerLogFile is the broker's log file; false when none is found.
func brokerLogFile() (string, bool) {
	files, _ := filepath.Glob("/var/log/rabbitmq/rabbit@*.log")
	for _, name := range files {
		if !strings.HasSuffix(name, "_upgrade.log") {
			return name, true
		}
	}
	return "", false
}

// brokerLogOffset is the size of the broker log now, the offset to give
// assertNoStaleAcks later; 0 when there is no log (assertNoStaleAcks then
// fails).
func brokerLogOffset() int64 {
	name, ok := brokerLogFile()
	if !ok {
		return 0
	}
	fi, err := os.Stat(name)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// brokerLog returns what the broker logged from offset on; found is false
// when the log is not readable.
func brokerLog(offset int64) (text string, found bool) {
	name, ok := brokerLogFile()
	if !ok {
		return "", false
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return "", false
	}
	if int64(len(b)) < offset {
		offset = 0 // rotated
	}
	return string(b[offset:]), true
}

// assertNoStaleAcks checks that the broker closed no channel for an
// unknown delivery tag since offset.
func assertNoStaleAcks(t *testing.T, offset int64) {
	t.Helper()
	text, found := brokerLog(offset)
	require.True(t, found, "no readable broker log under /var/log/rabbitmq")
	assert.NotContains(t, text, "unknown delivery tag", "a stale ack reached the broker")
}
