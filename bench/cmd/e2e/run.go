package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
)

// The secrets of the Node sailor's integration tests; any would do.
const (
	cryptoPassword = "testCryptoPassword"
	cryptoIV       = "iv=any16_symbols"
	seqHeader      = "x-eio-meta-bench-seq"
)

// scenario is one row group of the table.
type scenario struct {
	Name     string
	Size     int // bytes of the message body's JSON
	Prefetch int
	N        int  // messages under load
	Window   int  // messages in flight under load
	Throttle bool // keep the default throttles (otherwise lifted)
}

// impl is a worker under test.
type impl struct {
	Name string
	Cmd  func(env []string) *exec.Cmd
	// Env is added to the platform's env (profiling switches).
	Env func(run string) []string
}

// result is what one run measured.
type result struct {
	Throughput float64 // messages/s under load
	Done       int     // messages under load: n, or fewer when -load-time ran out
	LoadP50    time.Duration
	LoadP99    time.Duration
	SeqP50     time.Duration
	SeqP99     time.Duration
	PeakRSS    int64         // bytes, VmHWM at the end
	CPUPerMsg  time.Duration // utime+stime during the load phase / Done
	BrokerCPU  time.Duration // the same of the local broker, 0 when not found
	// Steal is the share of the machine's CPU time the hypervisor took
	// during the load phase (-1 when /proc/stat has no steal column).
	Steal        float64
	Attach       time.Duration // process start to consumer attached
	FirstOutput  time.Duration // process start to first data output
	Errors       int64         // error events seen
	OutputChecks string
}

type runner struct {
	uri     string
	seq     int           // one-at-a-time messages
	timeout time.Duration // per phase
	// loadTime bounds the load phase, so that n can be large enough for
	// the fast workers without a slow one taking minutes.
	loadTime time.Duration
	cipher   *cipher.Cipher
	api      *fakePlatform
	logDir   string
	verbose  bool
	// extraEnv is added to every worker's environment (-worker-env).
	extraEnv []string
}

func randomID() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%x", b)
}

// topology is one step's queues and exchange on the broker, uniquely named.
type topology struct {
	id, queue, exchange, dataKey, errorKey, dataQueue, errorQueue string
}

func newTopology() topology {
	id := randomID()
	p := "bench." + id
	return topology{
		id: id, queue: p + ".in", exchange: p + ".exchange",
		dataKey: p + ".data", errorKey: p + ".error",
		dataQueue: p + ".data.q", errorQueue: p + ".error.q",
	}
}

func (t topology) declare(ch *amqp.Channel) error {
	if err := ch.ExchangeDeclare(t.exchange, "direct", false, false, false, false, nil); err != nil {
		return err
	}
	for _, q := range []string{t.queue, t.dataQueue, t.errorQueue} {
		if _, err := ch.QueueDeclare(q, false, false, false, false, nil); err != nil {
			return err
		}
	}
	if err := ch.QueueBind(t.dataQueue, t.dataKey, t.exchange, false, nil); err != nil {
		return err
	}
	return ch.QueueBind(t.errorQueue, t.errorKey, t.exchange, false, nil)
}

// remove deletes what declare created, and nothing else.
func (t topology) remove(conn *amqp.Connection) {
	ch, err := conn.Channel()
	if err != nil {
		return
	}
	defer ch.Close()
	for _, q := range []string{t.queue, t.dataQueue, t.errorQueue} {
		_, _ = ch.QueueDelete(q, false, false, false)
	}
	_ = ch.ExchangeDelete(t.exchange, false, false)
}

