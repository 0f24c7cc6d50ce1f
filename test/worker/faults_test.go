//go:build faults

package worker_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/test/faults"
)

// These tests stop the broker application, which disturbs every broker
// user on the machine: they run only with -tags faults (make test-faults),
// one at a time, and always start the application again.

func TestFaultBrokerRestartResumesWithoutLossOrStaleAcks(t *testing.T) {
	// R5 at the recipe's size (reliability.md): 500 persistent messages,
	// API 40 ms, prefetch 2 (about 45 messages a second, so the stop, which
	// rabbitmqctl needs a second or two to carry out, lands with hundreds
	// still queued); stop_app after >= 100 processed, 5 s down, start_app.
	// The worker never exits, consumes again within 10 s of start_app,
	// every message is processed, duplicates stay within the prefetch
	// window, and no stale ack reaches the broker.
	logOffset := brokerLogOffset()
	const total, prefetch = 500, 2
	f := newFlow(t, flowOptions{durable: true})
	api := newRESTAPI(t, 40*time.Millisecond)
	w := f.run("passthrough", map[string]string{
		"ELASTICIO_RABBITMQ_PREFETCH_SAILOR": fmt.Sprint(prefetch),
		"ELASTICIO_AMQP_PERSISTENT_MESSAGES": "true",
		"ELASTICIO_AMQP_RECONNECT_MAX_WAIT":  "120000",
		"LOG_LEVEL":                          "info",
	})
	bodies, ids := make([]string, total), make([]string, total)
	for i := range total {
		ids[i] = fmt.Sprintf("R5-%03d", i)
		bodies[i] = api.body(ids[i])
	}
	f.sendMany(bodies, ids)
	api.waitIDs(t, 100, 60*time.Second)

	restart := faults.StopBroker(t)
	stoppedAt := len(api.byID())
	t.Logf("R5: broker stopped after %d of %d messages were processed", stoppedAt, total)
	require.GreaterOrEqual(t, stoppedAt, 100)
	require.LessOrEqual(t, stoppedAt, total-100, "the stop lands with messages still queued")
	time.Sleep(5 * time.Second) // the outage itself
	assert.True(t, w.running(), "the worker outlives the outage")
	startApp := time.Now()
	restart()
	// Checked on the broker (queue.declare-ok's consumer count) while the
	// worker runs: its back-off may outlast the broker's restart by
	// seconds, but not by more than 10 s.
	require.Eventually(t, func() bool { _, consumers := f.inputCounts(); return consumers == 1 },
		10*time.Second, 100*time.Millisecond, "the worker's consumer is back within 10 s of start_app")
	t.Logf("R5: consumer back %s after start_app was run", time.Since(startApp).Round(time.Millisecond))
	w.waitLog("amqpbus: connection restored", waitOutput)

	api.waitIDs(t, total, 90*time.Second)
	outs := map[any]int{}
	require.Eventually(t, func() bool {
		for _, d := range f.drain(keyData) {
			outs[d.Headers["parentMessageId"]]++
		}
		return len(outs) == total
	}, waitOutput, 100*time.Millisecond, "an output for every input")
	// The inputs in flight at the stop had their acks dropped, so only the
	// restored consumer acks their redeliveries: the queue empties while
	// the worker runs.
	f.assertSettled(0)
	assert.True(t, w.running(), "the worker never exited")

	byID := api.byID()
	require.Len(t, byID, total, "every message processed")
	lines := byMessageID(settlements(t, w.logs()))
	var calledTwice []string
	for id, calls := range byID {
		if len(calls) > 1 {
			calledTwice = append(calledTwice, id)
			redelivered := false
			for _, l := range lines[id] {
				redelivered = redelivered || l["redelivered"] == true
			}
			assert.True(t, redelivered, "%s processed again, but never redelivered", id)
		}
	}
	dupOuts := 0
	for _, n := range outs {
		dupOuts += n - 1
	}
	t.Logf("R5: %d ids processed twice %v, %d duplicate outputs", len(calledTwice), calledTwice, dupOuts)
	assert.LessOrEqual(t, len(calledTwice), prefetch, "duplicate runs bounded by the prefetch window")
	assert.LessOrEqual(t, dupOuts, prefetch, "duplicate outputs bounded by the prefetch window")
	assert.Equal(t, 0, w.stopped())
	ready, _ := f.inputCounts()
	assert.Zero(t, ready, "nothing came back after exit: every message was acked")
	assertNoChannelErrors(t, w.logs(), logOffset)
}

func TestFaultNoZombieWhenTheBrokerStaysDown(t *testing.T) {
	// sailor-protocol.md 13 item 2: past ELASTICIO_AMQP_RECONNECT_MAX_WAIT
	// the worker exits non-zero instead of idling without a consumer.
	f := newFlow(t, flowOptions{durable: true})
	w := f.run("passthrough", map[string]string{"ELASTICIO_AMQP_RECONNECT_MAX_WAIT": "2000"})
	faults.StopBroker(t)
	code := w.exit(60 * time.Second)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, w.logs(), "gave up")
}
