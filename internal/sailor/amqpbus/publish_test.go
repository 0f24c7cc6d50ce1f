package amqpbus

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPublishKeepsHeaderTypesAndProperties(t *testing.T) {
	t.Parallel()
	a := newAdmin(t)
	q := a.queue("props", nil)
	cfg, _ := testConfig(t)
	tr := dialTransport(t, cfg)
	ts := time.Unix(1700000000, 0)

	err := tr.Publish(t.Context(), &sailor.Publishing{
		RoutingKey: q,
		Headers: map[string]any{
			"protocolVersion": int8(2),
			"start":           int64(1700000000123),
			"messageId":       "id-1",
			"retry":           false,
			"nested":          map[string]any{"n": int16(7)},
		},
		Properties: sailor.Properties{
			ContentType: "application/json", ContentEncoding: "utf8", DeliveryMode: 2,
			Priority: 1, CorrelationID: "corr", ReplyTo: "reply", Expiration: "60000",
			MessageID: "mid", Timestamp: ts, Type: "t", AppID: "app",
		},
		Body: []byte(`{"a":1}`),
	})
	require.NoError(t, err)

	d, ok, err := a.ch.Get(q, true)
	require.NoError(t, err)
	require.True(t, ok, "the confirmed message is in the queue")
	assert.Equal(t, amqp.Table{
		"protocolVersion": int8(2),
		"start":           int64(1700000000123),
		"messageId":       "id-1",
		"retry":           false,
		"nested":          amqp.Table{"n": int16(7)},
	}, d.Headers)
	assert.Equal(t, "application/json", d.ContentType)
	assert.Equal(t, "utf8", d.ContentEncoding)
	assert.Equal(t, uint8(2), d.DeliveryMode)
	assert.Equal(t, uint8(1), d.Priority)
	assert.Equal(t, "corr", d.CorrelationId)
	assert.Equal(t, "reply", d.ReplyTo)
	assert.Equal(t, "60000", d.Expiration)
	assert.Equal(t, "mid", d.MessageId)
	assert.True(t, ts.Equal(d.Timestamp))
	assert.Equal(t, "t", d.Type)
	assert.Equal(t, "app", d.AppId)
	assert.Equal(t, []byte(`{"a":1}`), d.Body)
}

func TestConsumedHeadersArePlainMaps(t *testing.T) {
	t.Parallel()
	a := newAdmin(t)
	q := a.queue("plain", nil)
	cfg, _ := testConfig(t)
	tr := dialTransport(t, cfg)
	require.NoError(t, tr.Publish(t.Context(), &sailor.Publishing{
		RoutingKey: q,
		Headers: map[string]any{
			"nested": map[string]any{"list": []any{int8(1), "x", map[string]any{"deep": "y"}}},
			"flat":   "z",
		},
		Properties: sailor.Properties{MessageID: "m"},
	}))

	c := startConsumer(t, tr, q, 1)
	d := c.next(t)
	assert.Equal(t, map[string]any{
		"nested": map[string]any{"list": []any{int8(1), "x", map[string]any{"deep": "y"}}},
		"flat":   "z",
	}, d.Headers)
	assert.Equal(t, "m", d.Properties.MessageID)
	require.NoError(t, d.Settler.Ack())
}

func TestPublishNackedByFullQueue(t *testing.T) {
	t.Parallel()
	a := newAdmin(t)
	q := a.queue("full", amqp.Table{"x-max-length": int32(1), "x-overflow": "reject-publish"})
	cfg, _ := testConfig(t)
	tr := dialTransport(t, cfg)

	require.NoError(t, tr.Publish(t.Context(), &sailor.Publishing{RoutingKey: q, Body: []byte("1")}))
	err := tr.Publish(t.Context(), &sailor.Publishing{RoutingKey: q, Body: []byte("2")})
	require.ErrorIs(t, err, ErrNacked)
	assert.Contains(t, err.Error(), q)
	msgs, _ := a.inspect(q)
	assert.Equal(t, 1, msgs)
}

func TestPublishUnroutableFailsOnlyTheReturnedMessages(t *testing.T) {
	t.Parallel()
	a := newAdmin(t)
	q := a.queue("routable", nil)
	cfg, _ := testConfig(t)
	tr := dialTransport(t, cfg)
	nowhere := uniqueName("nowhere")

	const n = 20
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			key := q
			if i%2 == 1 {
				key = nowhere
			}
			errs[i] = tr.Publish(t.Context(), &sailor.Publishing{
				RoutingKey: key,
				Headers:    map[string]any{"messageId": fmt.Sprint("id-", i)},
				Body:       []byte("same body"),
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if i%2 == 1 {
			assert.ErrorIs(t, err, sailor.ErrUnroutable, "publish %d", i)
		} else {
			assert.NoError(t, err, "publish %d", i)
		}
	}
	msgs, _ := a.inspect(q)
	assert.Equal(t, n/2, msgs)
}

func TestPublishRejectsUnencodableHeaders(t *testing.T) {
	t.Parallel()
	cfg, _ := testConfig(t)
	tr := dialTransport(t, cfg)
	// The routing key is bound nowhere: the header must be refused before
	// the publish, not pass as unroutable.
	for name, c := range map[string]struct {
		v    any
		want string
	}{
		"uint64":  {uint64(1), `table field "h"`}, // amqp091's Table.Validate
		"big int": {int(1) << 40, `header "h"`},
	} {
		err := tr.Publish(t.Context(), &sailor.Publishing{RoutingKey: "x", Headers: map[string]any{"h": c.v}})
		assert.Error(t, err, name)
		assert.NotErrorIs(t, err, sailor.ErrUnroutable, name)
		assert.ErrorContains(t, err, c.want, name)
	}
}

func TestPublishHonoursContext(t *testing.T) {
	t.Parallel()
	a := newAdmin(t)
	q := a.queue("ctx", nil)
	cfg, _ := testConfig(t)
	tr := dialTransport(t, cfg)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	err := tr.Publish(ctx, &sailor.Publishing{RoutingKey: q})
	require.ErrorIs(t, err, context.Canceled)
}
