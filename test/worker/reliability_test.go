package worker_test

import (
	"fmt"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reliability.md R1 and R6, and run.spec "should reconnect if consumer
// connection closed" / "should not fail if message is acknowledged while
// read connection is closed and processing is slow".

func TestAckOnlyAfterConfirmedOutput(t *testing.T) {
	t.Parallel()
	t.Run("held unacked while processing", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		w := f.run("slow", nil)
		f.send(slowBody(2500), nil)
		f.waitInFlight(1, 1)
		// A crash mid-message gives it back: it was not acked on delivery.
		require.NoError(t, w.cmd.Process.Kill())
		w.exit(10 * time.Second)
		require.Eventually(t, func() bool { ready, _ := f.inputCounts(); return ready == 1 }, waitOutput, 50*time.Millisecond)
		assert.Empty(t, f.drain(keyData))

		// A new worker processes it; once the output exists it is acked:
		// after this worker exits nothing comes back.
		w = f.run("slow", nil)
		d := f.collect(keyData, 1, waitOutput)[0]
		assert.Equal(t, "M1", d.Headers["parentMessageId"])
		assert.Equal(t, 0, w.stopped())
		f.assertSettled(0)
	})
	t.Run("never acked when the output cannot be published", func(t *testing.T) {
		t.Parallel()
		f := newFlow(t)
		out := f.name + "-out"
		f.admin(func(ch *amqp.Channel) error {
			return ch.ExchangeDeclare(out, "direct", false, false, false, false, nil)
		})
		t.Cleanup(func() { f.adminQuiet(func(ch *amqp.Channel) error { return ch.ExchangeDelete(out, false, false) }) })
		w := f.run("passthrough", map[string]string{
			"ELASTICIO_PUBLISH_MESSAGES_TO": out, "ELASTICIO_AMQP_PUBLISH_RETRY_ATTEMPTS": "3",
			"ELASTICIO_AMQP_PUBLISH_RETRY_DELAY": "20",
		})
		f.admin(func(ch *amqp.Channel) error { return ch.ExchangeDelete(out, false, false) })
		f.send(`{"body":{"lost":false},"headers":{}}`, inputHeaders("M1"))
		f.collect(keyDead, 1, waitOutput) // rejected, so dead-lettered: not acked
		assert.True(t, w.running())

		// The exchange comes back: the worker's publishing recovers.
		f.admin(func(ch *amqp.Channel) error {
			if err := ch.ExchangeDeclare(out, "direct", false, false, false, false, nil); err != nil {
				return err
			}
			return ch.QueueBind(f.queues[keyData], f.key(keyData), out, false, nil)
		})
		f.send(`{"body":{"second":true},"headers":{}}`, inputHeaders("M2"))
		d := f.collect(keyData, 1, waitOutput)[0]
		assert.Equal(t, "M2", d.Headers["parentMessageId"])
		assert.Equal(t, 0, w.stopped())
	})
}

func TestConnectionClosedWhileMessagesAreInFlight(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		prefetch int
		both     bool
	}{
		{name: "read connection, prefetch 1", prefetch: 1},
		{name: "read connection, prefetch 3", prefetch: 3},
		{name: "both connections, prefetch 2", prefetch: 2, both: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			logOffset := brokerLogOffset()
			f := newFlow(t)
			w := f.run("slow", map[string]string{"ELASTICIO_RABBITMQ_PREFETCH_SAILOR": fmt.Sprint(c.prefetch)})
			g := newGate(t)
			for i := range c.prefetch {
				f.send(g.body(), inputHeaders(fmt.Sprint("M", i)))
			}
			f.waitInFlight(c.prefetch, c.prefetch)
			names := []string{f.connName + "-read"}
			if c.both {
				names = append(names, f.connName+"-write")
			}
			require.Equal(t, len(names), closeConnections(t, names...))
			w.waitLog("read connection lost; reconnecting", 10*time.Second)
			// Logged though the first redial succeeds (the broker stayed up),
			// with the goroutine count an operator watches for leaks.
			w.waitLog("amqpbus: connection restored", 10*time.Second)
			g.open(t) // the handlers finish after their channel died

			// Each message is processed once: the redelivered copies are
			// settled with the running ones, whose own acks are dropped.
			outs := f.collect(keyData, c.prefetch, waitOutput)
			parents := map[any]bool{}
			for _, d := range outs {
				parents[d.Headers["parentMessageId"]] = true
			}
			assert.Len(t, parents, c.prefetch)
			f.assertSettled(0)
			time.Sleep(500 * time.Millisecond)
			assert.Empty(t, f.drain(keyData), "no second output")
			assert.Contains(t, w.logs(), "duplicate message detected")

			// Consumption continues on the new connection.
			f.send(`{"body":{"after":true},"headers":{}}`, inputHeaders("after"))
			d := f.collect(keyData, 1, waitOutput)[0]
			assert.Equal(t, "after", d.Headers["parentMessageId"])
			assert.Equal(t, 0, w.stopped())
			ready, _ := f.inputCounts()
			assert.Zero(t, ready, "nothing came back after exit: every message was acked")
			assertNoStaleAcks(t, logOffset)
		})
	}
}
