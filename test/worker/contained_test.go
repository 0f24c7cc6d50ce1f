package worker_test

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reliability.md R3 (reduced; the full run is TestFaultPrefetchBoundsLargeRun),
// R7, R12, R13, R14, R28 and R29 against the worker process and the broker.
// Each test owns its exchange and queues, so they run in parallel with the
// rest of `go test ./...`.

// prefetchWindow runs n messages at prefetch 10 through an API that
// answers in 50 ms and returns the largest in-flight window seen by the
// API and by the broker (unacked), and the worker's RSS growth in kB.
func prefetchWindow(t *testing.T, n int) (apiPeak, brokerPeak, rssGrowthKB int) {
	f := newFlow(t)
	api := newRESTAPI(t, 50*time.Millisecond)
	w := f.run("passthrough", map[string]string{"ELASTICIO_RABBITMQ_PREFETCH_SAILOR": "10", "LOG_LEVEL": "info"})
	bodies, ids := make([]string, n), make([]string, n)
	for i := range n {
		ids[i] = fmt.Sprint("W", i)
		bodies[i] = api.body(ids[i])
	}
	base := rssKB(w.pid())
	f.sendMany(bodies, ids)
	peakRSS := base
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			if _, unacked := queueCounts(t, f.input); unacked > brokerPeak {
				brokerPeak = unacked
			}
			peakRSS = max(peakRSS, rssKB(w.pid()))
			time.Sleep(100 * time.Millisecond)
		}
	})
	api.waitIDs(t, n, time.Duration(n)*30*time.Millisecond+30*time.Second)
	close(done)
	wg.Wait()
	assert.Equal(t, 0, w.stopped())
	f.assertSettled(0)
	return api.peak(), brokerPeak, peakRSS - base
}

func TestPrefetchBoundsUnackedWindowAndMemory(t *testing.T) {
	t.Parallel()
	// R3, reduced for the default run.
	apiPeak, brokerPeak, growth := prefetchWindow(t, 300)
	t.Logf("R3 300 msgs: API in-flight peak %d, broker unacked peak %d, RSS growth %d kB", apiPeak, brokerPeak, growth)
	assert.LessOrEqual(t, apiPeak, 10, "never more than prefetch handlers at once")
	assert.LessOrEqual(t, brokerPeak, 10, "never more than prefetch unacked")
	assert.Less(t, growth, 50<<10, "RSS growth bounded")
}

func TestOutputExchangeDeletedIsContained(t *testing.T) {
	t.Parallel()
	// R7: publishing to a deleted exchange kills the write channel (404).
	// The worker reopens it and keeps retrying (dynamic flow control); the
	// input is held, never acked; the consumer stays; once the exchange is
	// back the input and the next ones are processed, with no restart.
	f := newFlow(t)
	out := f.name + "-out"
	declare := func(ch *amqp.Channel) error {
		if err := ch.ExchangeDeclare(out, "direct", false, false, false, false, nil); err != nil {
			return err
		}
		return ch.QueueBind(f.queues[keyData], f.key(keyData), out, false, nil)
	}
	f.admin(declare)
	t.Cleanup(func() { f.adminQuiet(func(ch *amqp.Channel) error { return ch.ExchangeDelete(out, false, false) }) })
	w := f.run("passthrough", map[string]string{
		"ELASTICIO_PUBLISH_MESSAGES_TO": out, "ELASTICIO_AMQP_PUBLISH_MAX_RETRY_DELAY": "300",
	})
	f.admin(func(ch *amqp.Channel) error { return ch.ExchangeDelete(out, false, false) })
	f.send(`{"body":{"n":1},"headers":{}}`, inputHeaders("M1"))
	w.waitLog("write connection lost", 10*time.Second)
	time.Sleep(time.Second)
	ready, consumers := f.inputCounts()
	assert.Zero(t, ready, "the input is held by the worker")
	assert.Equal(t, 1, consumers, "the consumer was not dropped")
	assert.Empty(t, f.drain(keyDead), "not rejected")
	assert.Empty(t, f.drain(keyError))
	assert.True(t, w.running())

	f.admin(declare)
	d := f.collect(keyData, 1, waitOutput)[0]
	assert.Equal(t, "M1", d.Headers["parentMessageId"])
	f.send(`{"body":{"n":2},"headers":{}}`, inputHeaders("M2"))
	d = f.collect(keyData, 1, waitOutput)[0]
	assert.Equal(t, "M2", d.Headers["parentMessageId"])
	assert.Equal(t, 0, w.stopped())
	f.assertSettled(0)
	assert.True(t, strings.Contains(w.logs(), "publish failed; retrying"), "the held publish was retried")
}

