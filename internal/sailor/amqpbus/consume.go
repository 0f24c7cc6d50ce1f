package amqpbus

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	amqp "github.com/rabbitmq/amqp091-go"
)

// ErrConsumerCancelled is wrapped by Consume's error when the broker
// cancelled the subscription, typically because the queue was deleted.
var ErrConsumerCancelled = errors.New("amqpbus: consumer cancelled by the broker")

// stop says why serve returned.
type stop int

const (
	stopContext stop = iota
	stopClosed
	stopCancelled
	stopLost
)

// Consume subscribes to queue on the read connection with manual acks and
// basic.qos(prefetch), and calls deliver for each delivery from the calling
// goroutine. When the read connection or channel dies it reconnects with
// capped exponential back-off and subscribes again; deliveries handed out
// before then settle with sailor.ErrStaleDelivery. It returns an error when
// consumption cannot be restored within Config.ReconnectMaxWait, when the
// queue does not exist, or when the broker cancels the consumer. When ctx is
// cancelled it sends basic.cancel, requeues deliveries not yet handed out,
// keeps the channel open for settlements until Close, and returns nil.
func (t *Transport) Consume(ctx context.Context, queue string, prefetch int, deliver func(*sailor.Delivery)) error {
	if prefetch < 1 || prefetch > 65535 {
		return fmt.Errorf("amqpbus: consume %q: prefetch %d out of range 1..65535", queue, prefetch)
	}
	for initial := true; ; initial = false {
		var rs *readSession
		err := t.retry(ctx, "read", !initial, t.cfg.ReconnectMaxWait, func(ctx context.Context, first bool) error {
			s, err := t.openRead(ctx, queue, prefetch, initial && first)
			rs = s
			return err
		})
		switch {
		case errors.Is(err, ErrClosed):
			return ErrClosed
		case err != nil && ctx.Err() != nil:
			return nil
		case err != nil:
			return fmt.Errorf("amqpbus: consume %q: %w", queue, err)
		}
		if err := t.track(rs); err != nil {
			return err
		}
		rs.log.WithField("prefetch", prefetch).Info("amqpbus: consuming")

		why, cause := t.serve(ctx, rs, deliver)
		switch why {
		case stopContext:
			rs.cancelConsumer()
			rs.log.Info("amqpbus: consumer cancelled; open deliveries can still be settled")
			return nil
		case stopClosed:
			return ErrClosed
		case stopCancelled:
			var gone bool
			if cause, gone = rs.cancelledFor(ctx, t.base, queue); gone {
				rs.log.Error("amqpbus: broker cancelled the consumer: the queue is gone")
				rs.requeueUnhanded()
				return fmt.Errorf("amqpbus: consume %q: %w", queue, ErrConsumerCancelled)
			}
			if cause == nil {
				rs.log.Warn("amqpbus: broker cancelled the consumer but the queue is there; subscribing again")
			}
		}
		rs.log.WithField("error", errText(cause)).Warn("amqpbus: read connection lost; reconnecting")
		t.untrack(rs)
		rs.close()
	}
}

// serve hands deliveries to deliver until ctx ends, the transport closes,
// the broker cancels the consumer or the channel dies.
func (t *Transport) serve(ctx context.Context, rs *readSession, deliver func(*sailor.Delivery)) (stop, *amqp.Error) {
	for {
		// Checked before every delivery, not only when the buffer is empty:
		// a cancelled ctx stops handing out messages even while deliveries
		// keep arriving; those left are requeued by the consumer cancel.
		if ctx.Err() != nil {
			return stopContext, nil
		}
		select {
		case d, ok := <-rs.deliveries:
			if !ok {
				return t.why(ctx, rs)
			}
			if why, cause, held := t.holdWhileBlocked(ctx, rs, d.DeliveryTag); held {
				return why, cause
			}
			deliver(fromDelivery(&d, &settler{gen: rs.gen, tag: d.DeliveryTag}))
		case <-rs.cancels:
			return stopCancelled, nil
		case e := <-rs.chClosed:
			return stopLost, e
		case e := <-rs.connClosed:
			return stopLost, e
		case <-ctx.Done():
			if t.base.Err() != nil {
				return stopClosed, nil
			}
			return stopContext, nil
		case <-t.base.Done():
			return stopClosed, nil
		}
	}
}

// holdWhileBlocked keeps a delivery back while the write connection is
// blocked by a broker resource alarm (reliability.md R4): its outputs could
// not be published, so handing it out would only turn the alarm into API
// calls whose results wait, and then requeues. It returns held=false when
// the delivery may be handed out, and otherwise why serving stops; the
// delivery is then requeued.
func (t *Transport) holdWhileBlocked(ctx context.Context, rs *readSession, tag uint64) (why stop, cause *amqp.Error, held bool) {
	unblocked := t.pub.whenUnblocked()
	select {
	case <-unblocked:
		return 0, nil, false
	default:
	}
	rs.log.Warn("amqpbus: holding deliveries while the write connection is blocked")
	select {
	case <-unblocked:
		rs.log.Info("amqpbus: write connection unblocked; handing out deliveries again")
		return 0, nil, false
	case <-rs.cancels:
		why = stopCancelled
	case cause = <-rs.chClosed:
		why = stopLost
	case cause = <-rs.connClosed:
		why = stopLost
	case <-ctx.Done():
		why = stopContext
		if t.base.Err() != nil {
			why = stopClosed
		}
	case <-t.base.Done():
		why = stopClosed
	}
	if err := rs.ch.Nack(tag, false, true); err != nil {
		rs.log.WithField("error", err.Error()).Debug("amqpbus: requeue of a held delivery failed")
	}
	return why, cause, true
}

// cancelGrace is how long a broker's consumer cancel waits for the
// connection to close: a broker that shuts down (stop_app, a node restart)
// cancels its consumers just before it closes their connections.
const cancelGrace = 2 * time.Second

// cancelledFor tells why the broker cancelled the consumer of queue: gone
// when the queue was deleted, else cause is the connection or channel
// closure that followed the cancel (a broker shutting down), or nil when
// the queue is still there. Either way but gone, the caller reconnects.
// A shutdown or Close during the grace ends the wait: the reconnect that
// follows sees it and stops.
func (rs *readSession) cancelledFor(ctx, base context.Context, queue string) (cause *amqp.Error, gone bool) {
	grace := time.NewTimer(cancelGrace)
	defer grace.Stop()
	select {
	case e := <-rs.chClosed:
		return e, false
	case e := <-rs.connClosed:
		return e, false
	case <-ctx.Done():
		return nil, false
	case <-base.Done():
		return nil, false
	case <-grace.C:
	}
	ch, err := rs.conn.Channel()
	if err != nil {
		return nil, false
	}
	defer ch.Close()
	_, err = ch.QueueDeclarePassive(queue, false, false, false, false, nil)
	var ae *amqp.Error
	// A durable queue whose node is down answers 404 as well: that one
	// comes back, and subscribing again is retried until it does.
	return nil, errors.As(err, &ae) && ae.Code == amqp.NotFound && !homeNodeDown(ae)
}

// why finds out why the delivery channel closed: amqp091 announces a broker
// cancel before closing it and a channel death on the close notifications.
func (t *Transport) why(ctx context.Context, rs *readSession) (stop, *amqp.Error) {
	select {
	case <-rs.cancels:
		return stopCancelled, nil
	case e := <-rs.chClosed:
		return stopLost, e
	case e := <-rs.connClosed:
		return stopLost, e
	case <-t.base.Done():
		return stopClosed, nil
	case <-ctx.Done():
		return stopContext, nil
	}
}
