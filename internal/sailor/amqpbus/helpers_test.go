package amqpbus

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/test/faults"
	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	u, err := url.Parse(testURI())
	if err == nil {
		var c net.Conn
		c, err = net.DialTimeout("tcp", u.Host, 3*time.Second)
		if err == nil {
			c.Close()
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "amqpbus tests need a RabbitMQ broker at %s (set AMQP_TEST_URI): %v\n", sanitiseURI(testURI()), err)
		os.Exit(1)
	}
	goleak.VerifyTestMain(m)
}

func testURI() string {
	if u := os.Getenv("AMQP_TEST_URI"); u != "" {
		return u
	}
	return "amqp://guest:guest@127.0.0.1:5672/"
}

// uniqueName returns a name no other test run uses.
func uniqueName(prefix string) string {
	return "amqpbus-test-" + prefix + "-" + strings.ToLower(rand.Text()[:10])
}

// logBuffer collects log output for assertions.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func testLogger() (*logrus.Entry, *logBuffer) {
	buf := &logBuffer{}
	l := logrus.New()
	l.SetOutput(buf)
	l.SetLevel(logrus.DebugLevel)
	return logrus.NewEntry(l), buf
}

// testConfig is a Config with fast back-off and a unique connection name.
func testConfig(t *testing.T) (Config, *logBuffer) {
	t.Helper()
	log, buf := testLogger()
	return Config{
		URI:              testURI(),
		ConnectionName:   uniqueName("conn"),
		ReconnectInitial: 20 * time.Millisecond,
		ReconnectMax:     200 * time.Millisecond,
		ReconnectMaxWait: 10 * time.Second,
		Logger:           log,
	}, buf
}

func dialTransport(t *testing.T, cfg Config) *Transport {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	tr, err := Dial(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = tr.Close() })
	return tr
}

// admin is the test's own broker connection, used to declare and inspect
// topology (the transport never declares any).
type admin struct {
	t  *testing.T
	ch *amqp.Channel
}

func newAdmin(t *testing.T) *admin {
	t.Helper()
	conn, err := amqp.Dial(testURI())
	require.NoError(t, err, "connect to the test broker")
	ch, err := conn.Channel()
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close() })
	return &admin{t: t, ch: ch}
}

// queue declares a uniquely named queue that is deleted after the test.
func (a *admin) queue(prefix string, args amqp.Table) string {
	a.t.Helper()
	q, err := a.ch.QueueDeclare(uniqueName(prefix), false, false, false, false, args)
	require.NoError(a.t, err)
	a.t.Cleanup(func() { _, _ = a.ch.QueueDelete(q.Name, false, false, false) })
	return q.Name
}

// messages reports ready messages and consumers of queue.
func (a *admin) inspect(queue string) (messages, consumers int) {
	a.t.Helper()
	q, err := a.ch.QueueDeclarePassive(queue, false, false, false, false, nil)
	require.NoError(a.t, err)
	return q.Messages, q.Consumers
}

func (a *admin) send(queue, id string) {
	a.t.Helper()
	err := a.ch.PublishWithContext(a.t.Context(), "", queue, false, false, amqp.Publishing{
		Headers: amqp.Table{"messageId": id},
		Body:    []byte(id),
	})
	require.NoError(a.t, err)
}

// consumer runs Consume in the background and exposes its deliveries.
type consumer struct {
	deliveries chan *sailor.Delivery
	done       chan error
	cancel     context.CancelFunc
}

func startConsumer(t *testing.T, tr *Transport, queue string, prefetch int) *consumer {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	c := &consumer{deliveries: make(chan *sailor.Delivery, 100), done: make(chan error, 1), cancel: cancel}
	go func() {
		c.done <- tr.Consume(ctx, queue, prefetch, func(d *sailor.Delivery) { c.deliveries <- d })
	}()
	t.Cleanup(func() {
		cancel()
		_ = tr.Close()
		select {
		case <-c.done:
		case <-time.After(10 * time.Second):
			t.Error("Consume did not return after Close")
		}
	})
	return c
}

// consumingQueue declares a queue and returns it consumed with prefetch 1
// by a transport of its own, once the broker lists the consumer.
func consumingQueue(t *testing.T, prefix string) (*admin, string, *consumer) {
	t.Helper()
	a := newAdmin(t)
	q := a.queue(prefix, nil)
	cfg, _ := testConfig(t)
	c := startConsumer(t, dialTransport(t, cfg), q, 1)
	eventually(t, func() bool { _, n := a.inspect(q); return n == 1 }, "consumer registered")
	return a, q, c
}

func (c *consumer) next(t *testing.T) *sailor.Delivery {
	t.Helper()
	select {
	case d := <-c.deliveries:
		return d
	case err := <-c.done:
		require.FailNow(t, "Consume returned early", "%v", err)
	case <-time.After(10 * time.Second):
		require.FailNow(t, "no delivery within 10 s")
	}
	return nil
}

func (c *consumer) result(t *testing.T) error {
	t.Helper()
	select {
	case err := <-c.done:
		c.done <- err // let cleanup see it too
		return err
	case <-time.After(15 * time.Second):
		require.FailNow(t, "Consume did not return within 15 s")
	}
	return nil
}

// eventually polls cond for up to 10 s.
func eventually(t *testing.T, cond func() bool, msg string) {
	t.Helper()
	assert.Eventually(t, cond, 10*time.Second, 20*time.Millisecond, msg)
}

// rabbitmqctl runs the broker CLI; tests that need it fail clearly when it
// is missing.
var rabbitmqctl = faults.Rabbitmqctl

// connectionPIDs maps the connection_name of every broker connection whose
// name starts with prefix to its pid.
func connectionPIDs(t *testing.T, prefix string) map[string]string {
	t.Helper()
	out := rabbitmqctl(t, "-q", "list_connections", "pid", "client_properties")
	pids := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		pid, props, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		for _, role := range []string{"-read", "-write"} {
			if strings.Contains(props, `"`+prefix+role+`"`) {
				pids[prefix+role] = pid
			}
		}
	}
	return pids
}
