package sailor_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func echoBody(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
	return out.Data(ctx, &sailor.Message{ID: "out-1", Body: req.Message.Body, Headers: map[string]any{}})
}

func TestDataEventHeadersAndBody(t *testing.T) {
	for _, version := range []string{"1", "2"} {
		t.Run("protocolVersion "+version, func(t *testing.T) {
			h := newHarness(t, echoBody, harnessOptions{env: map[string]string{
				"ELASTICIO_PROTOCOL_VERSION":            version,
				"ELASTICIO_ADDITIONAL_VARS_FOR_HEADERS": "ELASTICIO_FLOW_ID, ELASTICIO_EXEC_ID",
			}})
			in := defaultHeaders()
			in["x-EIO-meta-Trace-Id"] = "trace-1"
			in["reply_to"] = "reply-queue"
			outcome, tr := h.send(`{"id":"M1","body":{"hello":"world"},"headers":{}}`, in)
			assert.Equal(t, membus.Acked, outcome)
			assert.Equal(t, 1, tr.Settlements())

			pubs := h.bus.Published()
			require.Len(t, pubs, 1)
			p := pubs[0]
			assert.Equal(t, "ws-1_org", p.Exchange)
			assert.Equal(t, "data-key", p.RoutingKey)
			assert.Equal(t, sailor.Properties{ContentType: "application/json", ContentEncoding: "utf8", DeliveryMode: 1}, p.Properties)

			start, end := p.Headers["start"], p.Headers["end"]
			assert.IsType(t, int64(0), start, "start travels as a 64-bit integer")
			assert.IsType(t, int64(0), end)
			delete(p.Headers, "start")
			delete(p.Headers, "end")
			wantVersion := int8(1)
			if version == "2" {
				wantVersion = 2
			}
			assert.Equal(t, map[string]any{
				"x-eio-meta-trace-id": "trace-1", "reply_to": "reply-queue",
				"flowId": "5559edd38968ec0736000003", "execId": "exec-1",
				"parentMessageId": "M1", "threadId": "T1", "messageId": "out-1",
				"taskId": "5559edd38968ec0736000003", "workspaceId": "ws-1",
				"containerId": "container-1", "userId": "user-1", "stepId": "step_2",
				"compId": "comp-1", "function": "f", "protocolVersion": wantVersion,
			}, p.Headers)

			if version == "1" {
				assert.NotContains(t, string(p.Body), "hello", "v1 bodies are base64 text")
			}
			m := h.decodeData(p)
			assert.Equal(t, map[string]any{"hello": "world"}, m["body"])
			assert.Equal(t, "out-1", m["id"])
		})
	}
}

func TestEveryEmittedMessageGetsItsOwnMessageID(t *testing.T) {
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		for i := 0; i < 3; i++ {
			msg, err := sailor.NewMessage(map[string]int{"n": i})
			require.NoError(t, err)
			msg.ID = "" // no id of its own: the sailor must still make each unique
			if err := out.Data(ctx, msg); err != nil {
				return err
			}
		}
		return nil
	}, harnessOptions{})
	outcome, _ := h.send(`{"body":{}}`, nil)
	assert.Equal(t, membus.Acked, outcome)
	ids := map[any]bool{}
	for _, p := range h.bus.Published() {
		ids[p.Headers["messageId"]] = true
		assert.Equal(t, "M1", p.Headers["parentMessageId"])
	}
	assert.Len(t, ids, 3)
}

func TestThreadIDFallsBackToTraceIDThenToANewOne(t *testing.T) {
	h := newHarness(t, echoBody, harnessOptions{})
	h.send(`{"body":{}}`, map[string]any{"messageId": "M1", "x-eio-meta-trace-id": "trace-9"})
	h.send(`{"body":{}}`, map[string]any{"messageId": "M2"})
	pubs := h.bus.Published()
	require.Len(t, pubs, 2)
	assert.Equal(t, "trace-9", pubs[0].Headers["threadId"])
	assert.Len(t, pubs[1].Headers["threadId"], 36, "a fresh uuid")
}

