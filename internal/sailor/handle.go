package sailor

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sirupsen/logrus"
)

// run is the life of one delivery: decoded input, the emitter handed to the
// handler, and what settles it.
type run struct {
	s     *Sailor
	d     *Delivery
	in    inbound
	msg   *Message // nil when the delivery could not be decoded
	base  map[string]any
	log   *logrus.Entry
	cfg   map[string]any
	plain []byte // decrypted input, for errorInput of v2 deliveries

	// work is the context Handle got: it ends only at the shutdown
	// deadline (a message deadline ends the handler's context, not this).
	work  context.Context
	start time.Time
	// failure names a failure before the handler ran (decode, object
	// storage), for the settlement line.
	failure string

	errCount     atomic.Int32
	rebound      atomic.Bool
	reboundLimit atomic.Bool
	// leftToBroker is set when a publish failed because the work context
	// ended (shutdown deadline): the delivery is then not settled, so the
	// broker hands it out again instead of it being lost.
	leftToBroker atomic.Bool
	// requeue is set when a publish was not confirmed within the publish
	// timeout (a broker that blocks publishers): the delivery is requeued.
	requeue atomic.Bool

	mu    sync.Mutex
	ended bool
	emits sync.WaitGroup
}

// Handle processes one delivery to the end and settles it. It never panics
// and never settles twice.
func (s *Sailor) Handle(ctx context.Context, d *Delivery) {
	start := s.clock.Now()
	in := readInbound(d.Headers)
	r := &run{s: s, d: d, in: in, base: s.baseHeaders(in, start), work: ctx, start: start}
	r.log = s.log.WithFields(logrus.Fields{
		"threadId": r.base[hdrThreadID], "messageId": in.messageID, "parentMessageId": in.parentMessageID,
		"deliveryTag": d.DeliveryTag, "consumerTag": d.ConsumerTag, "redelivered": d.Redelivered,
		"function": s.settings.Function, "reboundIteration": in.reboundIteration,
	})
	msg, err := s.decode(d, in, r)
	if err != nil {
		r.log.WithError(err).Error("cannot decode the delivery")
		r.failure = "decode error"
		r.reportError(ctx, err)
		r.settle(nil)
		return
	}
	r.msg = msg
	if s.autoResolve {
		if err := r.resolveObjects(ctx, msg); err != nil {
			r.log.WithError(err).Error("cannot fetch the message body from object storage")
			r.failure = "object storage error"
			r.reportError(context.WithoutCancel(ctx), err)
			r.settle(nil)
			return
		}
	}
	r.cfg = deepCopyMap(s.step.Config)
	if r.cfg == nil {
		r.cfg = map[string]any{}
	}
	req := &Request{
		Message:   msg,
		Config:    r.cfg,
		Snapshot:  s.Snapshot(),
		Variables: deepCopyMap(s.step.Variables),
		Keys:      accountKeys{accounts: s.accounts, cfg: r.cfg, stored: s.storedConfig},
		Logger: s.componentLog.WithFields(logrus.Fields{
			"threadId": r.base[hdrThreadID], "messageId": in.messageID, "parentMessageId": in.parentMessageID,
		}),
	}
	hctx := ctx
	if s.settings.MessageTimeout > 0 {
		var cancel context.CancelFunc
		hctx, cancel = context.WithTimeout(ctx, s.settings.MessageTimeout)
		defer cancel()
	}
	herr := r.call(hctx, req)
	if ctx.Err() != nil {
		// The shutdown deadline cut the handler short: whatever it
		// returned, the message is not done, so it goes back to the broker
		// rather than being reported as failed.
		r.leftToBroker.Store(true)
	}
	r.settle(herr)
}

// call runs the handler; a panic becomes an error for this message only.
func (r *run) call(ctx context.Context, req *Request) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = &PanicError{Value: v, Stack: string(debug.Stack())}
		}
	}()
	return r.s.handler.Process(ctx, req, r)
}

// settle ends the message: the handler's error, if not yet reported, is
// published; the emits still running are awaited; then the delivery is
// acked when nothing went wrong, rejected (without requeue) when an error
// was reported, requeued when a publish timed out, and left unsettled when
// the shutdown deadline cut it short. Exactly one settlement line is logged.
func (r *run) settle(herr error) {
	ctx := context.WithoutCancel(context.Background())
	if herr != nil && !isReported(herr) && !r.givenBack() {
		r.reportError(ctx, herr)
	}
	r.mu.Lock()
	r.ended = true
	r.mu.Unlock()
	r.emits.Wait()

	log := r.log
	extra := logrus.Fields{}
	if herr != nil {
		extra[logrus.ErrorKey] = herr.Error()
		var pe *PanicError
		if errors.As(herr, &pe) {
			extra["stack"] = pe.Stack
		}
	}
	if r.leftToBroker.Load() {
		logUnsettled(log.WithFields(extra), r.d, "cut short by the shutdown deadline", r.start)
		r.s.inflight.abandon(r.d)
		return
	}
	how, reason := settleAck, "ok"
	switch {
	case r.requeue.Load():
		how, reason = settleRequeue, "publish timeout"
	case r.errCount.Load() > 0:
		how = settleReject
		extra["errors"] = r.errCount.Load()
		switch {
		case r.failure != "":
			reason = r.failure
		case herr != nil && errors.As(herr, new(*PanicError)):
			reason = "handler panic"
		case herr != nil:
			reason = "handler error"
		default:
			reason = "error emitted"
		}
	case r.reboundLimit.Load():
		reason = "rebound limit exceeded"
	case r.rebound.Load():
		reason = "rebound"
	}
	stale := settleDelivery(log, r.d, how, reason, r.start, extra)
	r.s.inflight.finish(r.d, how, stale)
}

