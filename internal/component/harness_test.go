package component

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/platform"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
)

// env is a test world: a seeded fake GoToWebinar (API and token endpoint)
// and a fake elastic.io platform API (for updateKeys), both httptest
// servers under a base path, and the component wired to them.
type env struct {
	t        *testing.T
	fake     *fake.Server
	api      *httptest.Server
	platform *platformAPI
	comp     *Component
	// cfg is a step configuration holding a valid credential of the
	// fake's main organizer; tests add their step fields to a copy.
	cfg       map[string]any
	organizer fake.Organizer
}

const fakeBase = "/goto"

type envOptions struct {
	fake fake.Options
	now  func() time.Time
}

func newEnv(t *testing.T, opts envOptions) *env {
	t.Helper()
	if opts.fake.Seed == 0 {
		opts.fake.Seed = fake.DefaultSeed
	}
	opts.fake.NoRateLimit = true
	f := fake.New(opts.fake)
	mux := http.NewServeMux()
	mux.Handle(fakeBase+"/", http.StripPrefix(fakeBase, f))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	log := logrus.New()
	log.SetOutput(io.Discard)
	comp, err := New(Options{
		AppID: fake.DefaultClientID, AppSecret: fake.DefaultClientSecret,
		APIURL: srv.URL + fakeBase, AuthURL: srv.URL + fakeBase,
		Logger: logrus.NewEntry(log), Now: opts.now,
		ClientOptions: []gotowebinar.Option{gotowebinar.WithPacing(0, 0)},
	})
	require.NoError(t, err)
	org := f.MainOrganizer()
	access, refresh := f.IssueToken(org.Key)
	e := &env{t: t, fake: f, api: srv, comp: comp, organizer: org, platform: newPlatformAPI(t)}
	e.cfg = map[string]any{
		"_account": "account-1",
		"oauth": map[string]any{
			"access_token": access, "refresh_token": refresh, "token_type": "Bearer",
			"expires_in": json.Number("3600"), "scope": "collab:",
		},
	}
	return e
}

// config returns the credential plus step fields.
func (e *env) config(fields map[string]any) map[string]any {
	c := map[string]any{}
	for k, v := range e.cfg {
		c[k] = v
	}
	for k, v := range fields {
		c[k] = v
	}
	return c
}

// event is one thing a function emitted, decoded.
type event struct {
	Kind    string // data, error, rebound, snapshot, updateSnapshot
	Body    map[string]any
	Error   string // message of an error event
	Headers map[string]any
}

// result is what processing one message produced.
type result struct {
	Outcome  membus.Outcome
	Events   []event
	Data     []map[string]any // bodies of the data events, in order
	Snapshot map[string]any   // the step snapshot afterwards
	Keys     []map[string]any // updateKeys stored on the platform
}

// run processes one message through the real sailor on the mock bus:
// input is the message body, cfg the step configuration, snapshot the step
// snapshot before the message.
func (e *env) run(name string, h sailor.Handler, input any, cfg, snapshot map[string]any) result {
	e.t.Helper()
	return e.runMany(name, h, []any{input}, cfg, snapshot)[0]
}

// runMany processes several messages in order through one sailor (one
// container), so snapshots carry from one to the next as on the platform.
func (e *env) runMany(name string, h sailor.Handler, inputs []any, cfg, snapshot map[string]any) []result {
	e.t.Helper()
	return e.process(name, h, inputs, cfg, snapshot, 1)
}

// runConcurrently delivers every input at once to a sailor that processes
// prefetch messages in parallel, as a step with "Parallel Processing" set.
// Results are in input order; events are matched by parentMessageId.
func (e *env) runConcurrently(name string, h sailor.Handler, inputs []any, cfg map[string]any, prefetch int) []result {
	e.t.Helper()
	return e.process(name, h, inputs, cfg, nil, prefetch)
}

func (e *env) process(name string, h sailor.Handler, inputs []any, cfg, snapshot map[string]any, prefetch int) []result {
	e.t.Helper()
	t := e.t
	base := sailorEnv(name, e.platform.srv.URL+"/api")
	st, err := settings.Load(func(n string) (string, bool) {
		if n == "ELASTICIO_RABBITMQ_PREFETCH_SAILOR" {
			return strconv.Itoa(prefetch), true
		}
		return base(n)
	})
	require.NoError(t, err)
	reg := sailor.NewRegistry()
	require.NoError(t, reg.Handle(name, h))
	api, err := platform.NewClient(platform.Config{
		BaseURL: e.platform.srv.URL + "/api", Username: "task", APIKey: "secret",
		Sleep: func(context.Context, time.Duration) error { return nil },
	})
	require.NoError(t, err)
	log := logrus.New()
	log.SetOutput(io.Discard)
	bus := membus.New()
	sl, err := sailor.New(sailor.Config{
		Settings: st, Transport: bus, Registry: reg, Accounts: api, Logger: logrus.NewEntry(log),
		Step: sailor.Step{Config: cfg, Snapshot: snapshot},
	})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sl.Run(ctx) }()
	defer func() { cancel(); require.NoError(t, <-done) }()

	c := sl.Cipher()
	if prefetch > 1 {
		return e.all(bus, c, inputs)
	}
	var results []result
	for i, input := range inputs {
		before := len(bus.Published())
		keysBefore := len(e.platform.stored())
		tr := enqueue(t, bus, c, i, input)
		wctx, wcancel := context.WithTimeout(context.Background(), 60*time.Second)
		outcome, err := tr.Wait(wctx)
		wcancel()
		require.NoError(t, err, "message %d was never settled", i)
		r := result{Outcome: outcome, Snapshot: sl.Snapshot(), Keys: e.platform.stored()[keysBefore:]}
		for _, p := range bus.Published()[before:] {
			r.add(decodeEvent(t, c, p))
		}
		results = append(results, r)
	}
	return results
}

