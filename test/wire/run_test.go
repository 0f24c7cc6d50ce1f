//go:build nodewire

package wire_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// Waits, generous for a loaded two-core machine: a healthy run takes well
// under a second for Go and about one for Node.
const (
	attachTimeout = 30 * time.Second // process start to consumer on the input queue
	outputTimeout = 10 * time.Second // input published to the outputs a scenario expects
	stopTimeout   = 10 * time.Second // SIGTERM to exit
)

// sailor is one side of the comparison: how to start it. Both get the same
// environment; only the program (and, for Node, the component directory
// it runs in) differ.
type sailor struct {
	name string
	cmd  func(env []string) *exec.Cmd
}

func goSailor() sailor {
	return sailor{name: "go", cmd: func(env []string) *exec.Cmd {
		cmd := exec.Command(goBinary, "run")
		cmd.Env = env
		return cmd
	}}
}

// nodeSailor starts the sailor the way its image does: node run.js in the
// component's directory (COMPONENT_PATH defaults to the working directory).
func nodeSailor() sailor {
	return sailor{name: "node", cmd: func(env []string) *exec.Cmd {
		cmd := exec.Command(nodeBinary, "node_modules/elasticio-sailor-nodejs/run.js")
		cmd.Dir = nodeDir
		cmd.Env = env
		return cmd
	}}
}

// topology is one scenario's exchange and queues, as the platform lays
// them out for a step: an input queue, a direct exchange the step
// publishes to, a queue per routing key. Every output queue is bound with
// its own name as the routing key. The input queue dead-letters into
// another queue, so that a rejected input can be told from an acked one.
type topology struct {
	exchange, input, dead                          string
	data, routed, errors, rebound, snapshot, reply string
	// capped refuses every publish (length 0, reject-publish): the broker
	// nacks what is routed to it. Its routing key also reaches the data
	// queue, which so keeps a copy of every attempt.
	capped string
}

func newTopology(scenario string) topology {
	p := "wire." + scenario + "." + strings.ToLower(rand.Text()[:10])
	return topology{
		exchange: p + ".exchange", input: p + ".in", dead: p + ".dead",
		data: p + ".data", routed: p + ".routed", errors: p + ".error",
		rebound: p + ".rebound", snapshot: p + ".snapshot", reply: p + ".reply",
		capped: p + ".capped",
	}
}

// outputs names the queues a sailor publishes into, with the label its
// messages get in the comparison.
func (t topology) outputs() []struct{ queue, label string } {
	return []struct{ queue, label string }{
		{t.data, "data"}, {t.routed, "data"}, {t.errors, "error"},
		{t.rebound, "rebound"}, {t.snapshot, "snapshot"}, {t.reply, "reply"},
	}
}

func (t topology) declare(ch *amqp.Channel) error {
	if err := ch.ExchangeDeclare(t.exchange, "direct", false, false, false, false, nil); err != nil {
		return err
	}
	if _, err := ch.QueueDeclare(t.dead, false, false, false, false, nil); err != nil {
		return err
	}
	if _, err := ch.QueueDeclare(t.input, false, false, false, false, amqp.Table{
		"x-dead-letter-exchange": "", "x-dead-letter-routing-key": t.dead,
	}); err != nil {
		return err
	}
	for _, o := range t.outputs() {
		if _, err := ch.QueueDeclare(o.queue, false, false, false, false, nil); err != nil {
			return err
		}
		if err := ch.QueueBind(o.queue, o.queue, t.exchange, false, nil); err != nil {
			return err
		}
	}
	if _, err := ch.QueueDeclare(t.capped, false, false, false, false, amqp.Table{
		"x-max-length": int32(0), "x-overflow": "reject-publish",
	}); err != nil {
		return err
	}
	if err := ch.QueueBind(t.capped, t.capped, t.exchange, false, nil); err != nil {
		return err
	}
	return ch.QueueBind(t.data, t.capped, t.exchange, false, nil)
}

