package amqpbus

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/sirupsen/logrus"
)

// returnsBuffer is large because amqp091 drops a return it cannot hand over
// within its notify timeout, and a dropped return would let an unroutable
// publish pass as confirmed.
const returnsBuffer = 256

// writeSession is one write connection with its confirm-mode channel.
type writeSession struct {
	conn *amqp.Connection
	ch   *amqp.Channel
	log  *logrus.Entry

	connClosed chan *amqp.Error
	chClosed   chan *amqp.Error
	returns    chan amqp.Return
	blocks     chan amqp.Blocking

	// blocked is true between connection.blocked and connection.unblocked
	// (a broker resource alarm): the broker reads nothing from this
	// connection, so a close is not waited for long.
	blocked atomic.Bool

	// returnsMu is held by whoever receives from returns, for the receive
	// and the matching together: so a publisher that takes it after its
	// confirm knows its return, if any, is matched, without a round trip
	// to another goroutine. watcherDone is closed when the sweeper exits.
	returnsMu   sync.Mutex
	watcherDone chan struct{}

	// dead is closed (under publisher.mu) once the session is withdrawn.
	dead chan struct{}

	mu      sync.Mutex
	pending []*pendingPublish
}

// pendingPublish is a publish awaiting its confirm; returned is set by the
// return watcher when the broker sends the message back.
type pendingPublish struct {
	exchange, key, messageID string
	headers                  amqp.Table
	body                     []byte
	returned                 *amqp.Return
}

func (t *Transport) openWrite(ctx context.Context) (*writeSession, error) {
	conn, err := t.connect(ctx, "write")
	if err != nil {
		return nil, err
	}
	ch, err := conn.Channel()
	if err == nil {
		err = ch.Confirm(false)
	}
	if err != nil {
		closeConn(conn)
		return nil, fmt.Errorf("open write channel: %w", err)
	}
	s := &writeSession{
		conn:        conn,
		ch:          ch,
		log:         t.log.WithField("connection", t.cfg.ConnectionName+"-write"),
		connClosed:  conn.NotifyClose(make(chan *amqp.Error, 1)),
		chClosed:    ch.NotifyClose(make(chan *amqp.Error, 1)),
		returns:     ch.NotifyReturn(make(chan amqp.Return, returnsBuffer)),
		blocks:      conn.NotifyBlocked(make(chan amqp.Blocking, 4)),
		watcherDone: make(chan struct{}),
		dead:        make(chan struct{}),
	}
	t.wg.Add(2)
	go func() {
		defer t.wg.Done()
		s.watchReturns()
	}()
	go func() {
		defer t.wg.Done()
		s.watchBlocked(t.pub)
	}()
	return s, nil
}

// watchBlocked follows connection.blocked/unblocked until amqp091 closes
// the notification channel (connection closed) and tells the publisher,
// which holds deliveries while the write connection is blocked.
func (s *writeSession) watchBlocked(p *publisher) {
	for b := range s.blocks {
		s.blocked.Store(b.Active)
		if b.Active {
			s.log.WithField("reason", b.Reason).Warn("amqpbus: write connection blocked by the broker (resource alarm); holding new deliveries")
		} else {
			s.log.Info("amqpbus: write connection unblocked; resuming deliveries")
		}
		p.setBlocked(s, b.Active)
	}
}

// returnsSweep is how often the sweeper matches returns no publisher has
// collected (those of publishes whose caller stopped waiting), so that the
// buffer never fills and amqp091 never drops a return.
const returnsSweep = 50 * time.Millisecond

// watchReturns sweeps the returns channel until the session is withdrawn
// or amqp091 closes the channel.
func (s *writeSession) watchReturns() {
	defer close(s.watcherDone)
	t := time.NewTicker(returnsSweep)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if !s.drainReturns() {
				return
			}
		case <-s.dead:
			s.drainReturns()
			return
		}
	}
}

// drainReturns matches every return amqp091 has handed over so far. It
// reports false once the returns channel is closed. A publisher calls it
// after its confirm: RabbitMQ sends basic.return before the basic.ack of
// the same publish, and amqp091 hands the return over before it resolves
// the deferred confirmation, so the publisher's return, if any, is then in
// the buffer or already matched by whoever held returnsMu.
func (s *writeSession) drainReturns() bool {
	s.returnsMu.Lock()
	defer s.returnsMu.Unlock()
	for {
		select {
		case r, ok := <-s.returns:
			if !ok {
				return false
			}
			s.noteReturn(r)
		default:
			return true
		}
	}
}

func (s *writeSession) track(exchange, key string, p amqp.Publishing) *pendingPublish {
	pp := &pendingPublish{
		exchange:  exchange,
		key:       key,
		messageID: p.MessageId,
		headers:   p.Headers,
		body:      p.Body,
	}
	s.mu.Lock()
	s.pending = append(s.pending, pp)
	s.mu.Unlock()
	return pp
}

func (s *writeSession) untrack(pp *pendingPublish) *amqp.Return {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, p := range s.pending {
		if p == pp {
			s.pending = append(s.pending[:i], s.pending[i+1:]...)
			break
		}
	}
	return pp.returned
}

// noteReturn marks the oldest matching pending publish as returned. Returns
// arrive in publish order, so among identical publishes the oldest unmarked
// one is the right one.
func (s *writeSession) noteReturn(r amqp.Return) {
	headerID := fmt.Sprint(r.Headers["messageId"])
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.pending {
		if p.returned == nil && p.exchange == r.Exchange && p.key == r.RoutingKey &&
			p.messageID == r.MessageId && fmt.Sprint(p.headers["messageId"]) == headerID && bytes.Equal(p.body, r.Body) {
			p.returned = &r
			return
		}
	}
	s.log.WithFields(logrus.Fields{"exchange": r.Exchange, "routing_key": r.RoutingKey, "reply_code": r.ReplyCode}).
		Warn("amqpbus: broker returned a message whose publisher no longer waits")
}

// wait blocks until the session's channel or connection closes, or stop is
// done, and reports the cause (nil for stop or a clean close).
func (s *writeSession) wait(stop <-chan struct{}) *amqp.Error {
	select {
	case e := <-s.connClosed:
		return e
	case e := <-s.chClosed:
		return e
	case <-stop:
		return nil
	}
}

// close releases the connection and waits for the return watcher. A
// blocked connection is not read by the broker, so its close-ok never
// comes: it gets a short deadline instead of the usual one.
func (s *writeSession) close() {
	if s.blocked.Load() {
		closeConnWithin(s.conn, blockedCloseTimeout)
	} else {
		closeConn(s.conn)
	}
	<-s.watcherDone
}
