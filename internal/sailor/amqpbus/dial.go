package amqpbus

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// connect opens the AMQP connection for role. amqp091's handshake does not
// take a context, so the socket is closed when ctx ends, which aborts a dial
// or handshake stuck on an unresponsive broker.
func (t *Transport) connect(ctx context.Context, role string) (*amqp.Connection, error) {
	var (
		mu   sync.Mutex
		sock net.Conn
	)
	dial := func(network, addr string) (net.Conn, error) {
		var c net.Conn
		var err error
		if t.cfg.Dial != nil {
			c, err = t.cfg.Dial(network, addr)
		} else {
			d := net.Dialer{Timeout: dialTimeout}
			c, err = d.DialContext(ctx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		// The handshake gets a deadline; amqp091 clears it once open.
		if err := c.SetDeadline(time.Now().Add(dialTimeout)); err != nil {
			c.Close()
			return nil, err
		}
		mu.Lock()
		sock = c
		mu.Unlock()
		return c, nil
	}
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		if sock != nil {
			sock.Close()
		}
	})
	conn, err := amqp.DialConfig(t.cfg.URI, t.cfg.amqpConfig(role, dial))
	if !stop() {
		// ctx ended while dialing: the socket is (being) closed.
		if conn != nil {
			_ = conn.Close()
		}
		return nil, fmt.Errorf("open %s connection: %w", role, ctx.Err())
	}
	if err != nil {
		return nil, fmt.Errorf("open %s connection: %w", role, t.redact(err))
	}
	return conn, nil
}

// closeConn closes conn without waiting forever on a broker that stopped
// reading (amqp091 issue #178: close under a memory alarm).
func closeConn(conn *amqp.Connection) { closeConnWithin(conn, closeTimeout) }

func closeConnWithin(conn *amqp.Connection, d time.Duration) {
	if conn != nil && !conn.IsClosed() {
		_ = conn.CloseDeadline(time.Now().Add(d))
	}
}
