package amqpbus

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/sirupsen/logrus"
)

// ErrClosed is returned by Publish and Consume after Close.
var ErrClosed = errors.New("amqpbus: transport closed")

var _ sailor.Transport = (*Transport)(nil)

// Transport is a sailor.Transport over RabbitMQ. It is safe for concurrent
// use: Publish may be called from many goroutines, and settlements may run
// concurrently with consumption. Create it with Dial and release it with
// Close.
type Transport struct {
	cfg    Config
	secret string
	log    *logrus.Entry
	back   backoff

	// base is cancelled by Close; every goroutine and wait of the transport
	// watches it.
	base       context.Context
	cancelBase context.CancelFunc
	closeOnce  sync.Once
	wg         sync.WaitGroup

	pub *publisher

	mu     sync.Mutex
	closed bool
	reads  map[*readSession]struct{}
}

// Dial validates cfg, opens the write connection (retrying with back-off for
// up to cfg.ReconnectMaxWait, or until ctx is done) and returns a Transport
// that keeps it open, reconnecting as needed, until Close. The read
// connection is opened by Consume.
func Dial(ctx context.Context, cfg Config) (*Transport, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	base, cancel := context.WithCancel(context.Background())
	t := &Transport{
		cfg:        cfg,
		secret:     uriSecret(cfg.URI),
		log:        cfg.Logger.WithField("uri", sanitiseURI(cfg.URI)),
		back:       newBackoff(cfg.ReconnectInitial, cfg.ReconnectMax),
		base:       base,
		cancelBase: cancel,
		reads:      make(map[*readSession]struct{}),
	}
	t.pub = newPublisher(t)

	var first *writeSession
	err = t.retry(ctx, "write", false, cfg.ReconnectMaxWait, func(ctx context.Context, initial bool) error {
		s, err := t.openWrite(ctx)
		if err != nil {
			return classifyDial(err, initial)
		}
		first = s
		return nil
	})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("amqpbus: dial: %w", err)
	}
	t.wg.Add(1)
	go t.pub.run(first)
	return t, nil
}

// Close cancels consumption, closes the channels and connections and waits
// for the transport's goroutines to exit. Settlements after Close return
// sailor.ErrStaleDelivery and are not sent (the broker requeues those
// messages); pending publishes fail. Close is idempotent and always returns
// nil.
func (t *Transport) Close() error {
	t.closeOnce.Do(func() {
		t.cancelBase()
		t.mu.Lock()
		t.closed = true
		reads := t.reads
		t.reads = nil
		t.mu.Unlock()
		for rs := range reads {
			rs.close()
		}
		t.wg.Wait()
	})
	return nil
}

// track registers a read session so Close can release it; it fails, closing
// the session, when the transport is already closed.
func (t *Transport) track(rs *readSession) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		rs.close()
		return ErrClosed
	}
	t.reads[rs] = struct{}{}
	return nil
}

func (t *Transport) untrack(rs *readSession) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.reads, rs)
}

// scoped returns ctx also cancelled by Close.
func (t *Transport) scoped(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(t.base, cancel)
	return ctx, func() {
		stop()
		cancel()
	}
}

// redact scrubs the URI password from err.
func (t *Transport) redact(err error) error {
	return redact(err, t.secret)
}
