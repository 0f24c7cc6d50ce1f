package sailor_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func reboundHandler(ctx context.Context, _ *sailor.Request, out sailor.Emitter) error {
	return out.Rebound(ctx, errors.New("not yet"))
}

func TestReboundRepublishesTheOriginalWithDoublingExpiration(t *testing.T) {
	h := newHarness(t, reboundHandler, harnessOptions{})
	cases := []struct {
		previous any
		wantIter int8
		wantTTL  string
	}{
		{nil, 1, "15000"},
		{int8(1), 2, "30000"},
		{"3", 4, "120000"}, // numeric strings count, as Number(x) in Node
	}
	for _, c := range cases {
		in := defaultHeaders()
		if c.previous != nil {
			in["reboundIteration"] = c.previous
		}
		body := h.cipher.EncodeBody([]byte(`{"body":{"n":1}}`), 1)
		outcome, tr := h.sendRaw(body, in)
		assert.Equal(t, membus.Acked, outcome, "a rebound acks its input")
		assert.Equal(t, 1, tr.Settlements())
		pubs := byKey(h.bus.Published(), "rebound-key")
		p := pubs[len(pubs)-1]
		assert.Equal(t, body, p.Body, "the original bytes, untouched")
		assert.Equal(t, c.wantTTL, p.Properties.Expiration)
		assert.Equal(t, "application/json", p.Properties.ContentType)
		assert.Equal(t, c.wantIter, p.Headers["reboundIteration"])
		assert.Equal(t, "not yet", p.Headers["reboundReason"])
		assert.Equal(t, "M1", p.Headers["messageId"], "original headers are kept")
		assert.IsType(t, int64(0), p.Headers["end"])
	}
}

func TestReboundExpirationStaysBelowRabbitMQsCeiling(t *testing.T) {
	h := newHarness(t, reboundHandler, harnessOptions{env: map[string]string{"ELASTICIO_REBOUND_LIMIT": "40"}})
	in := defaultHeaders()
	in["reboundIteration"] = int8(30)
	h.send(`{"body":{}}`, in)
	pubs := byKey(h.bus.Published(), "rebound-key")
	require.Len(t, pubs, 1)
	assert.Equal(t, "4294967295", pubs[0].Properties.Expiration)
}

func TestReboundOverTheLimitIsAnErrorAndAnAck(t *testing.T) {
	h := newHarness(t, reboundHandler, harnessOptions{env: map[string]string{"ELASTICIO_REBOUND_LIMIT": "2"}})
	in := defaultHeaders()
	in["reboundIteration"] = int16(2)
	outcome, _ := h.send(`{"body":{"n":1}}`, in)
	assert.Equal(t, membus.Acked, outcome)
	assert.Empty(t, byKey(h.bus.Published(), "rebound-key"))
	errs := byKey(h.bus.Published(), "error-key")
	require.Len(t, errs, 1)
	payload, input := h.decodeError(errs[0])
	assert.Equal(t, "Rebound limit exceeded", payload["message"])
	assert.JSONEq(t, `{"body":{"n":1}}`, input)
	assert.Equal(t, "step_2", errs[0].Headers["stepId"], "the base headers, not the original ones")
}

func TestSnapshotAndUpdateSnapshot(t *testing.T) {
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		msg, _ := sailor.NewMessage(req.Snapshot)
		if err := out.Data(ctx, msg); err != nil {
			return err
		}
		if err := out.Snapshot(ctx, map[string]any{"counter": 1, "a": "x"}); err != nil {
			return err
		}
		if err := out.UpdateSnapshot(ctx, map[string]any{"$set": map[string]any{"a": "ignored"}}); err != nil {
			return err
		}
		return out.UpdateSnapshot(ctx, map[string]any{"b": true})
	}, harnessOptions{step: sailor.Step{Snapshot: map[string]any{"counter": 0}}})
	outcome, _ := h.send(`{"body":{}}`, nil)
	assert.Equal(t, membus.Acked, outcome)

	snaps := byKey(h.bus.Published(), "snapshot-key")
	require.Len(t, snaps, 2, "the $set delta is ignored")
	assert.Equal(t, "snapshot", snaps[0].Headers["snapshotEvent"])
	assert.JSONEq(t, `{"counter":1,"a":"x"}`, string(snaps[0].Body), "snapshots travel as plain JSON")
	assert.Equal(t, "updateSnapshot", snaps[1].Headers["snapshotEvent"])
	assert.JSONEq(t, `{"b":true}`, string(snaps[1].Body), "only the delta")
	assert.Equal(t, map[string]any{"counter": 1, "a": "x", "b": true}, h.sl.Snapshot())

	data := byKey(h.bus.Published(), "data-key")
	require.Len(t, data, 1)
	assert.Equal(t, map[string]any{"counter": float64(0)}, h.decodeData(data[0])["body"])

	h.send(`{"body":{}}`, nil)
	data = byKey(h.bus.Published(), "data-key")
	assert.Equal(t, map[string]any{"counter": float64(1), "a": "x", "b": true}, h.decodeData(data[1])["body"],
		"the next message sees the merged snapshot")
}