func TestHandlerPanicIsContained(t *testing.T) {
	t.Parallel()
	// R12: a panic on a marker field is that message's error (error event
	// with the stack, rejected), logged once with its stack; the process
	// keeps running and the next message is processed.
	f := newFlow(t)
	w := f.run("passthrough", nil)
	f.send(`{"body":{"panic":true},"headers":{}}`, inputHeaders("P1"))
	f.send(`{"body":{"fine":true},"headers":{}}`, inputHeaders("P2"))
	e := f.collect(keyError, 1, waitOutput)[0]
	payload, input, _ := f.decodeError(e)
	assert.Contains(t, payload["message"], "panic on purpose (marker field)")
	assert.Contains(t, payload["stack"], "testcomponent", "the stack travels in the error event")
	assert.Equal(t, map[string]any{"panic": true}, input["body"])
	d := f.collect(keyData, 1, waitOutput)[0]
	assert.Equal(t, "P2", d.Headers["parentMessageId"])
	f.assertSettled(1)
	assert.True(t, w.running())
	assert.Equal(t, 1, strings.Count(w.logs(), "panic on purpose (marker field)"), "logged once")
	lines := byMessageID(settlements(t, w.logs()))
	require.Len(t, lines["P1"], 1)
	assert.Equal(t, "handler panic", lines["P1"][0]["reason"])
	assert.Contains(t, lines["P1"][0]["stack"], "testcomponent")
	assert.Equal(t, 0, w.stopped())
}

// reboundLoop declares the platform's rebound path: a delay queue bound to
// the rebound routing key whose expired messages dead-letter back to the
// input queue.
func (f *flow) reboundLoop() {
	delay := f.name + ".delay"
	f.admin(func(ch *amqp.Channel) error {
		args := amqp.Table{"x-dead-letter-exchange": f.exchange, "x-dead-letter-routing-key": f.key("in")}
		if _, err := ch.QueueDeclare(delay, false, false, false, false, args); err != nil {
			return err
		}
		return ch.QueueBind(delay, f.key(keyRebound), f.exchange, false, nil)
	})
	f.t.Cleanup(func() {
		f.adminQuiet(func(ch *amqp.Channel) error { _, err := ch.QueueDelete(delay, false, false, false); return err })
	})
}

func TestReboundsAreBoundedThroughADelayQueue(t *testing.T) {
	t.Parallel()
	// R13 (and R29 on its log): the API always answers 503; with limit 3
	// and 100 ms initial expiration the message is tried exactly 1 + 3
	// times at growing intervals, then one "Rebound limit exceeded" error,
	// then nothing more.
	f := newFlow(t)
	f.reboundLoop()
	api := newRESTAPI(t, 0)
	api.set(func(a *restAPI) { a.status = http.StatusServiceUnavailable })
	w := f.run("rebound", map[string]string{"ELASTICIO_REBOUND_INITIAL_EXPIRATION": "100", "ELASTICIO_REBOUND_LIMIT": "3"})
	f.send(api.body("R13"), inputHeaders("R13"))
	e := f.collect(keyError, 1, 30*time.Second)[0]
	payload, _, _ := f.decodeError(e)
	assert.Equal(t, "Rebound limit exceeded", payload["message"])

	time.Sleep(5 * time.Second)
	calls := api.byID()["R13"]
	require.Len(t, calls, 4, "1 + REBOUND_LIMIT attempts")
	for i := 1; i < len(calls); i++ {
		gap := calls[i].At.Sub(calls[i-1].At)
		minimum := time.Duration(100<<(i-1)) * time.Millisecond
		t.Logf("R13 gap %d: %s (TTL %s)", i, gap.Round(time.Millisecond), minimum)
		assert.GreaterOrEqual(t, gap, minimum-10*time.Millisecond, "attempt %d waited its TTL", i+1)
	}
	assert.Empty(t, f.drain(keyError), "one error, then nothing more")
	f.assertSettled(0)

	lines := byMessageID(settlements(t, w.logs()))["R13"]
	require.Len(t, lines, 4, "one settlement line per delivery")
	for i, l := range lines {
		assert.Equal(t, "ack", l["outcome"])
		assert.EqualValues(t, i, l["reboundIteration"])
		want := "rebound"
		if i == 3 {
			want = "rebound limit exceeded"
		}
		assert.Equal(t, want, l["reason"])
	}
	assert.Equal(t, 0, w.stopped())
}

