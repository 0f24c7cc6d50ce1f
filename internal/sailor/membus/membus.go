// Package membus is an in-memory message bus that implements the sailor's
// Transport. It runs the local mode (gotowebinar exec) and the sailor's unit
// tests: no broker, but the same contract — bounded prefetch, publishes that
// can fail like nacks, and a record of every publish and settlement.
package membus

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// Outcome is how a delivery was settled.
type Outcome string

// Outcomes of a delivery.
const (
	Pending  Outcome = ""
	Acked    Outcome = "ack"
	Rejected Outcome = "reject"
	Requeued Outcome = "requeue"
)

// Bus is an in-memory broker with named queues. The zero value is not
// usable; call New. A Bus is safe for concurrent use.
type Bus struct {
	mu        sync.Mutex
	queues    map[string]chan *Tracked
	published []sailor.Publishing
	closed    bool
	// publishHook, when set, decides the fate of each publish (nil: stored).
	publishHook func(*sailor.Publishing) error
	onPublish   func(sailor.Publishing)
	// unblocked is closed unless publishing is blocked (Block).
	unblocked chan struct{}
}

// New returns an empty bus.
func New() *Bus {
	u := make(chan struct{})
	close(u)
	return &Bus{queues: map[string]chan *Tracked{}, unblocked: u}
}

// Block makes every publish wait, unconfirmed, until Unblock or the
// publish's context ends, as a broker under a resource alarm does.
func (b *Bus) Block() {
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case <-b.unblocked:
		b.unblocked = make(chan struct{})
	default:
	}
}

// Unblock lets publishes through again.
func (b *Bus) Unblock() {
	b.mu.Lock()
	defer b.mu.Unlock()
	select {
	case <-b.unblocked:
	default:
		close(b.unblocked)
	}
}

// Tracked is a delivery enqueued on the bus, with its settlement.
type Tracked struct {
	Delivery *sailor.Delivery

	mu       sync.Mutex
	outcome  Outcome
	settles  int
	stale    bool
	done     chan struct{}
	released func()
}

// Outcome returns the settlement so far.
func (t *Tracked) Outcome() Outcome {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.outcome
}

// Settlements counts Ack, Reject and Requeue calls; the sailor must make
// exactly one.
func (t *Tracked) Settlements() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.settles
}

// Wait blocks until the delivery is settled or ctx ends.
func (t *Tracked) Wait(ctx context.Context) (Outcome, error) {
	select {
	case <-t.done:
		return t.Outcome(), nil
	case <-ctx.Done():
		return Pending, ctx.Err()
	}
}

// Ack implements sailor.Settler.
func (t *Tracked) Ack() error { return t.settle(Acked) }

// Reject implements sailor.Settler.
func (t *Tracked) Reject() error { return t.settle(Rejected) }

// Requeue implements sailor.Settler. The bus does not deliver the message
// again by itself: a test that wants the redelivery enqueues it.
func (t *Tracked) Requeue() error { return t.settle(Requeued) }

// Stale makes the delivery behave as one whose channel died: its Ack,
// Reject and Requeue are counted but return sailor.ErrStaleDelivery and settle nothing,
// as the RabbitMQ transport does after a reconnect.
func (t *Tracked) Stale() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.stale = true
}

func (t *Tracked) settle(o Outcome) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.settles++
	if t.stale {
		return sailor.ErrStaleDelivery
	}
	if t.outcome != Pending {
		return fmt.Errorf("membus: delivery %d already settled (%s)", t.Delivery.DeliveryTag, t.outcome)
	}
	t.outcome = o
	close(t.done)
	if t.released != nil {
		t.released()
	}
	return nil
}

func (b *Bus) queue(name string) chan *Tracked {
	q, ok := b.queues[name]
	if !ok {
		q = make(chan *Tracked, 1<<16)
		b.queues[name] = q
	}
	return q
}

// Enqueue puts a delivery on a queue and returns its tracker. The delivery's
// Settler is replaced by the tracker.
func (b *Bus) Enqueue(queue string, d sailor.Delivery) *Tracked {
	b.mu.Lock()
	defer b.mu.Unlock()
	t := &Tracked{Delivery: &d, done: make(chan struct{})}
	d.Settler = t
	if d.DeliveryTag == 0 {
		d.DeliveryTag = uint64(len(b.queue(queue))) + 1
	}
	b.queue(queue) <- t
	return t
}

// Consume implements sailor.Transport: deliveries are handed out in order,
// never more than prefetch unsettled at once.
func (b *Bus) Consume(ctx context.Context, queue string, prefetch int, deliver func(*sailor.Delivery)) error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return errors.New("membus: consume: bus closed")
	}
	q := b.queue(queue)
	b.mu.Unlock()
	slots := make(chan struct{}, max(prefetch, 1))
	for {
		select {
		case <-ctx.Done():
			return nil
		case slots <- struct{}{}:
		}
		select {
		case <-ctx.Done():
			return nil
		case t := <-q:
			t.mu.Lock()
			t.released = func() { <-slots }
			t.mu.Unlock()
			deliver(t.Delivery)
		}
	}
}

// FailPublishes makes every publish go through hook first: a non-nil error
// fails the publish as a nack would. nil restores normal publishing.
func (b *Bus) FailPublishes(hook func(*sailor.Publishing) error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.publishHook = hook
}

// OnPublish registers a function called, in order, for every stored publish.
func (b *Bus) OnPublish(f func(sailor.Publishing)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.onPublish = f
}

// Publish implements sailor.Transport. The publishing is copied, so later
// changes by the caller do not alter the record.
func (b *Bus) Publish(ctx context.Context, p *sailor.Publishing) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b.mu.Lock()
	unblocked := b.unblocked
	b.mu.Unlock()
	select {
	case <-unblocked:
	case <-ctx.Done():
		return fmt.Errorf("membus: publish blocked: %w", ctx.Err())
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return errors.New("membus: publish: bus closed")
	}
	if b.publishHook != nil {
		if err := b.publishHook(p); err != nil {
			return err
		}
	}
	c := *p
	c.Headers = make(map[string]any, len(p.Headers))
	for k, v := range p.Headers {
		c.Headers[k] = v
	}
	c.Body = append([]byte(nil), p.Body...)
	b.published = append(b.published, c)
	if b.onPublish != nil {
		b.onPublish(c)
	}
	return nil
}

// Published returns every stored publish so far, in order.
func (b *Bus) Published() []sailor.Publishing {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]sailor.Publishing(nil), b.published...)
}

// Close implements sailor.Transport.
func (b *Bus) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	return nil
}