const passthroughInput = `{"id":"M1","headers":{"x-custom-component-header":"123_abc"},"body":{"message":"Just do it"},` +
	`"passthrough":{"step_1":{"id":"34","body":{},"attachments":{}}}}`

func emitFixed(ctx context.Context, _ *sailor.Request, out sailor.Emitter) error {
	return out.Data(ctx, &sailor.Message{
		ID: "f45b", Headers: map[string]any{"x-custom-component-header": "123_abc"},
		Body: json.RawMessage(`{"id":"someId","hai":"there"}`),
	})
}

func TestPassthroughAddsTheStepsOwnOutput(t *testing.T) {
	h := newHarness(t, emitFixed, harnessOptions{step: sailor.Step{IsPassthrough: true}})
	h.send(passthroughInput, nil)
	m := h.decodeData(h.bus.Published()[0])
	assert.Equal(t, map[string]any{
		"step_1": map[string]any{"id": "34", "body": map[string]any{}, "attachments": map[string]any{}},
		"step_2": map[string]any{"id": "f45b", "headers": map[string]any{"x-custom-component-header": "123_abc"},
			"body": map[string]any{"id": "someId", "hai": "there"}},
	}, m["passthrough"])
}

func TestNoSelfPassthroughStoresTheInput(t *testing.T) {
	h := newHarness(t, emitFixed, harnessOptions{
		step: sailor.Step{IsPassthrough: true},
		env:  map[string]string{"ELASTICIO_NO_SELF_PASSTRHOUGH": "true"},
	})
	h.send(passthroughInput, nil) // stepId header: step_1
	m := h.decodeData(h.bus.Published()[0])
	assert.Equal(t, map[string]any{
		"step_1": map[string]any{"id": "M1", "headers": map[string]any{"x-custom-component-header": "123_abc"},
			"body": map[string]any{"message": "Just do it"}},
	}, m["passthrough"])
}

func TestPassthroughOffSendsWhatTheHandlerSet(t *testing.T) {
	h := newHarness(t, emitFixed, harnessOptions{})
	h.send(passthroughInput, nil)
	m := h.decodeData(h.bus.Published()[0])
	assert.NotContains(t, m, "passthrough")
}