// remove deletes what declare made, on a connection of its own: the
// scenario's may have died with the broker. It tries for a while, since a
// broker that only dropped connections keeps the queues.
func (t topology) remove() {
	deadline := time.Now().Add(30 * time.Second)
	for t.tryRemove() != nil && time.Now().Before(deadline) {
		time.Sleep(time.Second)
	}
}

func (t topology) tryRemove() error {
	conn, err := amqp.Dial(brokerURI)
	if err != nil {
		return err
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	for _, q := range []string{t.input, t.dead, t.data, t.routed, t.errors, t.rebound, t.snapshot, t.reply, t.capped} {
		if _, err := ch.QueueDelete(q, false, false, false); err != nil {
			return err
		}
	}
	return ch.ExchangeDelete(t.exchange, false, false)
}

// capture is what one sailor did with the scenario's input.
type capture struct {
	side      string
	outputs   []received
	settled   string // how the input ended: acked, rejected, or left in the queue
	exit      string // how the process ended after SIGTERM
	logs      string // what it wrote to stdout and stderr
	api       []apiRequest
	sent      time.Time // just before the input was published
	collected time.Time // after the process exited
}

// received is one published message, labelled by the queue it reached.
type received struct {
	label string
	d     amqp.Delivery
}

// brokerTrouble marks a failure caused by the broker going away (another
// engineer's restart), after which the scenario is run again.
type brokerTrouble struct{ err error }

func (e *brokerTrouble) Error() string { return "broker: " + e.err.Error() }
func (e *brokerTrouble) Unwrap() error { return e.err }

// lockedBuffer collects a process's output from two pipes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// tail is the end of a log, enough to see why a sailor failed.
func tail(s string) string {
	const limit = 4000
	if len(s) > limit {
		return "...\n" + s[len(s)-limit:]
	}
	return s
}

// runSide starts s, waits until it consumes, publishes the input, waits for
// the outputs the scenario expects, stops s with SIGTERM (both sailors
// finish the message in flight first) and then takes every message from
// every queue: once the process is gone, everything it published is there.
func runSide(ctx context.Context, s sailor, top topology, env []string, in input, w want, api *platform) (*capture, error) {
	conn, err := amqp.Dial(brokerURI)
	if err != nil {
		return nil, &brokerTrouble{err}
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return nil, &brokerTrouble{err}
	}
	if err := ch.Confirm(false); err != nil {
		return nil, &brokerTrouble{err}
	}
	closed := conn.NotifyClose(make(chan *amqp.Error, 1))
	// A failure is the broker's when the test's own connection dies with
	// it; the close can trail the failure it caused by a moment.
	amqpErr := func(err error) error {
		select {
		case <-closed:
			return &brokerTrouble{err}
		case <-time.After(200 * time.Millisecond):
			return err
		}
	}
	api.take()

	logs := &lockedBuffer{}
	cmd := s.cmd(env)
	cmd.Stdout, cmd.Stderr = logs, logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s sailor: %w", s.name, err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	stopped := ""
	stop := func() string {
		if stopped != "" {
			return stopped
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
			stopped = "exit status 0"
			if waitErr != nil {
				stopped = waitErr.Error()
			}
		case <-time.After(stopTimeout):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
			stopped = fmt.Sprintf("no exit within %s of SIGTERM (killed)", stopTimeout)
		}
		return stopped
	}
	defer stop()
	fail := func(err error) (*capture, error) {
		stop()
		return nil, fmt.Errorf("%s sailor: %w\n--- its log ---\n%s", s.name, err, tail(logs.String()))
	}

	c := &capture{side: s.name, sent: time.Now()}
	if !w.exitsAlone {
		if err := waitConsumer(ctx, ch, top.input, exited); err != nil {
			return fail(amqpErr(err))
		}
		c.sent = time.Now()
		conf, err := ch.PublishWithDeferredConfirmWithContext(ctx, "", top.input, true, false, in.publishing())
		if err != nil {
			return fail(amqpErr(err))
		}
		if ok, err := conf.WaitContext(ctx); err != nil || !ok {
			return fail(amqpErr(fmt.Errorf("input not confirmed by the broker: %v", err)))
		}
	}
	if err := waitOutputs(ctx, ch, top, w, exited); err != nil && !errors.Is(err, errShort) {
		return fail(amqpErr(err))
	}
	// A sailor that published fewer messages than expected is not an error
	// here: the comparison shows what is missing.

	c.exit = stop()
	c.logs = logs.String()
	c.collected = time.Now()
	// The broker gives back what a dead consumer left unsettled only once
	// it has seen its connection go; until then the input looks acked.
	if err := waitNoConsumer(ctx, ch, top.input); err != nil {
		return nil, amqpErr(err)
	}
	for _, o := range top.outputs() {
		for {
			d, ok, err := ch.Get(o.queue, true)
			if err != nil {
				return nil, amqpErr(err)
			}
			if !ok {
				break
			}
			c.outputs = append(c.outputs, received{label: o.label, d: d})
		}
	}
	left, err := ch.QueuePurge(top.input, false)
	if err != nil {
		return nil, amqpErr(err)
	}
	dead, err := ch.QueuePurge(top.dead, false)
	if err != nil {
		return nil, amqpErr(err)
	}
	switch {
	case w.exitsAlone:
		c.settled = "no input sent"
	case left > 0:
		c.settled = "left in the input queue (not acked nor rejected)"
	case dead > 0:
		c.settled = "rejected"
	default:
		c.settled = "acked"
	}
	c.api = api.take()
	return c, nil
}

var errShort = errors.New("fewer outputs than expected")

func waitConsumer(ctx context.Context, ch *amqp.Channel, queue string, exited <-chan struct{}) error {
	deadline := time.Now().Add(attachTimeout)
	for {
		q, err := ch.QueueDeclarePassive(queue, false, false, false, false, nil)
		if err != nil {
			return err
		}
		if q.Consumers > 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no consumer on the input queue within %s", attachTimeout)
		}
		select {
		case <-exited:
			return errors.New("exited before consuming")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func waitNoConsumer(ctx context.Context, ch *amqp.Channel, queue string) error {
	deadline := time.Now().Add(stopTimeout)
	for {
		q, err := ch.QueueDeclarePassive(queue, false, false, false, false, nil)
		if err != nil {
			return err
		}
		if q.Consumers == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the input queue still has a consumer %s after the sailor exited", stopTimeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// want is what a sailor is waited for before it is stopped.
type want struct {
	outputs  int  // messages in the output queues
	rejected bool // the input dead-lettered
	// exitsAlone: the sailor is expected to exit without consuming (a
	// failed start-up, the shutdown hook), so no input is sent and its
	// exit ends the wait.
	exitsAlone bool
}

// waitOutputs waits until w is met, or outputTimeout passed (errShort).
func waitOutputs(ctx context.Context, ch *amqp.Channel, top topology, w want, exited <-chan struct{}) error {
	deadline := time.Now().Add(outputTimeout)
	for {
		n := 0
		for _, o := range top.outputs() {
			q, err := ch.QueueDeclarePassive(o.queue, false, false, false, false, nil)
			if err != nil {
				return err
			}
			n += q.Messages
		}
		dead, err := ch.QueueDeclarePassive(top.dead, false, false, false, false, nil)
		if err != nil {
			return err
		}
		if n >= w.outputs && (!w.rejected || dead.Messages > 0) && !w.exitsAlone {
			return nil
		}
		if time.Now().After(deadline) {
			return errShort
		}
		select {
		case <-exited:
			if w.exitsAlone {
				return nil
			}
			return errors.New("exited while processing the input")
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
