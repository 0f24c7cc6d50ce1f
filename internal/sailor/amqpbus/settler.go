package amqpbus

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/sirupsen/logrus"
)

// generation is one consume channel's lifetime. Deliveries keep a pointer to
// the generation they arrived on; once it is dead their settlements are
// dropped instead of being sent on a later channel, where the delivery tag
// would be unknown or, worse, name another message.
type generation struct {
	ch  *amqp.Channel
	log *logrus.Entry

	mu   sync.RWMutex
	dead bool
}

// kill marks the generation dead; settlements already being sent finish
// first.
func (g *generation) kill() {
	g.mu.Lock()
	g.dead = true
	g.mu.Unlock()
}

// settler settles one delivery on its generation.
type settler struct {
	gen  *generation
	tag  uint64
	done atomic.Bool
}

// Ack acknowledges the delivery, or returns sailor.ErrStaleDelivery when its
// channel is gone.
func (s *settler) Ack() error {
	return s.settle("ack", func() error { return s.gen.ch.Ack(s.tag, false) })
}

// Reject rejects the delivery without requeue, or returns
// sailor.ErrStaleDelivery when its channel is gone.
func (s *settler) Reject() error {
	return s.settle("reject", func() error { return s.gen.ch.Reject(s.tag, false) })
}

// Requeue returns the delivery to its queue (basic.nack with requeue=true),
// or returns sailor.ErrStaleDelivery when its channel is gone (the broker
// requeued it already).
func (s *settler) Requeue() error {
	return s.settle("requeue", func() error { return s.gen.ch.Nack(s.tag, false, true) })
}

func (s *settler) settle(op string, send func() error) error {
	if !s.done.CompareAndSwap(false, true) {
		return fmt.Errorf("amqpbus: %s delivery %d: already settled", op, s.tag)
	}
	g := s.gen
	g.mu.RLock()
	dead := g.dead
	var err error
	if !dead {
		err = send()
		dead = err != nil && (errors.Is(err, amqp.ErrClosed) || g.ch.IsClosed())
	}
	g.mu.RUnlock()
	if dead {
		g.log.WithFields(logrus.Fields{"delivery_tag": s.tag, "settlement": op}).
			Warn("amqpbus: dropping settlement for a dead channel generation; the broker redelivers the message")
		return fmt.Errorf("amqpbus: %s delivery %d: %w", op, s.tag, sailor.ErrStaleDelivery)
	}
	if err != nil {
		return fmt.Errorf("amqpbus: %s delivery %d: %w", op, s.tag, err)
	}
	return nil
}