// env is the platform's environment for the step.
func (r *runner) env(t topology, sc scenario) []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"ELASTICIO_FLOW_ID=bench-flow-" + t.id, "ELASTICIO_EXEC_ID=bench-exec",
		"ELASTICIO_STEP_ID=step_2", "ELASTICIO_CONTAINER_ID=bench-container",
		"ELASTICIO_WORKSPACE_ID=bench-ws", "ELASTICIO_USER_ID=bench-user",
		"ELASTICIO_COMP_ID=bench-comp", "ELASTICIO_FUNCTION=passthrough",
		"ELASTICIO_API_URI=" + r.api.URL(), "ELASTICIO_API_USERNAME=task-bench",
		"ELASTICIO_API_KEY=bench-key", "ELASTICIO_AMQP_URI=" + r.uri,
		"ELASTICIO_LISTEN_MESSAGES_ON=" + t.queue, "ELASTICIO_PUBLISH_MESSAGES_TO=" + t.exchange,
		"ELASTICIO_DATA_ROUTING_KEY=" + t.dataKey, "ELASTICIO_ERROR_ROUTING_KEY=" + t.errorKey,
		"ELASTICIO_REBOUND_ROUTING_KEY=" + t.errorKey + ".rebound",
		"ELASTICIO_SNAPSHOT_ROUTING_KEY=" + t.errorKey + ".snapshot",
		"ELASTICIO_MESSAGE_CRYPTO_IV=" + cryptoIV, "ELASTICIO_MESSAGE_CRYPTO_PASSWORD=" + cryptoPassword,
		"ELASTICIO_RABBITMQ_PREFETCH_SAILOR=" + strconv.Itoa(sc.Prefetch),
	}
	env = append(env, r.extraEnv...)
	if level := os.Getenv("BENCH_LOG_LEVEL"); level != "" {
		// To measure what logging costs: the same run at another level.
		env = append(env, "LOG_LEVEL="+level)
	}
	if !sc.Throttle {
		// Lifted, as in the Node figures: 10,000 per millisecond.
		// (0 cannot switch a throttle off: parseInt(x) || default.)
		env = append(env,
			"ELASTICIO_DATA_RATE_LIMIT=10000", "ELASTICIO_ERROR_RATE_LIMIT=10000",
			"ELASTICIO_SNAPSHOT_RATE_LIMIT=10000", "ELASTICIO_RATE_INTERVAL=1")
	}
	return env
}

// message is the plaintext of an input: a message object whose body JSON
// is size bytes long.
func message(size int) (plain, body []byte) {
	const skeleton = `{"pad":""}`
	pad := max(size-len(skeleton), 0)
	body = []byte(`{"pad":"` + string(bytes.Repeat([]byte{'x'}, pad)) + `"}`)
	msg := sailor.Message{
		ID: sailor.NewUUID(), Attachments: json.RawMessage(`{}`), Body: body,
		Headers: map[string]any{}, Metadata: json.RawMessage(`{}`),
	}
	plain, _ = json.Marshal(msg)
	return plain, body
}

// headers are what the platform puts on a delivery from step_1.
func (r *runner) headers(t topology, seq int) amqp.Table {
	now := time.Now().UnixMilli()
	return amqp.Table{
		"execId": "bench-exec", "taskId": "bench-flow-" + t.id, "userId": "bench-user",
		"workspaceId": "bench-ws", "containerId": "bench-container-1", "stepId": "step_1",
		"compId": "bench-comp-1", "function": "trigger", "threadId": sailor.NewUUID(),
		"messageId": sailor.NewUUID(), "parentMessageId": sailor.NewUUID(),
		"protocolVersion": int8(1), "start": now, "end": now,
		seqHeader: int64(seq),
	}
}

func intOf(v any) (int, bool) {
	switch x := v.(type) {
	case int8:
		return int(x), true
	case int16:
		return int(x), true
	case int32:
		return int(x), true
	case int64:
		return int(x), true
	case int:
		return x, true
	case uint8:
		return int(x), true
	case uint16:
		return int(x), true
	case uint32:
		return int(x), true
	case float64:
		return int(x), true
	case string:
		n, err := strconv.Atoi(x)
		return n, err == nil
	}
	return 0, false
}

