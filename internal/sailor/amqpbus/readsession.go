package amqpbus

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/sirupsen/logrus"
)

// readSession is one read connection consuming one queue.
type readSession struct {
	conn *amqp.Connection
	ch   *amqp.Channel
	gen  *generation
	tag  string
	log  *logrus.Entry

	deliveries <-chan amqp.Delivery
	connClosed chan *amqp.Error
	chClosed   chan *amqp.Error
	cancels    chan string
}

// openRead connects, sets the prefetch and subscribes to queue. A missing
// queue or a refused subscription is permanent.
func (t *Transport) openRead(ctx context.Context, queue string, prefetch int, initial bool) (*readSession, error) {
	conn, err := t.connect(ctx, "read")
	if err != nil {
		return nil, classifyDial(err, initial)
	}
	rs, err := subscribe(conn, queue, prefetch)
	if err != nil {
		closeConn(conn)
		return nil, err
	}
	rs.log = t.log.WithFields(logrus.Fields{"connection": t.cfg.ConnectionName + "-read", "queue": queue, "consumer_tag": rs.tag})
	rs.gen.log = rs.log
	return rs, nil
}

func subscribe(conn *amqp.Connection, queue string, prefetch int) (*readSession, error) {
	ch, err := conn.Channel()
	if err != nil {
		return nil, fmt.Errorf("open read channel: %w", err)
	}
	if err := ch.Qos(prefetch, 0, false); err != nil {
		return nil, fmt.Errorf("set prefetch %d: %w", prefetch, err)
	}
	rs := &readSession{
		conn:       conn,
		ch:         ch,
		gen:        &generation{ch: ch},
		connClosed: conn.NotifyClose(make(chan *amqp.Error, 1)),
		chClosed:   ch.NotifyClose(make(chan *amqp.Error, 1)),
		cancels:    ch.NotifyCancel(make(chan string, 4)),
	}
	// amqp091 never lets the server choose the tag (it needs it before
	// consume-ok to route early deliveries), and we need it for basic.cancel.
	rs.tag = uniqueTag()
	rs.deliveries, err = ch.Consume(queue, rs.tag, false /* autoAck */, false /* exclusive */, false /* noLocal */, false /* noWait */, nil)
	if err != nil {
		var ae *amqp.Error
		if errors.As(err, &ae) && (ae.Code == amqp.NotFound && !homeNodeDown(ae) || ae.Code == amqp.AccessRefused) {
			return nil, &permanentError{fmt.Errorf("consume queue %q: %w", queue, err)}
		}
		return nil, fmt.Errorf("consume queue %q: %w", queue, err)
	}
	return rs, nil
}

// homeNodeDown tells a 404 for a durable queue whose node is down ("home
// node ... is down or inaccessible"), which passes when the node is back,
// from a 404 for a queue that does not exist.
func homeNodeDown(e *amqp.Error) bool {
	return e.Code == amqp.NotFound && strings.Contains(e.Reason, "down or inaccessible")
}

// cancelConsumer stops deliveries (basic.cancel) but keeps the channel open
// so deliveries already handed out can still be settled. Deliveries that
// arrived but were not handed out are requeued at once rather than left
// unacknowledged until Close.
func (rs *readSession) cancelConsumer() {
	if err := rs.ch.Cancel(rs.tag, false); err != nil {
		rs.log.WithField("error", err.Error()).Warn("amqpbus: basic.cancel failed")
	}
	rs.requeueUnhanded()
}

// requeueUnhanded drains deliveries the consumer did not hand out; the
// delivery channel closes once the consumer is cancelled or the channel
// dies.
func (rs *readSession) requeueUnhanded() {
	for d := range rs.deliveries {
		if err := rs.ch.Nack(d.DeliveryTag, false, true); err != nil {
			rs.log.WithField("error", err.Error()).Debug("amqpbus: requeue of an unhanded delivery failed")
		}
	}
}

// close invalidates the generation and closes the connection.
func (rs *readSession) close() {
	rs.gen.kill()
	closeConn(rs.conn)
}

// uniqueTag returns a consumer tag unique across processes and reconnects.
func uniqueTag() string {
	return "amqpbus-" + rand.Text()
}
