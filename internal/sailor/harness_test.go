package sailor_test

import (
	"context"
	"encoding/json"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
)

// The secrets of the Node sailor's integration tests (sailor-protocol.md 5.1).
const (
	testPassword = "testCryptoPassword"
	testIV       = "iv=any16_symbols"
	testQueue    = "step_2:messages"
)

func testEnv(overrides map[string]string) func(string) (string, bool) {
	env := map[string]string{
		"ELASTICIO_FLOW_ID": "5559edd38968ec0736000003", "ELASTICIO_EXEC_ID": "exec-1",
		"ELASTICIO_STEP_ID": "step_2", "ELASTICIO_CONTAINER_ID": "container-1",
		"ELASTICIO_WORKSPACE_ID": "ws-1", "ELASTICIO_USER_ID": "user-1", "ELASTICIO_COMP_ID": "comp-1",
		"ELASTICIO_FUNCTION": "f", "ELASTICIO_API_URI": "http://127.0.0.1:1", "ELASTICIO_API_USERNAME": "task-1",
		"ELASTICIO_API_KEY": "secret-api-key", "ELASTICIO_AMQP_URI": "amqp://guest:guest@127.0.0.1:5672",
		"ELASTICIO_LISTEN_MESSAGES_ON": testQueue, "ELASTICIO_PUBLISH_MESSAGES_TO": "ws-1_org",
		"ELASTICIO_DATA_ROUTING_KEY": "data-key", "ELASTICIO_ERROR_ROUTING_KEY": "error-key",
		"ELASTICIO_REBOUND_ROUTING_KEY": "rebound-key", "ELASTICIO_SNAPSHOT_ROUTING_KEY": "snapshot-key",
		"ELASTICIO_MESSAGE_CRYPTO_IV": testIV, "ELASTICIO_MESSAGE_CRYPTO_PASSWORD": testPassword,
	}
	for k, v := range overrides {
		if v == "" {
			delete(env, k)
			continue
		}
		env[k] = v
	}
	return func(name string) (string, bool) { v, ok := env[name]; return v, ok }
}

// fakeClock never really sleeps; it records the waits asked for and moves
// its time forward by them.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.sleeps = append(c.sleeps, d)
		c.now = c.now.Add(d)
	}
	return ctx.Err()
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

type harness struct {
	t      *testing.T
	bus    *membus.Bus
	sl     *sailor.Sailor
	st     *settings.Settings
	cipher *cipher.Cipher
	clock  *fakeClock
}

type harnessOptions struct {
	env      map[string]string
	step     sailor.Step
	accounts sailor.AccountUpdater
}

// newHarness runs a sailor on the mock bus with handler h as function "f".
func newHarness(t *testing.T, h sailor.HandlerFunc, opts harnessOptions) *harness {
	t.Helper()
	st, err := settings.Load(testEnv(opts.env))
	require.NoError(t, err)
	reg := sailor.NewRegistry()
	require.NoError(t, reg.Handle("f", h))
	log := logrus.New()
	log.SetOutput(io.Discard)
	clock := newFakeClock()
	bus := membus.New()
	sl, err := sailor.New(sailor.Config{
		Settings: st, Transport: bus, Registry: reg, Step: opts.step,
		Accounts: opts.accounts, Logger: logrus.NewEntry(log), Clock: clock,
	})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sl.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	c, err := cipher.New(testPassword, testIV)
	require.NoError(t, err)
	return &harness{t: t, bus: bus, sl: sl, st: st, cipher: c, clock: clock}
}

// send delivers a message body (encrypted as protocol v1 unless headers say
// otherwise) and waits for its settlement.
func (h *harness) send(msg string, headers map[string]any) (membus.Outcome, *membus.Tracked) {
	h.t.Helper()
	version := cipher.ProtocolVersion(headers["protocolVersion"])
	return h.sendRaw(h.cipher.EncodeBody([]byte(msg), version), headers)
}

func (h *harness) sendRaw(body []byte, headers map[string]any) (membus.Outcome, *membus.Tracked) {
	h.t.Helper()
	if headers == nil {
		headers = defaultHeaders()
	}
	tr := h.bus.Enqueue(testQueue, sailor.Delivery{
		Body: body, Headers: headers,
		Properties: sailor.Properties{ContentType: "application/json", ContentEncoding: "utf8", DeliveryMode: 1},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := tr.Wait(ctx)
	require.NoError(h.t, err, "delivery was never settled")
	return out, tr
}

func defaultHeaders() map[string]any {
	return map[string]any{
		"execId": "exec-0", "taskId": "5559edd38968ec0736000003", "userId": "user-1",
		"stepId": "step_1", "threadId": "T1", "messageId": "M1", "parentMessageId": "M0",
	}
}

// decodeData decrypts a data publish into its message object.
func (h *harness) decodeData(p sailor.Publishing) map[string]any {
	h.t.Helper()
	plain, err := h.cipher.DecodeBody(p.Body, cipher.ProtocolVersion(p.Headers["protocolVersion"]))
	require.NoError(h.t, err)
	var m map[string]any
	require.NoError(h.t, json.Unmarshal(plain, &m))
	return m
}

// decodeError opens an error envelope: the error payload and the input.
func (h *harness) decodeError(p sailor.Publishing) (errPayload map[string]any, input string) {
	h.t.Helper()
	var env map[string]string
	require.NoError(h.t, json.Unmarshal(p.Body, &env))
	plain, err := h.cipher.DecryptBase64(env["error"])
	require.NoError(h.t, err)
	require.NoError(h.t, json.Unmarshal(plain, &errPayload))
	if env["errorInput"] != "" {
		// An undecryptable input travels as it came; tests look at it raw.
		in, err := h.cipher.DecryptBase64(env["errorInput"])
		if err != nil {
			return errPayload, env["errorInput"]
		}
		input = string(in)
	}
	return errPayload, input
}

func byKey(ps []sailor.Publishing, key string) []sailor.Publishing {
	var out []sailor.Publishing
	for _, p := range ps {
		if p.RoutingKey == key {
			out = append(out, p)
		}
	}
	return out
}