// givenBack tells whether the delivery goes back to the broker (requeued or
// left unsettled) rather than being settled as processed.
func (r *run) givenBack() bool { return r.leftToBroker.Load() || r.requeue.Load() }

// reportCtx is the context an error report uses: the emit's own, unless it
// already ended while the work goes on (the message deadline passed), in
// which case the report is still made.
func (r *run) reportCtx(ctx context.Context) context.Context {
	if ctx.Err() != nil && r.work.Err() == nil {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// begin registers an emit; it fails once the handler has returned.
func (r *run) begin() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ended {
		return errors.New("sailor: emit after the handler returned")
	}
	r.emits.Add(1)
	return nil
}

// failed records why a publish failed: the work context ending (shutdown
// deadline) gives the message back to the broker unsettled; a publish the
// broker did not confirm within the publish timeout requeues it. Any other
// failure, including the message deadline, is an error of the message.
func (r *run) failed(err error) {
	switch {
	case r.work.Err() != nil:
		r.leftToBroker.Store(true)
	case errors.Is(err, ErrPublishTimeout):
		r.requeue.Store(true)
	}
}

// decode turns a delivery into the message the handler sees
// (sailor-protocol.md 5.3, 7.6).
func (s *Sailor) decode(d *Delivery, in inbound, r *run) (*Message, error) {
	if d.Headers == nil {
		return nil, errors.New("sailor: delivery has no AMQP headers")
	}
	var msg *Message
	if s.settings.InputFormat == "error" {
		m, err := s.decodeErrorInput(d)
		if err != nil {
			return nil, err
		}
		msg = m
	} else {
		plain, err := s.cipher.DecodeBody(d.Body, in.protocolVersion)
		if err != nil {
			return nil, nodeErrorf(err, "Failed to decrypt message: %v", err)
		}
		r.plain = plain
		msg = &Message{}
		// Not json.Unmarshal, which would scan the whole body to validate
		// it first; decode validates in its one pass and keeps the
		// plaintext, which is this message's own, without copying it.
		if err := msg.decode(plain); err != nil {
			return nil, nodeErrorf(err, "Failed to parse message: %v", err)
		}
	}
	if msg.Headers == nil {
		msg.Headers = map[string]any{}
	}
	if in.replyTo != "" {
		msg.Headers[hdrReplyTo] = in.replyTo
	}
	return msg, nil
}

// decodeErrorInput reads an error envelope for a custom error handler step
// (ELASTICIO_INPUT_FORMAT=error): its error and errorInput are always
// base64 and are decrypted in place; any other key of the envelope stays
// in the body as it came, as the Node sailor keeps it.
func (s *Sailor) decodeErrorInput(d *Delivery) (*Message, error) {
	var body map[string]json.RawMessage
	if err := json.Unmarshal(d.Body, &body); err != nil {
		return nil, fmt.Errorf("sailor: error envelope: %w", err)
	}
	for _, key := range [...]string{"error", "errorInput"} {
		raw, ok := body[key]
		if !ok {
			continue
		}
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			return nil, fmt.Errorf("sailor: error envelope: %s is not a string", key)
		}
		if text == "" {
			continue
		}
		plain, err := s.cipher.DecryptBase64(text)
		if err == nil && !validJSON(plain) {
			err = fmt.Errorf("%s is not JSON", key)
		}
		if err != nil {
			return nil, nodeErrorf(err, "Failed to decrypt message: %v", err)
		}
		body[key] = plain
	}
	raw := appendRawObject(nil, body)
	headers := make(map[string]any, len(d.Headers))
	for k, v := range d.Headers {
		headers[k] = v
	}
	return &Message{Body: raw, Headers: headers}, nil
}

// errorInput is the encrypted original message of an error event: the
// body text itself for a v1 delivery, re-encoded as base64 for a v2 one.
func (r *run) errorInput() string {
	if r.in.protocolVersion < 2 {
		return string(r.d.Body)
	}
	if r.plain != nil {
		return r.s.cipher.EncryptToBase64(r.plain)
	}
	// Undecryptable v2 bytes: keep them, base64-wrapped, so nothing is lost.
	return base64.StdEncoding.EncodeToString(r.d.Body)
}

// AccountKeys returns the KeysUpdater that stores keys for the account
// (cfg._account) of a step configuration through accounts: what hooks and
// service calls get. A handler's Request.Keys can also read the stored
// configuration again (KeysReader).
func AccountKeys(accounts AccountUpdater, cfg map[string]any) KeysUpdater {
	return accountKeys{accounts: accounts, cfg: cfg}
}

type accountKeys struct {
	accounts AccountUpdater
	cfg      map[string]any
	stored   func(ctx context.Context) (map[string]any, error)
}

func (a accountKeys) StoredConfig(ctx context.Context) (map[string]any, error) {
	if a.stored == nil {
		return nil, ErrNoStoredConfig
	}
	cfg, err := a.stored(ctx)
	if err != nil {
		return nil, fmt.Errorf("sailor: read the stored step configuration: %w", err)
	}
	return cfg, nil
}

func (a accountKeys) UpdateKeys(ctx context.Context, keys map[string]any) error {
	if a.accounts == nil {
		return errors.New("sailor: update keys: no platform API to store them")
	}
	account := headerString(a.cfg["_account"])
	if account == "" {
		return errors.New("sailor: update keys: the step config has no _account")
	}
	if err := a.accounts.UpdateAccount(ctx, account, keys); err != nil {
		return fmt.Errorf("sailor: update keys: %w", err)
	}
	return nil
}
