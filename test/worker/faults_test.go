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
	// R5: the worker survives a broker restart, consumes again and every
	// message is processed; duplicates stay within the prefetch window.
	logOffset := brokerLogOffset()
	const total, prefetch = 12, 2
	f := newFlow(t, flowOptions{durable: true})
	w := f.run("slow", map[string]string{
		"ELASTICIO_RABBITMQ_PREFETCH_SAILOR": fmt.Sprint(prefetch),
		"ELASTICIO_AMQP_PERSISTENT_MESSAGES": "true",
		"ELASTICIO_AMQP_RECONNECT_MAX_WAIT":  "120000",
	})
	for i := range total {
		f.send(slowBody(300), inputHeaders(fmt.Sprint("M", i)))
	}
	seen := map[any]int{}
	drain := func(until int, within time.Duration) {
		deadline := time.Now().Add(within)
		for len(seen) < until && time.Now().Before(deadline) {
			for _, d := range f.drain(keyData) {
				seen[d.Headers["parentMessageId"]]++
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	drain(3, waitOutput)
	require.GreaterOrEqual(t, len(seen), 3)

	restart := faults.StopBroker(t)
	time.Sleep(3 * time.Second)
	restart()
	assert.True(t, w.running(), "the worker outlives the restart")

	drain(total, 90*time.Second)
	require.Len(t, seen, total, "every message processed")
	dups := 0
	for _, n := range seen {
		dups += n - 1
	}
	assert.LessOrEqual(t, dups, prefetch, "duplicates bounded by the prefetch window")
	// Checked while the worker runs, after it reconnected: its back-off
	// may outlast the broker's restart by seconds, and the inputs in
	// flight at the stop had their acks dropped, so only the restored
	// consumer acks their redeliveries.
	w.waitLog("connection restored", 30*time.Second)
	f.assertSettled(0)
	assert.Equal(t, 0, w.stopped())
	assertNoStaleAcks(t, logOffset)
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
