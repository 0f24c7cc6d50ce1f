package worker_test

import (
	"encoding/json"
	"net"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/test/faults"
)

// Start-up (sailor-protocol.md 3.7), shutdown-hook mode (3.8), service mode
// (8), and reliability.md R8, R10, R18.

// assertStartupError checks the error envelope a failed start publishes:
// no errorInput, the step's identity in the headers.
func (f *flow) assertStartupError(contains string) {
	f.t.Helper()
	e := f.collect(keyError, 1, waitOutput)[0]
	payload, _, hasInput := f.decodeError(e)
	assert.Contains(f.t, payload["message"], contains)
	assert.False(f.t, hasInput, "a start-up error has no errorInput")
	for _, h := range []string{"execId", "taskId", "workspaceId", "containerId", "userId", "stepId", "compId", "function", "messageId"} {
		assert.Contains(f.t, e.Headers, h)
	}
}

func TestStartupFailuresArePublishedThenExit1(t *testing.T) {
	t.Parallel()
	t.Run("init hook fails", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		f.api.setConfig("failInit", true)
		w := start(t, f.env("passthrough", nil))
		assert.Equal(t, 1, w.exit(20*time.Second))
		f.assertStartupError("init failed on purpose")
		assert.Contains(t, w.logs(), "init hook failed", "the log names the hook; the message is the hook's own")
		_, consumers := f.inputCounts()
		assert.Zero(t, consumers, "never consumed")
	})
	t.Run("step data 500 then 404", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		f.api.script(&f.api.stepStatuses, 500, 404)
		w := start(t, f.env("passthrough", nil))
		assert.Equal(t, 1, w.exit(20*time.Second))
		f.assertStartupError("404")
		assert.Len(t, f.api.requestsTo("GET", "/api/v1/tasks/"+flowID+"/steps/"+stepID), 2,
			"5xx is retried, 4xx is not")
		assertNoSecrets(t, w.logs())
	})
	t.Run("queue does not exist", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		w := start(t, f.env("passthrough", map[string]string{"ELASTICIO_LISTEN_MESSAGES_ON": f.name + "-missing"}))
		assert.Equal(t, 1, w.exit(20*time.Second))
		f.assertStartupError("NOT_FOUND")
	})
}

func TestQueueDeletedWhileConsumingExits1(t *testing.T) {
	t.Parallel()
	// R8: the broker cancels the consumer; the worker must not idle.
	f := newFlow(t)
	w := f.run("passthrough", nil)
	f.admin(func(ch *amqp.Channel) error {
		_, err := ch.QueueDelete(f.input, false, false, false)
		return err
	})
	assert.Equal(t, 1, w.exit(20*time.Second))
	assert.Contains(t, w.logs(), "consumer cancelled by the broker")
	f.assertStartupError("consumer cancelled")
}

func TestInvalidConfigurationFailsFast(t *testing.T) {
	t.Parallel()
	// R18: exit 1 before any connection, naming every problem at once.
	f := newFlow(t)
	t.Run("missing variables", func(t *testing.T) {
		w := start(t, f.env("passthrough", map[string]string{
			"ELASTICIO_FLOW_ID": "", "ELASTICIO_AMQP_URI": "", "ELASTICIO_MESSAGE_CRYPTO_PASSWORD": "",
		}))
		assert.Equal(t, 1, w.exit(10*time.Second))
		for _, name := range []string{"ELASTICIO_FLOW_ID", "ELASTICIO_AMQP_URI", "ELASTICIO_MESSAGE_CRYPTO_PASSWORD"} {
			assert.Contains(t, w.logs(), name)
		}
		assert.NotContains(t, w.logs(), "ELASTICIO_EXEC_ID", "only the missing ones are named")
	})
	t.Run("unknown function", func(t *testing.T) {
		w := start(t, f.env("noSuchFunction", nil))
		assert.Equal(t, 1, w.exit(10*time.Second))
		assert.Contains(t, w.logs(), "noSuchFunction")
		assert.Contains(t, w.logs(), "passthrough", "the known functions are listed")
	})
	assert.Empty(t, f.api.calls(), "no platform call")
	assert.Empty(t, f.drain(keyError), "nothing published")
}

// freePort returns a local port nothing listens on.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return addr
}

