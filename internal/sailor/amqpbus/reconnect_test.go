package amqpbus

import (
	"context"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestConnectionsAreNamedAndTakeServerFrameMax(t *testing.T) {
	t.Parallel()
	a := newAdmin(t)
	q := a.queue("names", nil)
	cfg, _ := testConfig(t)
	var dials atomic.Int32
	cfg.Dial = func(network, addr string) (net.Conn, error) {
		dials.Add(1)
		return net.DialTimeout(network, addr, 5*time.Second)
	}
	tr := dialTransport(t, cfg)
	startConsumer(t, tr, q, 1)
	eventually(t, func() bool { _, n := a.inspect(q); return n == 1 }, "consumer registered")

	out := rabbitmqctl(t, "-q", "list_connections", "frame_max", "client_properties")
	found := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		for _, role := range []string{"-read", "-write"} {
			if strings.Contains(line, `"`+cfg.ConnectionName+role+`"`) {
				found[role], _, _ = strings.Cut(line, "\t")
			}
		}
	}
	assert.Equal(t, map[string]string{"-read": "131072", "-write": "131072"}, found,
		"both connections listed by connection_name with the server's frame_max")
	assert.Equal(t, int32(2), dials.Load(), "the Dial hook opened both connections")
}

// TestConnectionKillDropsStaleSettlements closes the transport's connections
// from the broker side while a delivery is unsettled.
func TestConnectionKillDropsStaleSettlements(t *testing.T) {
	t.Parallel()
	a := newAdmin(t)
	q := a.queue("kill", nil)
	cfg, logs := testConfig(t)
	tr := dialTransport(t, cfg)
	a.send(q, "held")
	c := startConsumer(t, tr, q, 1)
	held := c.next(t)
	require.False(t, held.Redelivered)

	pids := connectionPIDs(t, cfg.ConnectionName)
	require.Len(t, pids, 2, "read and write connections found")
	for _, pid := range pids {
		rabbitmqctl(t, "close_connection", pid, "test")
	}

	again := c.next(t)
	assert.Equal(t, []byte("held"), again.Body)
	assert.True(t, again.Redelivered, "the unsettled message came back on the new consumer")
	assert.ErrorIs(t, held.Settler.Ack(), sailor.ErrStaleDelivery, "the old delivery's ack is not sent on the new channel")
	require.NoError(t, again.Settler.Ack())

	// The write side reconnected too: publish and consume once more on the
	// same (new) read channel. Had the stale ack been sent, the broker would
	// have closed this channel with PRECONDITION_FAILED.
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	require.NoError(t, tr.Publish(ctx, &sailor.Publishing{RoutingKey: q, Body: []byte("after")}))
	after := c.next(t)
	assert.Equal(t, []byte("after"), after.Body)
	require.NoError(t, after.Settler.Ack())

	c.cancel()
	require.NoError(t, c.result(t))
	require.NoError(t, tr.Close())
	msgs, _ := a.inspect(q)
	assert.Zero(t, msgs, "every ack after the reconnect reached the broker")
	text := logs.String()
	assert.Equal(t, 1, strings.Count(text, "read connection lost"), "the read channel died once, from the kill only")
	assert.Equal(t, 1, strings.Count(text, "dropping settlement"), "the stale settlement was logged once")
}

func TestPasswordNeverInErrorsOrLogs(t *testing.T) {
	t.Parallel()
	const secret = "n0t-The-Real-Pa55word"
	cfg, logs := testConfig(t)

	cfg.URI = "amqp://guest:" + secret + "@127.0.0.1:5672/"
	_, err := Dial(t.Context(), cfg)
	require.Error(t, err, "wrong password is refused")
	assert.NotContains(t, err.Error(), secret)

	cfg.URI = "amqp://guest:" + secret + "@127.0.0.1:notaport/"
	_, err = Dial(t.Context(), cfg)
	require.Error(t, err, "malformed URI")
	assert.NotContains(t, err.Error(), secret)

	cfg.URI = "amqp://guest:" + secret + "@127.0.0.1:1/"
	cfg.ReconnectMaxWait = 100 * time.Millisecond
	_, err = Dial(t.Context(), cfg)
	require.Error(t, err, "unreachable broker")
	assert.NotContains(t, err.Error(), secret)

	assert.Contains(t, logs.String(), "guest:***@127.0.0.1:1/", "retries were logged with a sanitised URI")
	assert.NotContains(t, logs.String(), secret)
}

func TestDialGivesUpAfterMaxWait(t *testing.T) {
	t.Parallel()
	cfg, logs := testConfig(t)
	cfg.URI = "amqp://guest:guest@127.0.0.1:1/"
	cfg.ReconnectMaxWait = 200 * time.Millisecond

	_, err := Dial(t.Context(), cfg)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "gave up")
	assert.Contains(t, logs.String(), "attempt=")
}

// TestCloseLeavesNoGoroutines runs a full cycle and checks that Close stops
// everything the transport and amqp091 started. Not parallel: goleak sees
// every goroutine of the process.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	a := newAdmin(t)
	q := a.queue("leak", nil)
	cfg, _ := testConfig(t)
	ignore := goleak.IgnoreCurrent()

	tr, err := Dial(t.Context(), cfg)
	require.NoError(t, err)
	require.NoError(t, tr.Publish(t.Context(), &sailor.Publishing{RoutingKey: q, Body: []byte("x")}))
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- tr.Consume(ctx, q, 3, func(d *sailor.Delivery) { _ = d.Settler.Ack(); cancel() })
	}()
	require.NoError(t, <-done)
	require.NoError(t, tr.Close())

	goleak.VerifyNone(t, ignore)
}
