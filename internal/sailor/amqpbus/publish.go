package amqpbus

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	amqp "github.com/rabbitmq/amqp091-go"
)

// ErrNacked is wrapped by Publish errors when the broker refused the message
// with basic.nack (e.g. a full queue with x-overflow=reject-publish).
var ErrNacked = errors.New("amqpbus: message nacked by the broker")

// ErrConfirmLost is wrapped by Publish errors when the channel or connection
// closed before the broker confirmed the message; it may or may not have
// been stored.
var ErrConfirmLost = errors.New("amqpbus: channel closed before the publish was confirmed")

// publisher owns the write connection: a supervisor goroutine (run) keeps one
// writeSession installed and replaces it after a failure, while any number of
// Publish calls share the installed session.
type publisher struct {
	t *Transport

	mu    sync.Mutex
	cur   *writeSession
	ready chan struct{} // closed when cur is installed
	// unblocked is closed while the installed write connection is not
	// blocked by the broker; a fresh one is made when it becomes blocked.
	unblocked chan struct{}
}

func newPublisher(t *Transport) *publisher {
	u := make(chan struct{})
	close(u)
	return &publisher{t: t, ready: make(chan struct{}), unblocked: u}
}

// setBlocked records connection.blocked (active) or unblocked for s; a
// session that is no longer installed does not count.
func (p *publisher) setBlocked(s *writeSession, active bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if s != p.cur {
		return
	}
	p.markBlocked(active)
}

// markBlocked switches the unblocked channel; p.mu is held.
func (p *publisher) markBlocked(active bool) {
	select {
	case <-p.unblocked:
		if active {
			p.unblocked = make(chan struct{})
		}
	default:
		if !active {
			close(p.unblocked)
		}
	}
}

// whenUnblocked returns a channel that is closed while the write connection
// is not blocked.
func (p *publisher) whenUnblocked() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.unblocked
}

// run supervises the write connection until the transport closes, starting
// with the session Dial opened.
func (p *publisher) run(s *writeSession) {
	defer p.t.wg.Done()
	for s != nil {
		p.install(s)
		cause := s.wait(p.t.base.Done())
		p.withdraw(s)
		s.close()
		if p.t.base.Err() != nil {
			return
		}
		s.log.WithField("error", errText(cause)).Warn("amqpbus: write connection lost; reconnecting")
		s = nil
		// Unbounded: publishes wait for the reconnect within their own ctx.
		_ = p.t.retry(context.Background(), "write", true, 0, func(ctx context.Context, _ bool) error {
			ns, err := p.t.openWrite(ctx)
			s = ns
			return err
		})
	}
}

func (p *publisher) install(s *writeSession) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cur = s
	close(p.ready)
}

func (p *publisher) withdraw(s *writeSession) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cur = nil
	// A new connection starts unblocked (the broker tells it again if the
	// alarm is still on when it publishes).
	p.markBlocked(false)
	p.ready = make(chan struct{})
	close(s.dead)
}

// session returns the installed write session, waiting for a reconnect if
// there is none.
func (p *publisher) session(ctx context.Context) (*writeSession, error) {
	for {
		p.mu.Lock()
		s, ready := p.cur, p.ready
		p.mu.Unlock()
		if s != nil {
			return s, nil
		}
		select {
		case <-ready:
		case <-ctx.Done():
			return nil, fmt.Errorf("amqpbus: publish: waiting for the write connection: %w", ctx.Err())
		case <-p.t.base.Done():
			return nil, ErrClosed
		}
	}
}

// Publish sends p with the mandatory flag on the write channel and waits for
// the broker's confirm. It returns nil only for a positive confirm without a
// return. A returned message gives an error wrapping sailor.ErrUnroutable, a
// nack one wrapping ErrNacked, a channel lost while waiting one wrapping
// ErrConfirmLost. While the write connection is down Publish waits for the
// reconnect, bounded by ctx. Safe for concurrent use; concurrent publishes
// are pipelined on the one channel.
func (t *Transport) Publish(ctx context.Context, p *sailor.Publishing) error {
	msg, err := toPublishing(p)
	if err != nil {
		return fmt.Errorf("amqpbus: publish: %w", err)
	}
	for {
		s, err := t.pub.session(ctx)
		if err != nil {
			return err
		}
		pp := s.track(p.Exchange, p.RoutingKey, msg)
		dc, err := s.ch.PublishWithDeferredConfirmWithContext(ctx, p.Exchange, p.RoutingKey, true, false, msg)
		if err != nil {
			s.untrack(pp)
			if ctx.Err() == nil && (errors.Is(err, amqp.ErrClosed) || s.ch.IsClosed()) {
				// Nothing reached the broker; wait for the supervisor to
				// notice and reconnect, then publish again.
				select {
				case <-s.dead:
					continue
				case <-ctx.Done():
				case <-t.base.Done():
					return ErrClosed
				}
			}
			return publishFailure(p, "%w", t.redact(err))
		}
		select {
		case <-dc.Done():
		case <-ctx.Done():
			s.untrack(pp)
			return publishFailure(p, "waiting for confirm: %w", ctx.Err())
		}
		acked := dc.Acked()
		s.drainReturns()
		if r := s.untrack(pp); r != nil {
			return publishFailure(p, "%w: %d %s", sailor.ErrUnroutable, r.ReplyCode, r.ReplyText)
		}
		if !acked {
			// amqp091 resolves pending confirms as negative when the
			// channel closes, after marking it closed.
			if s.ch.IsClosed() {
				return publishFailure(p, "%w", ErrConfirmLost)
			}
			return publishFailure(p, "%w", ErrNacked)
		}
		return nil
	}
}

func errText(e *amqp.Error) string {
	if e == nil {
		return "closed"
	}
	return e.Error()
}

// publishFailure is the error of a failed publish, naming where it went;
// built only on the failure paths.
func publishFailure(p *sailor.Publishing, format string, args ...any) error {
	return fmt.Errorf("amqpbus: publish to exchange %q routing key %q: "+format,
		append([]any{p.Exchange, p.RoutingKey}, args...)...)
}
