//go:build faults

package amqpbus

import (
	"context"
	"testing"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/test/faults"
	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests stop the broker application and so disturb every other broker
// user; they run only with -tags faults, one at a time.

// durableQueue declares a queue that survives the application restart and
// deletes it afterwards on a fresh connection.
func durableQueue(t *testing.T, prefix string) string {
	t.Helper()
	name := uniqueName(prefix)
	conn, err := amqp.Dial(testURI())
	require.NoError(t, err)
	defer conn.Close()
	ch, err := conn.Channel()
	require.NoError(t, err)
	_, err = ch.QueueDeclare(name, true, false, false, false, nil)
	require.NoError(t, err)
	t.Cleanup(func() {
		conn, err := amqp.Dial(testURI())
		if err != nil {
			return
		}
		defer conn.Close()
		if ch, err := conn.Channel(); err == nil {
			_, _ = ch.QueueDelete(name, false, false, false)
		}
	})
	return name
}

func TestRestartConsumptionRestored(t *testing.T) {
	q := durableQueue(t, "restart")
	cfg, logs := testConfig(t)
	cfg.ReconnectMaxWait = 60 * time.Second
	tr := dialTransport(t, cfg)
	c := startConsumer(t, tr, q, 1)
	require.NoError(t, tr.Publish(t.Context(), &sailor.Publishing{RoutingKey: q, Body: []byte("before"), Properties: sailor.Properties{DeliveryMode: 2}}))
	before := c.next(t)
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(logs.String())
		}
	})

	start := faults.StopBroker(t)
	time.Sleep(3 * time.Second)
	start()

	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	require.NoError(t, tr.Publish(ctx, &sailor.Publishing{RoutingKey: q, Body: []byte("after")}),
		"publish waits for the write connection to come back")
	// The unsettled "before" was requeued by the broker; both arrive on the
	// new consumer.
	got := map[string]bool{}
	for range 2 {
		d := c.next(t)
		got[string(d.Body)] = true
		require.NoError(t, d.Settler.Ack())
	}
	assert.Equal(t, map[string]bool{"before": true, "after": true}, got)
	assert.ErrorIs(t, before.Settler.Ack(), sailor.ErrStaleDelivery)
	assert.Contains(t, logs.String(), "connection restored")
}

func TestRestartBrokerDownLongerThanMaxWait(t *testing.T) {
	q := durableQueue(t, "down")
	cfg, _ := testConfig(t)
	cfg.ReconnectMaxWait = 2 * time.Second
	tr := dialTransport(t, cfg)
	c := startConsumer(t, tr, q, 1)
	require.NoError(t, tr.Publish(t.Context(), &sailor.Publishing{RoutingKey: q, Body: []byte("x")}))
	c.next(t)

	faults.StopBroker(t)
	err := c.result(t)
	require.Error(t, err, "Consume gives up instead of idling without a consumer")
	assert.Contains(t, err.Error(), "gave up")
	assert.Contains(t, err.Error(), q)
}
