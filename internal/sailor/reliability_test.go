package sailor_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
)

// In-process halves of reliability.md R4, R14 and R29; the broker halves
// are in test/worker.

func TestMessageDeadlineIsOffByDefault(t *testing.T) {
	st, err := settings.Load(testEnv(nil))
	require.NoError(t, err)
	assert.Zero(t, st.MessageTimeout, "opt-in: the Node sailor has no processing timeout")
	assert.Equal(t, 30*time.Second, st.PublishTimeout)
	assert.Equal(t, 10*time.Second, st.Heartbeat)
}

func TestMessageDeadlineEndsTheHandlersContext(t *testing.T) {
	// R14: the handler's context ends at ELASTICIO_MESSAGE_TIMEOUT; a
	// handler that rebounds then still gets its rebound out (R13 path), one
	// that returns the error takes the error path. No goroutine stays
	// (goleak in TestMain).
	for _, c := range []struct {
		name    string
		rebound bool
		want    membus.Outcome
		key     string
	}{
		{"rebound path", true, membus.Acked, "rebound-key"},
		{"error path", false, membus.Rejected, "error-key"},
	} {
		t.Run(c.name, func(t *testing.T) {
			returned := make(chan time.Duration, 1)
			h := newHarness(t, func(ctx context.Context, _ *sailor.Request, out sailor.Emitter) error {
				start := time.Now()
				<-ctx.Done() // an API call that never answers
				returned <- time.Since(start)
				err := fmt.Errorf("api call: %w", ctx.Err())
				if c.rebound {
					return out.Rebound(ctx, err)
				}
				return err
			}, harnessOptions{env: map[string]string{"ELASTICIO_MESSAGE_TIMEOUT": "100"}})
			outcome, _ := h.send(`{"body":{}}`, nil)
			assert.Equal(t, c.want, outcome)
			took := <-returned
			assert.GreaterOrEqual(t, took, 90*time.Millisecond)
			assert.Less(t, took, 5*time.Second)
			ps := byKey(h.bus.Published(), c.key)
			require.Len(t, ps, 1)
			if c.rebound {
				assert.Contains(t, ps[0].Headers["reboundReason"], "deadline exceeded")
			} else {
				payload, _ := h.decodeError(ps[0])
				assert.Contains(t, payload["message"], "deadline exceeded")
			}
		})
	}
}

func TestBlockedPublishRequeuesTheInputAtThePublishTimeout(t *testing.T) {
	// R4: a broker that never confirms (alarm) does not hold the input
	// forever, does not turn into an error event (that publish would block
	// too) and never into an ack: the input is requeued.
	calls := 0
	var mu sync.Mutex
	h := newHarness(t, func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		mu.Lock()
		calls++
		mu.Unlock()
		return out.Data(ctx, req.Message)
	}, harnessOptions{env: map[string]string{"ELASTICIO_AMQP_PUBLISH_TIMEOUT": "100"}})
	h.bus.Block()
	outcome, tr := h.send(`{"body":{"n":1}}`, nil)
	assert.Equal(t, membus.Requeued, outcome)
	assert.Equal(t, 1, tr.Settlements())
	assert.Empty(t, h.bus.Published(), "no error event either")
	assert.Equal(t, 1, calls)

	h.bus.Unblock()
	outcome, _ = h.send(`{"body":{"n":2}}`, nil)
	assert.Equal(t, membus.Acked, outcome)
	assert.Len(t, byKey(h.bus.Published(), "data-key"), 1)
}

func TestEverySettlementIsLoggedOnceWithItsReason(t *testing.T) {
	// R29: one line per delivery with messageId, function, redelivered,
	// outcome, reason and duration.
	var buf syncBuf
	log := logrus.New()
	log.SetOutput(&buf)
	log.SetFormatter(&logrus.JSONFormatter{})
	st, err := settings.Load(testEnv(map[string]string{"ELASTICIO_REBOUND_LIMIT": "1"}))
	require.NoError(t, err)
	reg := sailor.NewRegistry()
	require.NoError(t, reg.Handle("f", sailor.HandlerFunc(func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		var body map[string]string
		_ = req.Message.DecodeBody(&body)
		switch body["do"] {
		case "fail":
			return errors.New("failed on purpose")
		case "panic":
			panic("on purpose")
		case "rebound":
			return out.Rebound(ctx, errors.New("later"))
		}
		return out.Data(ctx, req.Message)
	})))
	bus := membus.New()
	sl, err := sailor.New(sailor.Config{Settings: st, Transport: bus, Registry: reg, Logger: logrus.NewEntry(log)})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sl.Run(ctx) }()
	defer func() { cancel(); require.NoError(t, <-done) }()

	h := &harness{t: t, bus: bus, sl: sl, st: st}
	c := sl.Cipher()
	cases := []struct {
		id, body, outcome, reason string
		iteration                 int8
		redelivered               bool
	}{
		{id: "ok", body: `{"body":{"do":"ok"}}`, outcome: "ack", reason: "ok", redelivered: true},
		{id: "fail", body: `{"body":{"do":"fail"}}`, outcome: "reject", reason: "handler error"},
		{id: "panic", body: `{"body":{"do":"panic"}}`, outcome: "reject", reason: "handler panic"},
		{id: "rebound", body: `{"body":{"do":"rebound"}}`, outcome: "ack", reason: "rebound"},
		{id: "limit", body: `{"body":{"do":"rebound"}}`, outcome: "ack", reason: "rebound limit exceeded", iteration: 1},
		{id: "garbage", body: "", outcome: "reject", reason: "decode error"},
	}
	for _, k := range cases {
		hd := defaultHeaders()
		hd["messageId"] = k.id
		if k.iteration > 0 {
			hd["reboundIteration"] = k.iteration
		}
		body := []byte("not encrypted")
		if k.body != "" {
			body = c.EncodeBody([]byte(k.body), 1)
		}
		tr := h.bus.Enqueue(testQueue, sailor.Delivery{Body: body, Headers: hd, Redelivered: k.redelivered, DeliveryTag: 7})
		wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
		_, err := tr.Wait(wctx)
		wcancel()
		require.NoError(t, err)
	}
	// The settlement line is written right after the Settler call that
	// releases Wait, so the last one may still be on its way.
	var lines map[string][]map[string]any
	require.Eventually(t, func() bool {
		lines = settlementLines(t, buf.Bytes())
		return len(lines) == len(cases)
	}, 5*time.Second, 10*time.Millisecond, "a settlement line for every delivery")
	for _, k := range cases {
		require.Len(t, lines[k.id], 1, "one settlement line for %s", k.id)
		l := lines[k.id][0]
		assert.Equal(t, "f", l["function"], k.id)
		assert.Equal(t, k.redelivered, l["redelivered"], k.id)
		assert.Equal(t, k.outcome, l["outcome"], k.id)
		assert.Equal(t, k.reason, l["reason"], k.id)
		assert.Contains(t, l, "duration_ms", k.id)
		assert.Contains(t, l, "reboundIteration", k.id)
	}
	assert.Contains(t, lines["panic"][0]["stack"], "reliability_test.go", "the panic's stack is logged with it")
}

func settlementLines(t *testing.T, logs []byte) map[string][]map[string]any {
	lines := map[string][]map[string]any{}
	sc := bufio.NewScanner(bytes.NewReader(logs))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &m))
		if m["settlement"] == "done" {
			lines[fmt.Sprint(m["messageId"])] = append(lines[fmt.Sprint(m["messageId"])], m)
		}
	}
	return lines
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]byte(nil), s.b.Bytes()...)
}
