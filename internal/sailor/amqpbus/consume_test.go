package amqpbus

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConsumeAckRemovesMessage(t *testing.T) {
	t.Parallel()
	a := newAdmin(t)
	q := a.queue("ack", nil)
	cfg, _ := testConfig(t)
	tr := dialTransport(t, cfg)
	a.send(q, "m1")

	c := startConsumer(t, tr, q, 1)
	d := c.next(t)
	assert.Equal(t, []byte("m1"), d.Body)
	assert.Equal(t, map[string]any{"messageId": "m1"}, d.Headers)
	assert.Equal(t, q, d.RoutingKey)
	assert.False(t, d.Redelivered)
	assert.NotEmpty(t, d.ConsumerTag)
	require.NoError(t, d.Settler.Ack())

	c.cancel()
	require.NoError(t, c.result(t))
	require.NoError(t, tr.Close())
	// Had the ack not reached the broker, closing the channel would have
	// requeued the message.
	msgs, _ := a.inspect(q)
	assert.Zero(t, msgs)
}

func TestRejectDeadLetters(t *testing.T) {
	t.Parallel()
	a := newAdmin(t)
	dlq := a.queue("dlq", nil)
	q := a.queue("in", amqp.Table{"x-dead-letter-exchange": "", "x-dead-letter-routing-key": dlq})
	cfg, _ := testConfig(t)
	tr := dialTransport(t, cfg)
	a.send(q, "poison")

	c := startConsumer(t, tr, q, 1)
	require.NoError(t, c.next(t).Settler.Reject())

	var got amqp.Delivery
	eventually(t, func() bool {
		d, ok, err := a.ch.Get(dlq, true)
		got = d
		return err == nil && ok
	}, "rejected message reaches the dead-letter queue")
	assert.Equal(t, []byte("poison"), got.Body)
	msgs, _ := a.inspect(q)
	assert.Zero(t, msgs, "reject must not requeue")
}

func TestPrefetchBoundsUnsettledDeliveries(t *testing.T) {
	t.Parallel()
	a := newAdmin(t)
	q := a.queue("qos", nil)
	cfg, _ := testConfig(t)
	tr := dialTransport(t, cfg)
	for i := range 3 {
		a.send(q, fmt.Sprint("m", i))
	}

	c := startConsumer(t, tr, q, 2)
	first := c.next(t)
	c.next(t)
	select {
	case d := <-c.deliveries:
		require.FailNow(t, "a third delivery was handed out while two were unsettled", "%s", d.Body)
	case <-time.After(300 * time.Millisecond):
	}
	require.NoError(t, first.Settler.Ack())
	third := c.next(t)
	assert.Equal(t, []byte("m2"), third.Body)
}

func TestConsumeMissingQueueFails(t *testing.T) {
	t.Parallel()
	cfg, _ := testConfig(t)
	tr := dialTransport(t, cfg)
	q := uniqueName("missing")

	err := tr.Consume(t.Context(), q, 1, func(*sailor.Delivery) {})
	require.Error(t, err)
	assert.Contains(t, err.Error(), q)
	assert.Contains(t, err.Error(), "404")
}

func TestQueueDeletedWhileConsumingFails(t *testing.T) {
	t.Parallel()
	a, q, c := consumingQueue(t, "deleted")

	_, err := a.ch.QueueDelete(q, false, false, false)
	require.NoError(t, err)

	err = c.result(t)
	require.ErrorIs(t, err, ErrConsumerCancelled)
	assert.Contains(t, err.Error(), q)
}

// A broker cancels its consumers also when it shuts down, just before it
// closes their connections, and a cancelled consumer's queue may be back
// at once. Only a queue that is really gone ends consumption: here it is
// deleted and declared again within the grace period, and the consumer
// subscribes again and gets the next message.
func TestConsumerCancelledButQueueThereSubscribesAgain(t *testing.T) {
	t.Parallel()
	a, q, c := consumingQueue(t, "recreated")

	_, err := a.ch.QueueDelete(q, false, false, false)
	require.NoError(t, err)
	_, err = a.ch.QueueDeclare(q, false, false, false, false, nil)
	require.NoError(t, err)
	a.send(q, "after-recreate")

	d := c.next(t)
	assert.Equal(t, "after-recreate", string(d.Body))
	require.NoError(t, d.Settler.Ack())
	_, consumers := a.inspect(q)
	assert.Equal(t, 1, consumers)
}

func TestContextCancelStopsConsumingButAllowsSettlement(t *testing.T) {
	t.Parallel()
	a := newAdmin(t)
	q := a.queue("cancel", nil)
	cfg, _ := testConfig(t)
	tr := dialTransport(t, cfg)
	a.send(q, "in-flight")

	c := startConsumer(t, tr, q, 5)
	d := c.next(t)
	c.cancel()
	require.NoError(t, c.result(t), "Consume returns nil on ctx cancel")

	_, consumers := a.inspect(q)
	assert.Zero(t, consumers, "basic.cancel was sent")
	a.send(q, "after-cancel")
	require.NoError(t, d.Settler.Ack(), "a delivery handed out before cancel can still be acked")

	require.NoError(t, tr.Close())
	msgs, _ := a.inspect(q)
	assert.Equal(t, 1, msgs, "only the message sent after cancel remains")
}

func TestSettleAfterCloseIsStale(t *testing.T) {
	t.Parallel()
	a := newAdmin(t)
	q := a.queue("stale-close", nil)
	cfg, _ := testConfig(t)
	tr := dialTransport(t, cfg)
	a.send(q, "m")
	c := startConsumer(t, tr, q, 1)
	d := c.next(t)

	require.NoError(t, tr.Close())
	assert.ErrorIs(t, d.Settler.Ack(), sailor.ErrStaleDelivery)
	require.NoError(t, tr.Close(), "Close is idempotent")
	assert.ErrorIs(t, tr.Publish(context.Background(), &sailor.Publishing{RoutingKey: q}), ErrClosed)
	eventually(t, func() bool { n, _ := a.inspect(q); return n == 1 }, "unsettled message requeued")
}
