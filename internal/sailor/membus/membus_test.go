package membus_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestSettleOnceRequeueAndStale(t *testing.T) {
	b := membus.New()
	tr := b.Enqueue("q", sailor.Delivery{})
	require.NoError(t, tr.Requeue())
	assert.Equal(t, membus.Requeued, tr.Outcome())
	assert.Error(t, tr.Ack(), "a delivery settles once")
	assert.Equal(t, 2, tr.Settlements())

	st := b.Enqueue("q", sailor.Delivery{})
	st.Stale()
	assert.ErrorIs(t, st.Requeue(), sailor.ErrStaleDelivery)
	assert.Equal(t, membus.Pending, st.Outcome())
}

func TestBlockHoldsPublishesUntilUnblockOrContext(t *testing.T) {
	b := membus.New()
	b.Block()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, b.Publish(ctx, &sailor.Publishing{RoutingKey: "k"}), context.DeadlineExceeded)
	assert.Empty(t, b.Published())

	done := make(chan error, 1)
	go func() { done <- b.Publish(context.Background(), &sailor.Publishing{RoutingKey: "k"}) }()
	b.Unblock()
	require.NoError(t, <-done)
	assert.Len(t, b.Published(), 1)
}

func TestConsumeKeepsPrefetchAndStopsWithContext(t *testing.T) {
	b := membus.New()
	for range 3 {
		b.Enqueue("q", sailor.Delivery{})
	}
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan *sailor.Delivery, 3)
	done := make(chan error, 1)
	go func() { done <- b.Consume(ctx, "q", 2, func(d *sailor.Delivery) { got <- d }) }()
	first, second := <-got, <-got
	select {
	case <-got:
		t.Fatal("a third delivery beyond prefetch 2")
	case <-time.After(100 * time.Millisecond):
	}
	require.NoError(t, first.Settler.Ack())
	<-got
	require.NoError(t, second.Settler.Reject())
	cancel()
	require.NoError(t, <-done)
}
