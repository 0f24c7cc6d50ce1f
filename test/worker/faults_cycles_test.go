//go:build faults

package worker_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaultConnectionKillCyclesLeakNothing(t *testing.T) {
	// R6 repeated (reliability.md): prefetch 10; for 20 cycles, with 10
	// messages in flight, the broker closes the worker's read connection.
	// Each time the worker consumes again within 5 s, the running
	// handlers' acks are dropped rather than sent on the new channel, and
	// their redeliveries (flagged redelivered) are settled with them; no
	// channel is closed with 406. Across the cycles the worker keeps at
	// most its two connections (read + write) on the broker, and the
	// goroutine count it logs when the connection is restored stays within
	// +5 of the first cycle's.
	//
	// The handlers are held by the slow function's gate file, not for a
	// fixed second: one rabbitmqctl call takes about 1 s here, so a timed
	// hold could end before the close lands. The gate keeps all 10 in
	// flight until the restore is seen and then releases them; the hold is
	// therefore as long as the close and the reconnect take (about 1-2 s),
	// and 20 cycles fit the make test-faults budget.
	const cycles, prefetch = 20, 10
	logOffset := brokerLogOffset()
	f := newFlow(t)
	w := f.run("slow", map[string]string{
		"ELASTICIO_RABBITMQ_PREFETCH_SAILOR": fmt.Sprint(prefetch),
		"LOG_LEVEL":                          "info",
	})
	readName := f.connName + "-read"
	var all []string
	var slowest time.Duration
	for c := range cycles {
		g := newGate(t)
		ids, bodies := make([]string, prefetch), make([]string, prefetch)
		for i := range prefetch {
			ids[i] = fmt.Sprintf("R6-%02d-%d", c, i)
			bodies[i] = g.body()
		}
		all = append(all, ids...)
		f.sendMany(bodies, ids)
		f.waitInFlight(prefetch, prefetch)

		// After the previous cycle (or at the start): read + write only.
		conns := workerConnections(t, f.connName)
		require.LessOrEqual(t, len(conns), 2, "cycle %d: the worker's connections on the broker: %v", c, conns)
		var readPid string
		for _, cn := range conns {
			if cn.Role == "read" {
				readPid = cn.Pid
			}
		}
		require.NotEmpty(t, readPid, "cycle %d: no read connection in %v", c, conns)

		consuming := strings.Count(w.logs(), "amqpbus: consuming")
		killed := time.Now()
		rabbitmqctl(t, "close_connection", readPid, "worker test: R6 cycle")
		require.Eventually(t, func() bool { return strings.Count(w.logs(), "amqpbus: consuming") > consuming },
			5*time.Second, 10*time.Millisecond, "cycle %d: consuming again within 5 s of the close", c)
		slowest = max(slowest, time.Since(killed))
		require.True(t, w.running(), "cycle %d: the worker outlives the close", c)

		g.open(t) // the held handlers finish after their channel died
		// Every message of the cycle is settled on the new channel: the
		// redelivery is acked with the outcome of the run it duplicates.
		require.Eventually(t, func() bool {
			lines := byMessageID(settlements(t, w.logs()))
			for _, id := range ids {
				acked := false
				for _, l := range lines[id] {
					acked = acked || l["outcome"] == "ack"
				}
				if !acked {
					return false
				}
			}
			return true
		}, waitOutput, 50*time.Millisecond, "cycle %d: every in-flight message settled after the restore", c)
	}
	conns := workerConnections(t, f.connName)
	assert.LessOrEqual(t, len(conns), 2, "after the last cycle: the worker's connections on the broker: %v", conns)
	t.Logf("R6 x%d: slowest reconnect %s after the close command", cycles, slowest.Round(time.Millisecond))

	// Consumption continues after the last cycle.
	f.send(`{"body":{"after":true},"headers":{}}`, inputHeaders("after"))
	outs := map[string]int{}
	require.Eventually(t, func() bool {
		for _, d := range f.drain(keyData) {
			outs[fmt.Sprint(d.Headers["parentMessageId"])]++
		}
		return outs["after"] == 1 && len(outs) == len(all)+1
	}, waitOutput, 50*time.Millisecond, "an output for every input")

	// Every message processed; a second delivery of a message is always the
	// broker's redelivery of one that was in flight at a close.
	lines := byMessageID(settlements(t, w.logs()))
	stale, dups := 0, 0
	for _, id := range all {
		require.GreaterOrEqual(t, outs[id], 1, "%s processed", id)
		dups += outs[id] - 1
		acks := 0
		for _, l := range lines[id] {
			switch l["outcome"] {
			case "stale":
				// The run that held the message when its channel died.
				stale++
				assert.Equal(t, "ack", l["intended"], "%s: the dropped settlement was an ack", id)
				assert.Equal(t, false, l["redelivered"], "%s: the first delivery: %v", id, l)
			case "ack":
				acks++
				assert.Equal(t, true, l["redelivered"], "%s: acked on its redelivery: %v", id, l)
			default:
				assert.Fail(t, "unexpected settlement", "%s: %v", id, l)
			}
		}
		assert.Equal(t, 1, acks, "%s acked exactly once", id)
	}
	t.Logf("R6 x%d: %d messages, %d processed twice", cycles, len(all), dups)
	assert.LessOrEqual(t, dups, stale, "duplicates only from messages in flight at a close")
	assert.Equal(t, cycles*prefetch, stale, "every in-flight ack dropped, none sent on a new channel")
	assert.Equal(t, cycles*prefetch, strings.Count(w.logs(), "dropping settlement for a dead channel generation"))

	// Reconnects leak nothing: the goroutine count at the 20th restore is
	// within +5 of the first's (both taken with the cycle's 10 handlers held).
	// amqpbus logs that line from its retry loop; a reconnect whose first
	// dial succeeds must log it too, or this check has nothing to compare.
	counts := restoredGoroutines(t, w.logs(), readName)
	if assert.Len(t, counts, cycles, "one \"connection restored\" line with a goroutine count per cycle for %s", readName) {
		t.Logf("R6 goroutines at each restore: %v", counts)
		assert.LessOrEqual(t, counts[cycles-1], counts[0]+5, "goroutines at the last restore vs the first")
	}

	assert.Equal(t, 0, w.stopped())
	ready, _ := f.inputCounts()
	assert.Zero(t, ready, "nothing came back after exit: every message was acked")
	assert.Empty(t, f.drain(keyDead), "nothing rejected")
	assertNoChannelErrors(t, w.logs(), logOffset)
}