func TestBrokerUnreachableAtStartup(t *testing.T) {
	t.Parallel()
	// R10 and run.spec "when error connecting to AMQP": no error message
	// (there is no broker to carry it), exit 1 after the bounded wait.
	t.Run("never comes", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		w := start(t, f.env("passthrough", map[string]string{
			"ELASTICIO_AMQP_URI":                "amqp://guest:guest@" + freePort(t) + "/",
			"ELASTICIO_AMQP_RECONNECT_MAX_WAIT": "1000",
		}))
		assert.Equal(t, 1, w.exit(20*time.Second))
		assert.Empty(t, f.api.calls(), "the broker comes first (sailor-protocol.md 3.1)")
		assert.Empty(t, f.drain(keyError))
		assertNoSecrets(t, w.logs())
	})
	t.Run("comes late", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		addr := freePort(t)
		w := start(t, f.env("passthrough", map[string]string{"ELASTICIO_AMQP_URI": "amqp://guest:guest@" + addr + "/"}))
		w.waitLog("connection attempt failed; retrying", 10*time.Second)
		p, err := faults.Listen(addr, "127.0.0.1:5672")
		require.NoError(t, err)
		t.Cleanup(func() { _ = p.Close() })
		w.waitLog("amqpbus: consuming", 20*time.Second)
		f.send(`{"body":{},"headers":{}}`, nil)
		f.collect(keyData, 1, waitOutput)
		assert.Equal(t, 0, w.stopped())
	})
}

func TestShutdownHookMode(t *testing.T) {
	t.Parallel()
	hooks := "/api/sailor-support/hooks/task/" + flowID + "/startup/data"
	t.Run("state found", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		f.api.mu.Lock()
		f.api.state = []byte(`{"subscription":"s-1"}`)
		f.api.mu.Unlock()
		w := start(t, f.env("passthrough", map[string]string{
			"ELASTICIO_HOOK_SHUTDOWN": "1", "ELASTICIO_AMQP_URI": "", "ELASTICIO_LISTEN_MESSAGES_ON": "",
		}))
		assert.Equal(t, 0, w.exit(20*time.Second))
		assert.Contains(t, w.logs(), "shutdown hook ran")
		assert.Contains(t, w.logs(), `{\"subscription\":\"s-1\"}`, "the hook got the stored state")
		assert.Equal(t, []string{
			"GET /api/v1/tasks/" + flowID + "/steps/" + stepID, "GET " + hooks, "DELETE " + hooks,
		}, f.api.calls())
	})
	t.Run("hooks data request fails", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		f.api.script(&f.api.hookGetStatuses, 500, 500, 500)
		w := start(t, f.env("passthrough", map[string]string{
			"ELASTICIO_HOOK_SHUTDOWN": "1", "ELASTICIO_API_REQUEST_RETRY_DELAY": "10",
		}))
		assert.Equal(t, 1, w.exit(20*time.Second))
		assert.NotContains(t, w.logs(), "shutdown hook ran")
		assert.Empty(t, f.api.requestsTo("DELETE", hooks))
	})
}