func TestMessageDeadlineCancelsTheCallAndRebounds(t *testing.T) {
	t.Parallel()
	// R14: the API never answers; ELASTICIO_MESSAGE_TIMEOUT=1000 ends the
	// handler's context: the request is cancelled (the API sees its client
	// go away, so no goroutine is left blocked on it), the handler returns
	// and the message takes the rebound path.
	f := newFlow(t)
	api := newRESTAPI(t, 0)
	api.set(func(a *restAPI) { a.hang = true })
	w := f.run("rebound", map[string]string{"ELASTICIO_MESSAGE_TIMEOUT": "1000"})
	f.send(api.body("R14"), inputHeaders("R14"))
	r := f.collect(keyRebound, 1, waitOutput)[0]
	assert.Contains(t, r.Headers["reboundReason"], "deadline exceeded")
	calls := api.snapshot()
	require.Len(t, calls, 1)
	api.mu.Lock()
	cancelled := append([]time.Time(nil), api.cancelled...)
	api.mu.Unlock()
	require.Len(t, cancelled, 1, "the request was abandoned by the client")
	took := cancelled[0].Sub(calls[0].At)
	t.Logf("R14: request cancelled %s after it started (deadline 1s)", took.Round(time.Millisecond))
	assert.GreaterOrEqual(t, took, 900*time.Millisecond)
	assert.Less(t, took, 3*time.Second)
	f.assertSettled(0)
	assert.Equal(t, "rebound", byMessageID(settlements(t, w.logs()))["R14"][0]["reason"])
	assert.Equal(t, 0, w.stopped())
}

func TestOneSettlementLinePerDelivery(t *testing.T) {
	t.Parallel()
	// R29 over R11's inputs (garbage, valid), a handler error and a panic:
	// exactly one line per delivery with id, function, redelivered,
	// outcome, reason and duration.
	f := newFlow(t)
	w := f.run("passthrough", nil)
	f.sendRaw([]byte("garbage, not encrypted"), inputHeaders("L-garbage"))
	f.send(`{"body":{},"headers":{}}`, inputHeaders("L-valid"))
	f.send(`{"body":{"panic":true},"headers":{}}`, inputHeaders("L-panic"))
	f.collect(keyData, 1, waitOutput)
	f.collect(keyError, 2, waitOutput)
	f.assertSettled(2)
	assert.Equal(t, 0, w.stopped())
	want := map[string][2]string{
		"L-garbage": {"reject", "decode error"}, "L-valid": {"ack", "ok"}, "L-panic": {"reject", "handler panic"},
	}
	// The line follows the settlement it reports: give the last one a moment.
	var lines map[string][]settlement
	require.Eventually(t, func() bool {
		lines = byMessageID(settlements(t, w.logs()))
		return len(lines) >= len(want)
	}, 10*time.Second, 20*time.Millisecond, "a settlement line for every delivery")
	assert.Len(t, lines, len(want))
	for id, ow := range want {
		require.Len(t, lines[id], 1, id)
		l := lines[id][0]
		for _, field := range []string{"messageId", "function", "redelivered", "outcome", "reason", "duration_ms", "deliveryTag"} {
			assert.Contains(t, l, field, "%s: %s", id, field)
		}
		assert.Equal(t, "passthrough", l["function"])
		assert.Equal(t, false, l["redelivered"])
		assert.Equal(t, ow[0], l["outcome"], id)
		assert.Equal(t, ow[1], l["reason"], id)
	}
}