func TestRoutingKeyOverrideIsUsedAndStripped(t *testing.T) {
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		return out.Data(ctx, &sailor.Message{Body: json.RawMessage(`{}`), Headers: map[string]any{"X-EIO-Routing-Key": "custom-key", "keep": "me"}})
	}, harnessOptions{})
	h.send(`{"body":{}}`, nil)
	pubs := h.bus.Published()
	require.Len(t, pubs, 1)
	assert.Equal(t, "custom-key", pubs[0].RoutingKey)
	m := h.decodeData(pubs[0])
	assert.Equal(t, map[string]any{"keep": "me"}, m["headers"])
}

func TestDataThenErrorRejectsOnce(t *testing.T) {
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		if err := echoBody(ctx, req, out); err != nil {
			return err
		}
		return out.Error(ctx, errors.New("half done"))
	}, harnessOptions{})
	outcome, tr := h.send(`{"body":{"a":1}}`, nil)
	assert.Equal(t, membus.Rejected, outcome)
	assert.Equal(t, 1, tr.Settlements())
	assert.Len(t, byKey(h.bus.Published(), "data-key"), 1)
	errs := byKey(h.bus.Published(), "error-key")
	require.Len(t, errs, 1)
	payload, input := h.decodeError(errs[0])
	assert.Equal(t, map[string]any{"name": "Error", "message": "half done", "stack": "Not Available"}, payload)
	assert.JSONEq(t, `{"body":{"a":1}}`, input)
	assert.IsType(t, int64(0), errs[0].Headers["end"])
}

func TestHandlerErrorIsPublishedOnceAndRejected(t *testing.T) {
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		return errors.New("boom")
	}, harnessOptions{})
	outcome, _ := h.send(`{"body":{}}`, nil)
	assert.Equal(t, membus.Rejected, outcome)
	errs := byKey(h.bus.Published(), "error-key")
	require.Len(t, errs, 1)
	payload, _ := h.decodeError(errs[0])
	assert.Equal(t, "boom", payload["message"])
}

func TestPanicIsAnErrorForThatMessageOnly(t *testing.T) {
	calls := 0
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		calls++
		if calls == 1 {
			panic("kaboom")
		}
		return echoBody(ctx, req, out)
	}, harnessOptions{})
	outcome, tr := h.send(`{"body":{}}`, nil)
	assert.Equal(t, membus.Rejected, outcome)
	assert.Equal(t, 1, tr.Settlements())
	errs := byKey(h.bus.Published(), "error-key")
	require.Len(t, errs, 1)
	payload, _ := h.decodeError(errs[0])
	assert.Contains(t, payload["message"], "kaboom")
	assert.Contains(t, payload["stack"], "goroutine", "a panic keeps its stack for the error view")

	outcome, _ = h.send(`{"body":{}}`, nil)
	assert.Equal(t, membus.Acked, outcome, "the process goes on")
}

func TestUndecryptableInputIsReportedRejectedAndTheNextOneProcessed(t *testing.T) {
	h := newHarness(t, echoBody, harnessOptions{})
	outcome, tr := h.sendRaw([]byte("this is not base64 ciphertext"), defaultHeaders())
	assert.Equal(t, membus.Rejected, outcome)
	assert.Equal(t, 1, tr.Settlements())
	errs := byKey(h.bus.Published(), "error-key")
	require.Len(t, errs, 1)
	payload, _ := h.decodeError(errs[0])
	assert.Contains(t, payload["message"], "Failed to decrypt message")
	var env map[string]string
	require.NoError(t, json.Unmarshal(errs[0].Body, &env))
	assert.Equal(t, "this is not base64 ciphertext", env["errorInput"], "the v1 input travels verbatim")

	outcome, _ = h.send(`{"body":{}}`, nil)
	assert.Equal(t, membus.Acked, outcome)
	assert.Len(t, byKey(h.bus.Published(), "data-key"), 1)
}