func TestServiceMode(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		method   string
		cfg      map[string]any
		env      map[string]string
		status   string
		data     string
		exit     int
		wantPuts int
	}{
		{name: "verifyCredentials ok", method: "verifyCredentials", cfg: map[string]any{"token": "good"},
			status: "success", data: `{"verified":true}`},
		{name: "verifyCredentials rejected", method: "verifyCredentials", cfg: map[string]any{"token": "bad"},
			status: "success", data: `{"verified":false,"reason":"token rejected"}`},
		{name: "getMetaModel with updateKeys", method: "getMetaModel",
			cfg:    map[string]any{"_account": accountID, "newKeys": map[string]any{"token": "t2"}},
			env:    map[string]string{"ELASTICIO_ACTION_OR_TRIGGER": "passthrough"},
			status: "success", wantPuts: 1,
			data: `{"in":{"type":"object","properties":{"message":{"type":"string"}}},"out":{"type":"object"}}`},
		{name: "getMetaModel failure", method: "getMetaModel", cfg: map[string]any{"failMeta": true},
			env:    map[string]string{"ELASTICIO_ACTION_OR_TRIGGER": "passthrough"},
			status: "error", data: `{"message":"metadata unavailable"}`},
		{name: "selectModel", method: "selectModel", cfg: map[string]any{},
			env:    map[string]string{"ELASTICIO_ACTION_OR_TRIGGER": "passthrough", "ELASTICIO_GET_MODEL_METHOD": "listChoices"},
			status: "success", data: `{"a":"Choice A","b":"Choice B"}`},
		// Settings it cannot use are the call's error result, in the Node
		// sailor's words, so that the platform shows why.
		{name: "unparsable cfg", method: "verifyCredentials", env: map[string]string{"ELASTICIO_CFG": `{"token":`},
			status: "error", data: `{"message":"Unable to parse CFG"}`},
		{name: "getMetaModel without a function", method: "getMetaModel", cfg: map[string]any{},
			status: "error", data: `{"message":"ELASTICIO_ACTION_OR_TRIGGER is not provided"}`},
		{name: "unknown select model", method: "selectModel", cfg: map[string]any{},
			env:    map[string]string{"ELASTICIO_ACTION_OR_TRIGGER": "passthrough", "ELASTICIO_GET_MODEL_METHOD": "noSuchModel"},
			status: "error", data: `{"message":"Method \"noSuchModel\" is not found in \"passthrough\" action or trigger"}`},
		{name: "unknown function", method: "getMetaModel", cfg: map[string]any{},
			env:    map[string]string{"ELASTICIO_ACTION_OR_TRIGGER": "noSuchAction"},
			status: "error", data: `{"message":"Trigger or action \"noSuchAction\" is not found in component.json!"}`},
		{name: "unusable log level", method: "verifyCredentials", cfg: map[string]any{},
			env:    map[string]string{"LOG_LEVEL": "loud"},
			status: "error", exit: 1,
			data: `{"message":"settings: invalid LOG_LEVEL (must be a bunyan level: trace, debug, info, warn, error or fatal)"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			api := newFakeAPI(t)
			w := start(t, serviceEnv(t, api, c.cfg, c.env), "service", c.method)
			assert.Equal(t, c.exit, w.exit(20*time.Second))
			posts := api.requestsTo("POST", "/result")
			require.Len(t, posts, 1)
			assert.Equal(t, "svc-user", posts[0].User, "URL userinfo becomes Basic auth")
			var res struct {
				Status string          `json:"status"`
				Data   json.RawMessage `json:"data"`
			}
			require.NoError(t, json.Unmarshal(posts[0].Body, &res))
			assert.Equal(t, c.status, res.Status)
			assert.JSONEq(t, c.data, string(res.Data))
			assert.Len(t, api.requestsTo("PUT", "/api/v1/accounts/"+accountID), c.wantPuts)
			assertNoSecrets(t, w.logs())
		})
	}
	t.Run("result refused", func(t *testing.T) {
		t.Parallel()
		api := newFakeAPI(t)
		api.script(&api.resultStatuses, 400)
		w := start(t, serviceEnv(t, api, map[string]any{}, nil), "service", "verifyCredentials")
		assert.Equal(t, 1, w.exit(20*time.Second))
	})
	t.Run("result retried after 5xx", func(t *testing.T) {
		t.Parallel()
		api := newFakeAPI(t)
		api.script(&api.resultStatuses, 503)
		w := start(t, serviceEnv(t, api, map[string]any{}, nil), "service", "verifyCredentials")
		assert.Equal(t, 0, w.exit(20*time.Second))
		assert.Len(t, api.requestsTo("POST", "/result"), 2)
	})
	t.Run("no result URL", func(t *testing.T) {
		t.Parallel()
		api := newFakeAPI(t)
		w := start(t, serviceEnv(t, api, map[string]any{}, map[string]string{"ELASTICIO_POST_RESULT_URL": ""}), "service", "verifyCredentials")
		assert.Equal(t, 1, w.exit(20*time.Second))
		assert.Empty(t, api.calls())
	})
}

func serviceEnv(t *testing.T, api *fakeAPI, cfg map[string]any, overrides map[string]string) []string {
	t.Helper()
	raw, err := json.Marshal(cfg)
	require.NoError(t, err)
	vars := map[string]string{
		"ELASTICIO_POST_RESULT_URL": strings.Replace(api.URL, "http://", "http://svc-user:svc-pass@", 1) + "/result",
		"ELASTICIO_CFG":             string(raw), "ELASTICIO_API_URI": api.URL + "/api",
		"ELASTICIO_API_USERNAME": "task-" + flowID, "ELASTICIO_API_KEY": apiKey,
		"ELASTICIO_API_REQUEST_RETRY_DELAY": "10",
	}
	for k, v := range overrides {
		if v == "" {
			delete(vars, k)
		} else {
			vars[k] = v
		}
	}
	env := []string{"HOME=/tmp"}
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	return env
}