func TestNoSecretsInLogsOrPublishedErrors(t *testing.T) {
	t.Parallel()
	// R28: recognisable secrets everywhere a worker holds them: access and
	// refresh token and client secret in the step's credential, the crypto
	// password, the AMQP password, the platform API key. The worker runs
	// errors, a failed key update, an undecryptable input, a panic, a
	// rebound and a read-connection kill (reconnect logs). Its output and
	// every message it published must not contain any of them.
	tag := strings.ToLower(rand.Text()[:8])
	secrets := map[string]string{
		"access token":    "access-tok-R28-" + tag,
		"refresh token":   "refresh-tok-R28-" + tag,
		"client secret":   "client-secret-R28-" + tag,
		"crypto password": "crypto-pass-R28-" + tag,
		"AMQP password":   "amqp-pass-R28-" + tag,
		"API key":         "api-key-R28-" + tag,
	}
	user := "worker-test-r28-" + tag
	rabbitmqctl(t, "add_user", user, secrets["AMQP password"])
	t.Cleanup(func() { _, _ = execQuiet("rabbitmqctl", "delete_user", user) })
	rabbitmqctl(t, "set_permissions", "-p", "/", user, ".*", ".*", ".*")

	f := newFlow(t)
	f.api.setConfig("oauth", map[string]any{
		"access_token": secrets["access token"], "refresh_token": secrets["refresh token"], "token_type": "Bearer",
	})
	f.api.setConfig("client_secret", secrets["client secret"])
	f.api.script(&f.api.accountStatuses, 500, 500, 500, 500)
	cipherWith := f.cipher
	defer func() { f.cipher = cipherWith }()
	f.cipher = cipherFor(t, secrets["crypto password"])
	env := map[string]string{
		"ELASTICIO_AMQP_URI":                "amqp://" + user + ":" + secrets["AMQP password"] + "@127.0.0.1:5672/",
		"ELASTICIO_MESSAGE_CRYPTO_PASSWORD": secrets["crypto password"],
		"ELASTICIO_API_KEY":                 secrets["API key"],
		"LOG_LEVEL":                         "trace",
	}
	var logs strings.Builder
	for _, c := range []struct{ function, body string }{
		{"fail", `{"body":{"message":"plain failure"},"headers":{}}`},
		{"updateKeys", `{"body":{"keys":{"oauth":{"access_token":"` + secrets["access token"] + `","refresh_token":"` + secrets["refresh token"] + `"}}},"headers":{}}`},
		{"passthrough", `{"body":{"panic":true},"headers":{}}`},
		{"rebound", `{"body":{"message":"later"},"headers":{}}`},
	} {
		w := f.run(c.function, env)
		f.sendRaw([]byte("undecryptable"), inputHeaders("garbage"))
		f.send(c.body, inputHeaders("S-"+c.function))
		require.Eventually(t, func() bool {
			return len(settlements(t, w.logs())) >= 2
		}, waitOutput, 20*time.Millisecond, "%s settled", c.function)
		if c.function == "fail" {
			require.Equal(t, 1, closeConnections(t, f.connName+"-read"))
			require.Eventually(t, func() bool { return strings.Count(w.logs(), "amqpbus: consuming") >= 2 },
				15*time.Second, 20*time.Millisecond, "consuming again")
		}
		w.stopped()
		logs.WriteString(w.logs())
	}
	var published []string
	for _, kind := range []string{keyData, keyError, keyRebound, keySnapshot, keyReply, keyDead} {
		for _, d := range f.drain(kind) {
			published = append(published, fmt.Sprint(d.Headers), string(d.Body))
			if kind == keyError {
				// The error payload, decrypted. Its errorInput is the input
				// as it came (for the platform's retry), not checked.
				payload, _, _ := f.decodeError(d)
				published = append(published, fmt.Sprint(payload))
			}
		}
	}
	require.NotEmpty(t, published)
	all := logs.String()
	assert.Contains(t, all, "update keys", "the failed key update was reported")
	for what, s := range secrets {
		assert.NotContains(t, all, s, "%s in the worker's output", what)
		for _, p := range published {
			assert.NotContains(t, p, s, "%s in a published message", what)
		}
	}
}