// one runs a scenario once against im and returns what it measured.
func (r *runner) one(ctx context.Context, im impl, sc scenario, runName string) (res result, err error) {
	conn, err := amqp.Dial(r.uri)
	if err != nil {
		return res, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	t := newTopology()
	setup, err := conn.Channel()
	if err != nil {
		return res, err
	}
	defer t.remove(conn)
	if err := t.declare(setup); err != nil {
		return res, fmt.Errorf("declare: %w", err)
	}

	total := 1 + r.seq + sc.N
	sent := make([]atomic.Int64, total)
	got := make([]atomic.Int64, total)
	arrived := make(chan int, total)
	var firstOut atomic.Value // amqp.Delivery of seq 0
	var errorsSeen atomic.Int64

	cons, err := conn.Channel()
	if err != nil {
		return res, err
	}
	outs, err := cons.Consume(t.dataQueue, "", true, true, false, false, nil)
	if err != nil {
		return res, err
	}
	errs, err := cons.Consume(t.errorQueue, "", true, true, false, false, nil)
	if err != nil {
		return res, err
	}
	go func() {
		for d := range outs {
			now := time.Now().UnixNano()
			seq, ok := intOf(d.Headers[seqHeader])
			if !ok || seq < 0 || seq >= total || !got[seq].CompareAndSwap(0, now) {
				continue
			}
			if seq == 0 {
				firstOut.Store(d)
			}
			arrived <- seq
		}
	}()
	go func() {
		for range errs {
			errorsSeen.Add(1)
		}
	}()

	pub, err := conn.Channel()
	if err != nil {
		return res, err
	}
	// One encrypted body serves every message of the run (the headers make
	// each unique), so the benchmark's own CPU stays small next to the
	// worker's on a 2-core machine.
	plain, inBody := message(sc.Size)
	enc := r.cipher.EncodeBody(plain, 1)
	send := func(seq int) error {
		sent[seq].Store(time.Now().UnixNano())
		return pub.PublishWithContext(ctx, "", t.queue, false, false, amqp.Publishing{
			Headers: r.headers(t, seq), ContentType: "application/json", ContentEncoding: "utf8",
			DeliveryMode: 1, Body: enc,
		})
	}
	wait := func(deadline time.Duration) (int, error) {
		select {
		case seq := <-arrived:
			return seq, nil
		case <-time.After(deadline):
			return 0, fmt.Errorf("no output within %s (errors seen: %d)", deadline, errorsSeen.Load())
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}

	// Cold start: a message waits in the queue before the process starts.
	if err := send(0); err != nil {
		return res, err
	}
	env := r.env(t, sc)
	if im.Env != nil {
		env = append(env, im.Env(runName)...)
	}
	cmd := im.Cmd(env)
	logPath := filepath.Join(r.logDir, runName+".log")
	logf, err := os.Create(logPath)
	if err != nil {
		return res, err
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	exited := make(chan error, 1)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return res, fmt.Errorf("start %s: %w", im.Name, err)
	}
	go func() { exited <- cmd.Wait() }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	}
	defer stop()
	fail := func(e error) (result, error) {
		stop()
		tail, _ := os.ReadFile(logPath)
		if len(tail) > 2000 {
			tail = tail[len(tail)-2000:]
		}
		return res, fmt.Errorf("%s: %w\n--- worker log tail ---\n%s", im.Name, e, tail)
	}

	poll, err := conn.Channel()
	if err != nil {
		return fail(err)
	}
	for {
		q, err := poll.QueueDeclarePassive(t.queue, false, false, false, false, nil)
		if err != nil {
			return fail(fmt.Errorf("poll consumers: %w", err))
		}
		if q.Consumers > 0 {
			res.Attach = time.Since(start)
			break
		}
		select {
		case e := <-exited:
			return fail(fmt.Errorf("worker exited before consuming: %v", e))
		case <-time.After(time.Millisecond):
		}
		if time.Since(start) > r.timeout {
			return fail(errors.New("worker did not attach a consumer"))
		}
	}
	if _, err := wait(r.timeout); err != nil {
		return fail(err)
	}
	res.FirstOutput = time.Duration(got[0].Load() - start.UnixNano())
	if d, ok := firstOut.Load().(amqp.Delivery); ok {
		res.OutputChecks = r.check(d, inBody)
	}

	// Under load: as many messages in flight as the prefetch (the issue's
	// method; it reproduces its Node figures). -window sets a deeper one,
	// which lets a worker overlap one message's confirm with the next one's
	// delivery; BENCHMARKS.md says what that changes.
	pid := cmd.Process.Pid
	cpu0, err := cpuTime(pid)
	if err != nil {
		return fail(err)
	}
	broker := brokerPID()
	brokerCPU0, brokerErr := cpuTime(broker)
	steal0, stealErr := stolenTime()
	window := sc.Window
	last := sc.N
	inFlight, next, done := 0, 1, 0
	loadStart := time.Now()
	var loadLat []time.Duration
	for done < sc.N && (inFlight > 0 || next <= last) {
		if r.loadTime > 0 && time.Since(loadStart) > r.loadTime {
			last = next - 1 // send no more; what is in flight still counts
			if inFlight == 0 {
				break
			}
		}
		for inFlight < window && next <= last {
			if err := send(next); err != nil {
				return fail(err)
			}
			next++
			inFlight++
		}
		s, err := wait(r.timeout)
		if err != nil {
			return fail(err)
		}
		inFlight--
		done++
		loadLat = append(loadLat, time.Duration(got[s].Load()-sent[s].Load()))
	}
	loadEnd := time.Now()
	cpu1, err := cpuTime(pid)
	if err != nil {
		return fail(err)
	}
	brokerCPU1, brokerErr1 := cpuTime(broker)
	steal1, stealErr1 := stolenTime()
	if done == 0 {
		return fail(errors.New("no messages under load (-n 0?)"))
	}

	// One message at a time, after the load phase so that the worker is
	// warm: every worker's first few dozen messages are slower (the floor's
	// too), and with them in, one run's median could move by a third.
	seqLat := make([]time.Duration, 0, r.seq)
	for i := next; i < next+r.seq; i++ {
		if err := send(i); err != nil {
			return fail(err)
		}
		s, err := wait(r.timeout)
		if err != nil {
			return fail(err)
		}
		seqLat = append(seqLat, time.Duration(got[s].Load()-sent[s].Load()))
	}
	rss, err := peakRSS(pid)
	if err != nil {
		return fail(err)
	}
	stop()

	res.Throughput = float64(done) / loadEnd.Sub(loadStart).Seconds()
	res.Done = done
	res.LoadP50, res.LoadP99 = percentile(loadLat, 50), percentile(loadLat, 99)
	res.SeqP50, res.SeqP99 = percentile(seqLat, 50), percentile(seqLat, 99)
	res.CPUPerMsg = (cpu1 - cpu0) / time.Duration(done)
	if broker != 0 && brokerErr == nil && brokerErr1 == nil {
		res.BrokerCPU = (brokerCPU1 - brokerCPU0) / time.Duration(done)
	}
	res.Steal = -1
	if stealErr == nil && stealErr1 == nil {
		res.Steal = float64(steal1-steal0) / (float64(loadEnd.Sub(loadStart)) * float64(runtime.NumCPU()))
	}
	res.PeakRSS = rss
	res.Errors = errorsSeen.Load()
	if !r.verbose {
		_ = os.Remove(logPath)
	}
	return res, nil
}

// check decrypts the first output and compares its body with the input's.
func (r *runner) check(d amqp.Delivery, inBody []byte) string {
	plain, err := r.cipher.DecodeBody(d.Body, cipher.ProtocolVersion(d.Headers["protocolVersion"]))
	if err != nil {
		return "output not decryptable: " + err.Error()
	}
	var m sailor.Message
	if err := json.Unmarshal(plain, &m); err != nil {
		return "output not a message: " + err.Error()
	}
	var a, b any
	if json.Unmarshal(m.Body, &a) != nil || json.Unmarshal(inBody, &b) != nil {
		return "output body not JSON"
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		return "output body differs from input"
	}
	return ""
}

func percentile(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[min(max(i-1, 0), len(s)-1)]
}
