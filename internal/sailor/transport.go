package sailor

import (
	"context"
	"errors"
	"time"
)

// Transport is what the sailor needs from a message bus. The RabbitMQ
// transport (package amqpbus) and the in-memory one (package membus) both
// implement it; the sailor never sees broker types.
type Transport interface {
	// Consume subscribes to queue with manual acknowledgement and at most
	// prefetch unsettled deliveries, and calls deliver for each delivery, one
	// at a time, from the transport's own goroutine. deliver may block (the
	// sailor hands work to a bounded pool); the transport then stops reading.
	//
	// Consume returns nil once ctx is cancelled and the subscription is
	// cancelled on the broker (deliveries already handed out can still be
	// settled until Close). It returns an error when consumption cannot be
	// (re)established, or the broker cancelled the consumer (queue deleted).
	Consume(ctx context.Context, queue string, prefetch int, deliver func(*Delivery)) error

	// Publish sends p and returns only when the broker has confirmed it. An
	// error means the message may not have been stored (nack, return of an
	// unroutable mandatory message, closed connection, ctx done); the sailor
	// decides whether to retry. p.Body must not be used after Publish
	// returns: the sailor writes the next message into it.
	Publish(ctx context.Context, p *Publishing) error

	// Close releases connections. Settlements after Close are dropped.
	Close() error
}

// Settler settles one delivery. Each method is called at most once per
// delivery, and only one of them. A settlement for a delivery that came over
// a connection that has since died is dropped by the transport (logged once)
// and returns ErrStaleDelivery: the broker redelivers the message.
type Settler interface {
	Ack() error
	// Reject is basic.reject with requeue=false: the message is dropped or
	// dead-lettered by broker policy.
	Reject() error
	// Requeue is basic.nack with requeue=true: the message goes back to the
	// queue, unprocessed as far as the broker is concerned, and is delivered
	// again (redelivered=true). The sailor uses it when the message could
	// not be finished for a reason outside the message (a publish that the
	// broker kept blocked past the publish timeout).
	Requeue() error
}

// Delivery is one message taken from the input queue.
type Delivery struct {
	Body       []byte
	Headers    map[string]any // AMQP field table, values as amqp091 decodes them
	Properties Properties

	// Delivery facts, for logs.
	ConsumerTag string
	DeliveryTag uint64
	Redelivered bool
	Exchange    string
	RoutingKey  string

	Settler Settler
}

// Publishing is one message to send. Exchange and RoutingKey are opaque
// platform-owned names. Header values must be types an AMQP field table
// accepts (string, bool, int8..int64, float32/64, time.Time, []byte, nil,
// nested map[string]any); the integer width chosen is the width on the wire.
type Publishing struct {
	Exchange   string
	RoutingKey string
	Headers    map[string]any
	Properties Properties
	Body       []byte
}

// Properties are the AMQP basic properties the sailor reads or writes.
type Properties struct {
	ContentType     string
	ContentEncoding string
	DeliveryMode    uint8 // 1 transient, 2 persistent
	Priority        uint8
	CorrelationID   string
	ReplyTo         string
	Expiration      string // per-message TTL in ms, as a decimal string
	MessageID       string
	Timestamp       time.Time
	Type            string
	UserID          string
	AppID           string
}

// ErrStaleDelivery is returned by a Settler whose delivery arrived on a
// channel that is no longer open; the settlement was not sent.
var ErrStaleDelivery = errors.New("sailor: delivery belongs to a closed channel; settlement dropped")

// ErrPublishTimeout is wrapped by the sailor's publish error when one
// publish attempt waited longer than the publish timeout for the broker's
// confirm (typically a connection blocked by a resource alarm). The input
// is then requeued, not acked and not rejected.
var ErrPublishTimeout = errors.New("sailor: publish not confirmed within the publish timeout")

// ErrUnroutable is returned by Publish when the broker returned a mandatory
// message because no queue is bound to its routing key. Retrying cannot help
// until the platform changes its topology.
var ErrUnroutable = errors.New("sailor: message returned by the broker as unroutable")
