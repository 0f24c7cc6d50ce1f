// Package amqpbus is the RabbitMQ implementation of sailor.Transport.
//
// It keeps two connections per process, as the elastic.io sailor does: a read
// connection (named "<name>-read") whose single channel consumes the step's
// input queue with manual acknowledgement and a bounded prefetch, and a write
// connection ("<name>-write") whose single channel is in publisher-confirm
// mode. Separate connections keep TCP back-pressure on publishes (resource
// alarms) from stalling acknowledgements.
//
// The package never declares queues, exchanges or bindings: the platform owns
// the topology.
//
// Reconnection is done here rather than by amqp091's Config.Recovery because a
// reconnect must also invalidate every delivery handed out on the old channel:
// delivery tags are channel-scoped and restart at 1, so an ack sent on the new
// channel would either be refused by the broker (PRECONDITION_FAILED, which
// closes the channel) or settle an unrelated message. Each delivery's Settler is
// therefore bound to the channel generation it came from and returns
// sailor.ErrStaleDelivery once that generation is gone; the broker has already
// requeued the message and redelivers it.
package amqpbus