func TestUnknownMessageFieldsSurvive(t *testing.T) {
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		return out.Data(ctx, req.Message)
	}, harnessOptions{})
	h.send(`{"id":"x","body":{"big":12345678901234567890},"method":"POST","url":"/hook","query":{"a":"1"}}`, nil)
	plain, err := h.cipher.DecodeBody(h.bus.Published()[0].Body, 1)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"x","body":{"big":12345678901234567890},"headers":{},"method":"POST","url":"/hook","query":{"a":"1"}}`, string(plain))
	assert.Contains(t, string(plain), "12345678901234567890", "no digit lost")
}

func TestDataThrottleWaitsPerWindow(t *testing.T) {
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		for i := 0; i < 3; i++ {
			if err := echoBody(ctx, req, out); err != nil {
				return err
			}
		}
		return nil
	}, harnessOptions{env: map[string]string{"ELASTICIO_DATA_RATE_LIMIT": "1", "ELASTICIO_RATE_INTERVAL": "110"}})
	outcome, _ := h.send(`{"body":{}}`, nil)
	assert.Equal(t, membus.Acked, outcome)
	assert.Len(t, byKey(h.bus.Published(), "data-key"), 3)
	assert.Equal(t, []time.Duration{110 * time.Millisecond, 110 * time.Millisecond}, h.clock.Sleeps())
}

func TestFailedPublishIsRetriedWithBackoffAndRetryHeader(t *testing.T) {
	h := newHarness(t, echoBody, harnessOptions{})
	fails := 3
	h.bus.FailPublishes(func(*sailor.Publishing) error {
		if fails > 0 {
			fails--
			return errors.New("nack")
		}
		return nil
	})
	outcome, _ := h.send(`{"body":{}}`, nil)
	assert.Equal(t, membus.Acked, outcome)
	pubs := h.bus.Published()
	require.Len(t, pubs, 1)
	assert.Equal(t, int8(3), pubs[0].Headers["retry"])
	assert.Equal(t, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}, h.clock.Sleeps())
}

func TestPublishGivesUpAfterTheAttemptsAndRejects(t *testing.T) {
	h := newHarness(t, echoBody, harnessOptions{env: map[string]string{"ELASTICIO_AMQP_PUBLISH_RETRY_ATTEMPTS": "2"}})
	h.bus.FailPublishes(func(p *sailor.Publishing) error {
		if p.RoutingKey == "data-key" {
			return errors.New("nack")
		}
		return nil
	})
	outcome, _ := h.send(`{"body":{}}`, nil)
	assert.Equal(t, membus.Rejected, outcome, "never an ack for an unconfirmed output")
	errs := byKey(h.bus.Published(), "error-key")
	require.Len(t, errs, 1)
	payload, _ := h.decodeError(errs[0])
	assert.Contains(t, payload["message"], "Failed on publishing")
}

func TestErrorInputFormat(t *testing.T) {
	var seen map[string]any
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		return req.Message.DecodeBody(&seen)
	}, harnessOptions{env: map[string]string{"ELASTICIO_INPUT_FORMAT": "error"}})
	env, _ := json.Marshal(map[string]any{
		"error":      h.cipher.EncryptToBase64([]byte(`{"name":"Error","message":"boom","stack":"s"}`)),
		"errorInput": h.cipher.EncryptToBase64([]byte(`{"body":{"orig":1}}`)),
		"attempt":    2,
	})
	outcome, _ := h.sendRaw(env, defaultHeaders())
	assert.Equal(t, membus.Acked, outcome)
	assert.Equal(t, "boom", seen["error"].(map[string]any)["message"])
	assert.Equal(t, map[string]any{"body": map[string]any{"orig": json.Number("1")}}, seen["errorInput"])
	assert.Equal(t, json.Number("2"), seen["attempt"], "the envelope's other keys stay, as in the Node sailor")
}

func TestErrorInputFormatRejectsABadEnvelope(t *testing.T) {
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		t.Error("the handler ran on an envelope that does not decode")
		return nil
	}, harnessOptions{env: map[string]string{"ELASTICIO_INPUT_FORMAT": "error"}})
	for name, env := range map[string]string{
		"not JSON":                `error: boom`,
		"error not a string":      `{"error":{"message":"boom"}}`,
		"errorInput not a cipher": `{"errorInput":"bm90IGEgY2lwaGVydGV4dA=="}`,
	} {
		outcome, _ := h.sendRaw([]byte(env), defaultHeaders())
		assert.Equal(t, membus.Rejected, outcome, name)
	}
}

// A Node sailor writes <, > and & as they are; so must every part of an
// output here, or HTML-heavy messages grow sixfold and the size limits
// count other bytes than Node's.
func TestOutputsKeepHTMLCharactersAsTheyAre(t *testing.T) {
	const html = `<p>Q&A</p>`
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		msg, err := sailor.NewMessage(map[string]any{"description": html})
		if err != nil {
			return err
		}
		msg.Headers = map[string]any{"x-title": html}
		if err := out.Data(ctx, msg); err != nil {
			return err
		}
		return out.Snapshot(ctx, map[string]any{"last": html})
	}, harnessOptions{step: sailor.Step{IsPassthrough: true}})
	outcome, _ := h.send(`{"id":"M1","body":{"in":"<b>&</b>"},"passthrough":{"step_0":{"body":{"earlier":"a<b"}}}}`, nil)
	require.Equal(t, membus.Acked, outcome)
	pubs := h.bus.Published()
	require.Len(t, pubs, 2)
	plain, err := h.cipher.DecodeBody(pubs[0].Body, cipher.ProtocolVersion(pubs[0].Headers["protocolVersion"]))
	require.NoError(t, err)
	for _, want := range []string{
		`"body":{"description":"<p>Q&A</p>"}`, `"x-title":"<p>Q&A</p>"`, `"earlier":"a<b"`,
	} {
		assert.Contains(t, string(plain), want)
	}
	assert.Equal(t, 2, strings.Count(string(plain), `"description":"`+html+`"`), "in the body and in the step's own passthrough entry")
	assert.NotContains(t, string(plain), `\u003c`)
	assert.Equal(t, `{"last":"<p>Q&A</p>"}`, string(pubs[1].Body), "snapshot")
}