// all enqueues every input before waiting for any.
func (e *env) all(bus *membus.Bus, c *cipher.Cipher, inputs []any) []result {
	t := e.t
	trackers := make([]*membus.Tracked, len(inputs))
	for i, input := range inputs {
		trackers[i] = enqueue(t, bus, c, i, input)
	}
	results := make([]result, len(inputs))
	for i, tr := range trackers {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		outcome, err := tr.Wait(ctx)
		cancel()
		require.NoError(t, err, "message %d was never settled", i)
		results[i].Outcome = outcome
	}
	for _, p := range bus.Published() {
		i, err := strconv.Atoi(strings.TrimPrefix(p.Headers["parentMessageId"].(string), "in-"))
		require.NoError(t, err)
		results[i].add(decodeEvent(t, c, p))
	}
	return results
}

// enqueue delivers input as the body of message "in-<i>".
func enqueue(t *testing.T, bus *membus.Bus, c *cipher.Cipher, i int, input any) *membus.Tracked {
	t.Helper()
	id := "in-" + strconv.Itoa(i)
	body, err := json.Marshal(map[string]any{"id": id, "body": input})
	require.NoError(t, err)
	return bus.Enqueue("in", sailor.Delivery{
		Body:    c.EncodeBody(body, 1),
		Headers: map[string]any{"messageId": id, "threadId": "thread", "stepId": "step_0"},
	})
}

// add records an event of the message, and its body if it is data.
func (r *result) add(ev event) {
	r.Events = append(r.Events, ev)
	if ev.Kind == "data" {
		r.Data = append(r.Data, ev.Body)
	}
}

func sailorEnv(function, apiURL string) func(string) (string, bool) {
	env := map[string]string{
		"ELASTICIO_FLOW_ID": "flow", "ELASTICIO_EXEC_ID": "exec", "ELASTICIO_STEP_ID": "step_1",
		"ELASTICIO_CONTAINER_ID": "c", "ELASTICIO_WORKSPACE_ID": "w", "ELASTICIO_USER_ID": "u",
		"ELASTICIO_COMP_ID": "gotowebinar", "ELASTICIO_FUNCTION": function,
		"ELASTICIO_API_URI": apiURL, "ELASTICIO_API_USERNAME": "task", "ELASTICIO_API_KEY": "secret",
		"ELASTICIO_AMQP_URI": "amqp://unused", "ELASTICIO_LISTEN_MESSAGES_ON": "in",
		"ELASTICIO_PUBLISH_MESSAGES_TO": "ex", "ELASTICIO_DATA_ROUTING_KEY": "data",
		"ELASTICIO_ERROR_ROUTING_KEY": "error", "ELASTICIO_REBOUND_ROUTING_KEY": "rebound",
		"ELASTICIO_SNAPSHOT_ROUTING_KEY": "snapshot",
		"ELASTICIO_MESSAGE_CRYPTO_IV":    "0123456789abcdef", "ELASTICIO_MESSAGE_CRYPTO_PASSWORD": "component-tests",
		// Lift the throttles: list functions emit hundreds of messages.
		"ELASTICIO_DATA_RATE_LIMIT": "100000", "ELASTICIO_SNAPSHOT_RATE_LIMIT": "100000", "ELASTICIO_ERROR_RATE_LIMIT": "100000",
	}
	return func(name string) (string, bool) { v, ok := env[name]; return v, ok }
}

func decodeEvent(t *testing.T, c *cipher.Cipher, p sailor.Publishing) event {
	t.Helper()
	ev := event{Headers: p.Headers}
	switch p.RoutingKey {
	case "error":
		ev.Kind = "error"
		var envl map[string]string
		require.NoError(t, json.Unmarshal(p.Body, &envl))
		plain, err := c.DecryptBase64(envl["error"])
		require.NoError(t, err)
		var payload map[string]any
		require.NoError(t, json.Unmarshal(plain, &payload))
		ev.Error, _ = payload["message"].(string)
	case "rebound":
		ev.Kind = "rebound"
		ev.Error, _ = p.Headers["reboundReason"].(string)
	case "snapshot":
		ev.Kind, _ = p.Headers["snapshotEvent"].(string)
		require.NoError(t, unmarshalExact(p.Body, &ev.Body))
	default:
		ev.Kind = "data"
		plain, err := c.DecodeBody(p.Body, 1)
		require.NoError(t, err)
		var msg struct {
			Body json.RawMessage `json:"body"`
		}
		require.NoError(t, json.Unmarshal(plain, &msg))
		require.NoError(t, unmarshalExact(msg.Body, &ev.Body))
	}
	return ev
}

// platformAPI is the elastic.io API as far as the component reaches it:
// PUT /v1/accounts/{id} stores credential keys.
type platformAPI struct {
	srv  *httptest.Server
	mu   sync.Mutex
	keys []map[string]any
}

func newPlatformAPI(t *testing.T) *platformAPI {
	p := &platformAPI{}
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /api/v1/accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Keys map[string]any `json:"keys"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		p.mu.Lock()
		p.keys = append(p.keys, body.Keys)
		p.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"` + r.PathValue("id") + `"}`))
	})
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *platformAPI) stored() []map[string]any {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]map[string]any(nil), p.keys...)
}

// keyString is how emitted messages carry a key.
func keyString(k int64) string { return strconv.FormatInt(k, 10) }
