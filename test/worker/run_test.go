package worker_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Scenarios of sailor-nodejs mocha_spec/run.spec.js (sailor-protocol.md 12)
// over RabbitMQ, against the test component's process.

const waitOutput = 15 * time.Second

// headerNames returns the sorted header names of d.
func headerNames(d amqp.Delivery) []string {
	names := make([]string, 0, len(d.Headers))
	for k := range d.Headers {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// assertSettled checks that the input queue is empty and that n inputs were
// rejected (dead-lettered) rather than acked.
func (f *flow) assertSettled(rejected int) {
	f.t.Helper()
	require.Eventually(f.t, func() bool { ready, _ := f.inputCounts(); return ready == 0 }, waitOutput, 50*time.Millisecond)
	assert.Len(f.t, f.drain(keyDead), rejected, "dead-lettered (rejected) inputs")
}

func TestRunTriggerSuccessfully(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, out int }{{1, 1}, {1, 2}, {2, 1}, {2, 2}} {
		t.Run(fmt.Sprintf("input v%d output v%d", c.in, c.out), func(t *testing.T) {
			t.Parallel()
			f := newFlow(t)
			w := f.run("passthrough", map[string]string{"ELASTICIO_PROTOCOL_VERSION": fmt.Sprint(c.out)})
			h := inputHeaders("M1")
			if c.in == 2 {
				h["protocolVersion"] = int8(2)
			}
			f.send(`{"id":"M1","body":{"hello":"world","withId":"out-1"},"headers":{}}`, h)

			d := f.collect(keyData, 1, waitOutput)[0]
			assert.Equal(t, uint8(1), d.DeliveryMode, "transient, as the Node sailor publishes")
			assert.Equal(t, "application/json", d.ContentType)
			assert.Equal(t, "utf8", d.ContentEncoding)
			assert.Equal(t, []string{"compId", "containerId", "end", "execId", "function", "messageId",
				"parentMessageId", "protocolVersion", "start", "stepId", "taskId", "threadId", "userId", "workspaceId"},
				headerNames(d), "headers exactly as sailor-protocol.md 5.5")
			assert.Equal(t, "out-1", d.Headers["messageId"])
			assert.Equal(t, "M1", d.Headers["parentMessageId"])
			assert.Equal(t, "thread-1", d.Headers["threadId"])
			assert.Equal(t, stepID, d.Headers["stepId"])
			assert.Equal(t, flowID, d.Headers["taskId"])
			assert.Equal(t, "exec-1", d.Headers["execId"])
			assert.Equal(t, "passthrough", d.Headers["function"])
			assert.Equal(t, int64(c.out), toInt(d.Headers["protocolVersion"]))
			assert.IsType(t, int64(0), d.Headers["start"], "timestamps are 64-bit")
			if c.out == 1 {
				assert.NotContains(t, string(d.Body), "hello", "v1 is base64 of ciphertext")
			}
			m := f.decode(d)
			assert.Equal(t, map[string]any{"hello": "world", "withId": "out-1"}, m["body"])
			f.assertSettled(0)
			assert.Equal(t, 0, w.stopped())
			assertNoSecrets(t, w.logs())
		})
	}
}

func TestPassthroughIsAugmentedWithTheStepsOutput(t *testing.T) {
	t.Parallel()
	f := newFlow(t)
	f.api.setStep("is_passthrough", true)
	w := f.run("passthrough", nil)
	f.send(`{"id":"M1","body":{"message":"Just do it","withId":"out-1"},"headers":{},"passthrough":{"step_0":{"id":"34","body":{"earlier":true},"attachments":{}}}}`, nil)

	m := f.decode(f.collect(keyData, 1, waitOutput)[0])
	pt := m["passthrough"].(map[string]any)
	assert.Equal(t, map[string]any{"earlier": true}, pt["step_0"].(map[string]any)["body"], "earlier steps are kept")
	own := pt[stepID].(map[string]any)
	assert.Equal(t, "out-1", own["id"])
	assert.Equal(t, map[string]any{"message": "Just do it", "withId": "out-1"}, own["body"])
	f.assertSettled(0)
	assert.Equal(t, 0, w.stopped())
}

func TestNoSelfPassthroughStoresTheInputUnderThePreviousStep(t *testing.T) {
	t.Parallel()
	f := newFlow(t)
	f.api.setStep("is_passthrough", true)
	w := f.run("passthrough", map[string]string{"ELASTICIO_NO_SELF_PASSTRHOUGH": "true"})
	h := inputHeaders("M1")
	h["stepId"] = "step_0"
	f.send(`{"id":"M1","body":{"message":"in"},"headers":{}}`, h)
	m := f.decode(f.collect(keyData, 1, waitOutput)[0])
	pt := m["passthrough"].(map[string]any)
	assert.Equal(t, map[string]any{"message": "in"}, pt["step_0"].(map[string]any)["body"])
	assert.Equal(t, 0, w.stopped())
}

func TestThrottledEmitsEachGetANewMessageID(t *testing.T) {
	t.Parallel()
	f := newFlow(t)
	w := f.run("multi", map[string]string{"ELASTICIO_DATA_RATE_LIMIT": "1", "ELASTICIO_RATE_INTERVAL": "110"})
	f.send(`{"body":{"a":1},"headers":{}}`, inputHeaders("M1"))
	outs := f.collect(keyData, 3, waitOutput)
	ids := map[any]bool{}
	var ns []float64
	for _, d := range outs {
		ids[d.Headers["messageId"]] = true
		assert.Equal(t, "M1", d.Headers["parentMessageId"])
		assert.Equal(t, "thread-1", d.Headers["threadId"])
		ns = append(ns, f.decode(d)["body"].(map[string]any)["n"].(float64))
	}
	assert.Len(t, ids, 3, "a new messageId per output (sailor-protocol.md 13 item 3)")
	assert.Equal(t, []float64{1, 2, 3}, ns, "in emit order")
	f.assertSettled(0)
	assert.Equal(t, 0, w.stopped())
}

func TestStartupHook(t *testing.T) {
	t.Parallel()
	hooksPath := "/api/sailor-support/hooks/task/" + flowID + "/startup/data"
	cases := []struct {
		name       string
		state      any
		postStatus []int
		noHook     bool
		wantCalls  []string
		wantState  string
	}{
		{name: "hooks data not created yet", state: map[string]any{"subscription": "s-1"},
			wantCalls: []string{"POST"}, wantState: `{"subscription":"s-1"}`},
		{name: "hooks data already exists", state: map[string]any{"subscription": "s-2"}, postStatus: []int{409},
			wantCalls: []string{"POST", "DELETE", "POST"}, wantState: `{"subscription":"s-2"}`},
		{name: "startup returns empty data", wantCalls: []string{"POST"}, wantState: `{}`},
		{name: "startup method does not exist", noHook: true, wantCalls: []string{"POST"}, wantState: `{}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			f := newFlow(t)
			if c.state != nil {
				f.api.setConfig("startupState", c.state)
			}
			f.api.script(&f.api.hookPostStatuses, c.postStatus...)
			env := map[string]string{"ELASTICIO_STARTUP_REQUIRED": "1"}
			if c.noHook {
				env["TESTCOMPONENT_NO_STARTUP_HOOK"] = "1"
			}
			w := f.run("passthrough", env)
			var methods []string
			for _, call := range f.api.calls() {
				if strings.HasSuffix(call, hooksPath) {
					methods = append(methods, strings.Fields(call)[0])
				}
			}
			assert.Equal(t, c.wantCalls, methods)
			assert.JSONEq(t, c.wantState, string(f.api.storedState()))

			f.send(`{"body":{"x":1},"headers":{}}`, nil)
			f.collect(keyData, 1, waitOutput)
			f.assertSettled(0)
			assert.Equal(t, 0, w.stopped())
		})
	}
}

func TestAdditionalVarsGoIntoHeaders(t *testing.T) {
	t.Parallel()
	f := newFlow(t)
	w := f.run("passthrough", map[string]string{
		"ELASTICIO_ADDITIONAL_VARS_FOR_HEADERS": "ELASTICIO_FIRST_ENV, ELASTICIO_SECOND_ELASTICIO_ENV, ELASTICIO_NOT_SET",
		"ELASTICIO_FIRST_ENV":                   "first", "ELASTICIO_SECOND_ELASTICIO_ENV": "second",
	})
	f.send(`{"body":{},"headers":{}}`, nil)
	d := f.collect(keyData, 1, waitOutput)[0]
	assert.Equal(t, "first", d.Headers["firstEnv"])
	assert.Equal(t, "second", d.Headers["secondElasticioEnv"])
	assert.NotContains(t, d.Headers, "notSet")
	assert.Equal(t, 0, w.stopped())
}

func TestHTTPReplyGoesToReplyTo(t *testing.T) {
	t.Parallel()
	f := newFlow(t)
	w := f.run("httpReply", nil)
	h := inputHeaders("M1")
	h["reply_to"] = f.key(keyReply)
	f.send(`{"body":{"q":"hi"},"headers":{}}`, h)

	reply := f.collect(keyReply, 1, waitOutput)[0]
	assert.Equal(t, int64(1), toInt(reply.Headers["protocolVersion"]), "replies are always v1")
	r := f.decode(reply)
	assert.Equal(t, float64(200), r["statusCode"])
	assert.JSONEq(t, `{"q":"hi"}`, r["body"].(string))
	data := f.collect(keyData, 1, waitOutput)[0]
	assert.Equal(t, f.key(keyReply), data.Headers["reply_to"], "reply_to travels on")
	f.assertSettled(0)
	assert.Equal(t, 0, w.stopped())
}

func TestErrorsAreReportedAndRejected(t *testing.T) {
	t.Parallel()
	t.Run("handler error, mirrored to reply_to", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		w := f.run("fail", nil)
		h := inputHeaders("M1")
		h["reply_to"] = f.key(keyReply)
		f.send(`{"body":{"message":"boom"},"headers":{}}`, h)
		e := f.collect(keyError, 1, waitOutput)[0]
		payload, input, hasInput := f.decodeError(e)
		assert.Equal(t, "boom", payload["message"])
		require.True(t, hasInput)
		assert.Equal(t, map[string]any{"message": "boom"}, input["body"])
		mirror := f.collect(keyReply, 1, waitOutput)[0]
		assert.Equal(t, true, mirror.Headers["x-eio-error-response"])
		f.assertSettled(1)
		assert.Equal(t, 0, w.stopped())
	})
	t.Run("R11 undecryptable then valid", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		w := f.run("passthrough", nil)
		f.sendRaw([]byte("this is not an encrypted message"), inputHeaders("bad"))
		f.send(`{"body":{"ok":true},"headers":{}}`, inputHeaders("good"))
		e := f.collect(keyError, 1, waitOutput)[0]
		payload, _, _ := f.decodeError(e)
		assert.Contains(t, payload["message"], "Failed to decrypt message")
		d := f.collect(keyData, 1, waitOutput)[0]
		assert.Equal(t, "good", d.Headers["parentMessageId"])
		f.assertSettled(1)
		time.Sleep(300 * time.Millisecond)
		assert.Empty(t, f.drain(keyError), "the bad message is delivered once, not in a loop")
		assert.True(t, w.running())
		assert.Equal(t, 0, w.stopped())
	})
	t.Run("R12 panic is contained", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		w := f.run("panic", nil)
		f.send(`{"body":{},"headers":{}}`, inputHeaders("p1"))
		f.send(`{"body":{},"headers":{}}`, inputHeaders("p2"))
		errs := f.collect(keyError, 2, waitOutput)
		payload, _, _ := f.decodeError(errs[0])
		assert.Contains(t, payload["message"], "panic on purpose")
		f.assertSettled(2)
		assert.True(t, w.running())
		assert.Equal(t, 0, w.stopped())
	})
}

func TestReboundRepublishesTheInputWithATTL(t *testing.T) {
	t.Parallel()
	f := newFlow(t)
	w := f.run("rebound", map[string]string{"ELASTICIO_REBOUND_INITIAL_EXPIRATION": "2000"})
	body := f.cipher.EncodeBody([]byte(`{"body":{"message":"later"},"headers":{}}`), 1)
	h := inputHeaders("M1")
	h["reboundIteration"] = int8(2)
	f.sendRaw(body, h)
	r := f.collect(keyRebound, 1, waitOutput)[0]
	assert.Equal(t, body, r.Body, "the original bytes")
	assert.Equal(t, "8000", r.Expiration, "2000 ms doubled per iteration")
	assert.Equal(t, int64(3), toInt(r.Headers["reboundIteration"]))
	assert.Equal(t, "later", r.Headers["reboundReason"])
	f.assertSettled(0)
	assert.Equal(t, 0, w.stopped())
}

func TestSnapshotEvents(t *testing.T) {
	t.Parallel()
	f := newFlow(t)
	f.api.setStep("snapshot", map[string]any{"counter": 41})
	w := f.run("snapshot", nil)
	f.send(`{"body":{},"headers":{}}`, nil)
	m := f.decode(f.collect(keyData, 1, waitOutput)[0])
	assert.Equal(t, map[string]any{"snapshot": map[string]any{"counter": float64(41)}}, m["body"])
	snaps := f.collect(keySnapshot, 2, waitOutput)
	assert.Equal(t, "snapshot", snaps[0].Headers["snapshotEvent"])
	assert.JSONEq(t, `{"counter":42}`, string(snaps[0].Body), "snapshots are plain JSON")
	assert.Equal(t, "updateSnapshot", snaps[1].Headers["snapshotEvent"])
	assert.JSONEq(t, `{"updated":true}`, string(snaps[1].Body))
	f.assertSettled(0)
	assert.Equal(t, 0, w.stopped())
}

func TestUpdateKeysStoresTheAccount(t *testing.T) {
	t.Parallel()
	f := newFlow(t)
	w := f.run("updateKeys", nil)
	f.send(`{"body":{"keys":{"oauth":{"access_token":"new"}}},"headers":{}}`, nil)
	f.collect(keyData, 1, waitOutput)
	puts := f.api.requestsTo("PUT", "/api/v1/accounts/"+accountID)
	require.Len(t, puts, 1)
	assert.JSONEq(t, `{"keys":{"oauth":{"access_token":"new"}}}`, string(puts[0].Body))
	assert.Equal(t, apiKey, puts[0].Pass, "Basic auth with the API key")
	f.assertSettled(0)
	assert.Equal(t, 0, w.stopped())
}

func TestErrorInputFormat(t *testing.T) {
	t.Parallel()
	f := newFlow(t)
	w := f.run("passthrough", map[string]string{"ELASTICIO_INPUT_FORMAT": "error"})
	envelope, _ := json.Marshal(map[string]string{
		"error":      f.cipher.EncryptToBase64([]byte(`{"name":"Error","message":"boom","stack":"Not Available"}`)),
		"errorInput": f.cipher.EncryptToBase64([]byte(`{"body":{"original":true}}`)),
	})
	f.sendRaw(envelope, inputHeaders("E1"))
	m := f.decode(f.collect(keyData, 1, waitOutput)[0])
	body := m["body"].(map[string]any)
	assert.Equal(t, "boom", body["error"].(map[string]any)["message"])
	assert.Equal(t, map[string]any{"original": true}, body["errorInput"].(map[string]any)["body"])
	f.assertSettled(0)
	assert.Equal(t, 0, w.stopped())
}

func TestLightweightBodiesAreResolvedAndUploaded(t *testing.T) {
	t.Parallel()
	f := newFlow(t)
	w := f.run("passthrough", map[string]string{
		"ELASTICIO_OBJECT_STORAGE_URI": f.api.URL + "/maester", "ELASTICIO_OBJECT_STORAGE_TOKEN": "jwt",
		"ELASTICIO_EMIT_LIGHTWEIGHT_MESSAGE": "true", "ELASTICIO_OBJECT_STORAGE_SIZE_THRESHOLD": "50",
	})
	big := strings.Repeat("z", 100)
	f.api.mu.Lock()
	f.api.objects["in-1"] = f.cipher.Encrypt([]byte(`{"stored":"` + big + `"}`))
	f.api.mu.Unlock()
	f.send(`{"body":{},"headers":{"x-ipaas-object-storage-id":"in-1"}}`, nil)
	m := f.decode(f.collect(keyData, 1, waitOutput)[0])
	assert.Equal(t, map[string]any{}, m["body"], "the big output travels by reference")
	id := m["headers"].(map[string]any)["x-ipaas-object-storage-id"].(string)
	require.NotEqual(t, "in-1", id)
	f.api.mu.Lock()
	stored := f.api.objects[id]
	f.api.mu.Unlock()
	plain, err := f.cipher.Decrypt(stored)
	require.NoError(t, err)
	assert.JSONEq(t, `{"stored":"`+big+`"}`, string(plain), "the handler saw the fetched body")
	f.assertSettled(0)
	assert.Equal(t, 0, w.stopped())
}