func TestOversizedDataIsAnError(t *testing.T) {
	h := newHarness(t, echoBody, harnessOptions{env: map[string]string{"ELASTICIO_OUTGOING_MESSAGE_SIZE_LIMIT": "100"}})
	outcome, _ := h.send(`{"body":{"big":"`+strings.Repeat("x", 200)+`"}}`, nil)
	assert.Equal(t, membus.Rejected, outcome)
	assert.Empty(t, byKey(h.bus.Published(), "data-key"))
	errs := byKey(h.bus.Published(), "error-key")
	require.Len(t, errs, 1)
	payload, _ := h.decodeError(errs[0])
	assert.Regexp(t, `^Outgoing message size \d+ exceeds limit of 100\.$`, payload["message"])
}

func TestErrorIsMirroredToReplyTo(t *testing.T) {
	for _, noReplies := range []string{"", "true"} {
		h := newHarness(t, func(context.Context, *sailor.Request, sailor.Emitter) error {
			return errors.New("nope")
		}, harnessOptions{env: map[string]string{"ELASTICIO_NO_ERROR_REPLIES": noReplies}})
		in := defaultHeaders()
		in["reply_to"] = "gateway-reply"
		h.send(`{"body":{}}`, in)
		replies := byKey(h.bus.Published(), "gateway-reply")
		if noReplies == "true" {
			assert.Empty(t, replies)
			continue
		}
		require.Len(t, replies, 1)
		assert.Equal(t, true, replies[0].Headers["x-eio-error-response"])
		plain, err := h.cipher.DecryptBase64(string(replies[0].Body))
		require.NoError(t, err)
		assert.Contains(t, string(plain), `"message":"nope"`)
	}
}

func TestHTTPReply(t *testing.T) {
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		return out.HTTPReply(ctx, sailor.HTTPReply{StatusCode: 201, Headers: map[string]string{"content-type": "text/plain", "x-eio-routing-key": "x"}, Body: "Ok"})
	}, harnessOptions{env: map[string]string{"ELASTICIO_PROTOCOL_VERSION": "2"}})
	in := defaultHeaders()
	in["reply_to"] = "gateway-reply"
	outcome, _ := h.send(`{"body":{}}`, in)
	assert.Equal(t, membus.Acked, outcome)
	pubs := h.bus.Published()
	require.Len(t, pubs, 1)
	assert.Equal(t, "gateway-reply", pubs[0].RoutingKey)
	assert.Equal(t, int8(1), pubs[0].Headers["protocolVersion"], "httpReply is always v1")
	assert.NotContains(t, pubs[0].Headers, "end")
	plain, err := h.cipher.DecodeBody(pubs[0].Body, 1)
	require.NoError(t, err)
	assert.JSONEq(t, `{"statusCode":201,"headers":{"content-type":"text/plain"},"body":"Ok"}`, string(plain))

	outcome, _ = h.send(`{"body":{}}`, nil)
	assert.Equal(t, membus.Rejected, outcome, "no reply_to: the handler's error ends the message")
	errs := byKey(h.bus.Published(), "error-key")
	require.Len(t, errs, 1)
	payload, _ := h.decodeError(errs[0])
	assert.Equal(t, "Component emitted 'httpReply' event but 'reply_to' was not found in AMQP headers", payload["message"])
}

func TestEmitAfterReturnFails(t *testing.T) {
	var saved sailor.Emitter
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		saved = out
		return nil
	}, harnessOptions{})
	outcome, _ := h.send(`{"body":{}}`, nil)
	assert.Equal(t, membus.Acked, outcome)
	require.Error(t, saved.Data(context.Background(), &sailor.Message{Body: json.RawMessage(`{}`)}))
	assert.Empty(t, h.bus.Published())
}

func TestInvalidRawBodyIsAnErrorNotABrokenMessage(t *testing.T) {
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		return out.Data(ctx, &sailor.Message{Body: json.RawMessage(`{"broken":`)})
	}, harnessOptions{})
	outcome, _ := h.send(`{"body":{}}`, nil)
	assert.Equal(t, membus.Rejected, outcome)
	assert.Empty(t, byKey(h.bus.Published(), "data-key"), "invalid JSON never leaves the step")
	errs := byKey(h.bus.Published(), "error-key")
	require.Len(t, errs, 1)
	payload, _ := h.decodeError(errs[0])
	assert.Contains(t, payload["message"], "not valid JSON")
}
