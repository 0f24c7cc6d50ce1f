package sailor_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

// gatedHandler echoes its input once release is closed, counting runs.
type gatedHandler struct {
	runs    atomic.Int32
	started chan struct{}
	release chan struct{}
	fail    bool
}

func newGatedHandler() *gatedHandler {
	return &gatedHandler{started: make(chan struct{}, 10), release: make(chan struct{})}
}

func (g *gatedHandler) process(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
	g.runs.Add(1)
	g.started <- struct{}{}
	<-g.release
	if g.fail {
		return errors.New("gated failure")
	}
	return out.Data(ctx, &sailor.Message{Body: req.Message.Body, Headers: map[string]any{}})
}

func (h *harness) enqueue(body string, messageID string, redelivered bool) *membus.Tracked {
	h.t.Helper()
	headers := defaultHeaders()
	if messageID == "" {
		delete(headers, "messageId")
	} else {
		headers["messageId"] = messageID
	}
	return h.bus.Enqueue(testQueue, sailor.Delivery{
		Body: h.cipher.EncodeBody([]byte(body), 1), Headers: headers, Redelivered: redelivered,
	})
}

func waitOutcome(t *testing.T, tr *membus.Tracked) membus.Outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := tr.Wait(ctx)
	require.NoError(t, err, "delivery was never settled")
	return out
}

func waitStarted(t *testing.T, g *gatedHandler) {
	t.Helper()
	select {
	case <-g.started:
	case <-time.After(10 * time.Second):
		require.FailNow(t, "handler did not start")
	}
}

func TestRedeliveryDuringProcessingSettlesTheNewDeliveryOnce(t *testing.T) {
	for _, fail := range []bool{false, true} {
		name := map[bool]string{false: "success acks", true: "failure rejects"}[fail]
		t.Run(name, func(t *testing.T) {
			g := newGatedHandler()
			g.fail = fail
			h := newHarness(t, g.process, harnessOptions{env: map[string]string{"ELASTICIO_RABBITMQ_PREFETCH_SAILOR": "2"}})
			first := h.enqueue(`{"body":{"n":1}}`, "M1", false)
			waitStarted(t, g)
			// The read connection dies: the first delivery can no longer be
			// settled and the broker hands the message out again.
			first.Stale()
			again := h.enqueue(`{"body":{"n":1}}`, "M1", true)
			close(g.release)

			want := membus.Acked
			if fail {
				want = membus.Rejected
			}
			assert.Equal(t, want, waitOutcome(t, again), "the redelivery carries the outcome of the run")
			assert.Equal(t, int32(1), g.runs.Load(), "the message is processed once")
			assert.Equal(t, 1, first.Settlements(), "the dead delivery got one (dropped) settlement")
			assert.Equal(t, 1, again.Settlements())
			if fail {
				assert.Len(t, byKey(h.bus.Published(), "error-key"), 1)
			} else {
				assert.Len(t, byKey(h.bus.Published(), "data-key"), 1, "one output, not two")
			}
		})
	}
}

func TestRedeliveryAfterADroppedSettlementIsSettledWithoutRunningAgain(t *testing.T) {
	g := newGatedHandler()
	close(g.release)
	h := newHarness(t, g.process, harnessOptions{env: map[string]string{"ELASTICIO_RABBITMQ_PREFETCH_SAILOR": "2"}})
	first := h.enqueue(`{"body":{"n":1}}`, "M1", false)
	first.Stale()
	waitStarted(t, g)
	require.Eventually(t, func() bool { return first.Settlements() == 1 }, 10*time.Second, 5*time.Millisecond)

	again := h.enqueue(`{"body":{"n":1}}`, "M1", true)
	assert.Equal(t, membus.Acked, waitOutcome(t, again))
	assert.Equal(t, int32(1), g.runs.Load())
	assert.Len(t, byKey(h.bus.Published(), "data-key"), 1)
}

func TestFirstDeliveriesSharingAMessageIDAreEachProcessed(t *testing.T) {
	// An older sailor upstream gives sibling messages one messageId; they
	// are distinct messages, never redeliveries of each other.
	g := newGatedHandler()
	close(g.release)
	h := newHarness(t, g.process, harnessOptions{env: map[string]string{"ELASTICIO_RABBITMQ_PREFETCH_SAILOR": "2"}})
	a := h.enqueue(`{"body":{"n":1}}`, "M1", false)
	b := h.enqueue(`{"body":{"n":2}}`, "M1", false)
	assert.Equal(t, membus.Acked, waitOutcome(t, a))
	assert.Equal(t, membus.Acked, waitOutcome(t, b))
	assert.Equal(t, int32(2), g.runs.Load())
}

func TestDeliveriesWithoutMessageIDAreNeverMerged(t *testing.T) {
	g := newGatedHandler()
	h := newHarness(t, g.process, harnessOptions{env: map[string]string{"ELASTICIO_RABBITMQ_PREFETCH_SAILOR": "2"}})
	a := h.enqueue(`{"body":{"n":1}}`, "", false)
	waitStarted(t, g)
	b := h.enqueue(`{"body":{"n":1}}`, "", true)
	waitStarted(t, g)
	close(g.release)
	assert.Equal(t, membus.Acked, waitOutcome(t, a))
	assert.Equal(t, membus.Acked, waitOutcome(t, b))
	assert.Equal(t, int32(2), g.runs.Load(), "keyed by delivery, both run")
}
