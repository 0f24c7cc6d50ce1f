package sailor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
)

const (
	contentType     = "application/json"
	contentEncoding = "utf8"
	// maxExpiration is RabbitMQ's ceiling for a per-message TTL (2^32-1 ms);
	// the Node sailor's 20th rebound asks for more and is refused.
	maxExpiration = 1<<32 - 1
)

func (r *run) props() Properties {
	p := Properties{ContentType: contentType, ContentEncoding: contentEncoding, DeliveryMode: 1}
	if r.s.settings.PersistentMessages {
		p.DeliveryMode = 2
	}
	return p
}

// eventHeaders is the base set plus a messageId of the event's own: unlike
// the Node sailor, which reuses one per input, every emitted message gets a
// new one so that downstream de-duplication cannot confuse siblings.
func (r *run) eventHeaders(extra int) map[string]any {
	h := copyHeaders(r.base, extra+1)
	h[hdrMessageID] = NewUUID()
	return h
}

// Data implements Emitter.
func (r *run) Data(ctx context.Context, msg *Message) error {
	if err := r.begin(); err != nil {
		return err
	}
	defer r.emits.Done()
	if err := r.publishData(ctx, msg); err != nil {
		return r.reportFailure(ctx, err)
	}
	return nil
}

func (r *run) publishData(ctx context.Context, msg *Message) error {
	if msg == nil {
		return errors.New("sailor: data: nil message")
	}
	st := r.s.settings
	out := msg.Clone()
	if out.Headers == nil {
		out.Headers = map[string]any{}
	}
	routingKey := st.DataRoutingKey
	routeHeader, v, routed := lookupFold(out.Headers, hdrRoutingKey)
	if rk := headerString(v); routed && rk != "" {
		routingKey = rk
	}
	p := out.Passthrough
	if r.s.step.IsPassthrough {
		p = cloneRawMap(r.msg.Passthrough)
		if p == nil {
			p = map[string]json.RawMessage{}
		}
		if st.NoSelfPassthrough {
			r.passthroughInput(p)
		}
	}
	if err := r.rehydrate(ctx, p); err != nil {
		return err
	}
	if err := r.externalise(ctx, out, p); err != nil {
		return err
	}
	if r.s.step.IsPassthrough {
		if !st.NoSelfPassthrough {
			own := out.Clone()
			own.Passthrough = nil
			if raw, err := marshalJSON(own); err == nil {
				p[st.StepID] = raw
			}
		}
		out.Passthrough = p
	}
	// Stripped from what is sent only now: the Node sailor's own
	// passthrough entry keeps the header as the component emitted it.
	if routed {
		delete(out.Headers, routeHeader)
	}
	// MarshalJSON directly: json.Marshal would validate, compact and copy
	// the whole output again; validating the raw parts alone is cheaper.
	if !validRaw(out.Body) || !validRaw(out.Attachments) || !validRaw(out.Metadata) {
		return errors.New("sailor: data: the message's body, attachments or metadata is not valid JSON")
	}
	plainBuf := encodeBuffers.Get().(*[]byte)
	plain, err := out.appendJSON((*plainBuf)[:0])
	if err != nil {
		encodeBuffers.Put(plainBuf)
		return fmt.Errorf("sailor: data: encode message: %w", err)
	}
	bodyBuf := encodeBuffers.Get().(*[]byte)
	body := r.s.cipher.AppendEncodeBody((*bodyBuf)[:0], plain, st.ProtocolVersion)
	recycle(plainBuf, plain)
	// The transport is done with the body when Publish returns.
	defer recycle(bodyBuf, body)
	if err := r.checkSize(len(body)); err != nil {
		return err
	}
	h := copyHeaders(r.base, 3)
	h[hdrMessageID] = out.ID
	if out.ID == "" {
		h[hdrMessageID] = NewUUID()
	}
	h[hdrEnd] = epochMillis(r.s.clock.Now())
	h[hdrProtocolVersion] = intHeader(int64(st.ProtocolVersion))
	if err := r.s.dataThrottle.Wait(ctx); err != nil {
		return err
	}
	return r.s.publish(ctx, &Publishing{
		Exchange: st.PublishMessagesTo, RoutingKey: routingKey,
		Headers: h, Properties: r.props(), Body: body,
	})
}

// encodeBuffers holds the buffers an output is written into: its JSON,
// garbage once encrypted, and its encrypted body, garbage once published.
// With 100 KB bodies each is a body-sized allocation per message that the
// collector would otherwise have to clear and collect.
var encodeBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// maxPooledBuffer keeps an occasional huge message from pinning its buffer.
const maxPooledBuffer = 1 << 20

// recycle returns buf, now holding used, to the pool, unless it grew huge.
func recycle(buf *[]byte, used []byte) {
	if cap(used) > maxPooledBuffer {
		return
	}
	*buf = used[:0]
	encodeBuffers.Put(buf)
}

// passthroughInput adds the step's input under the previous step's id, the
// NO_SELF_PASSTRHOUGH variant of sailor-protocol.md 6.6; by default the
// step's own output is added instead (publishData).
func (r *run) passthroughInput(p map[string]json.RawMessage) {
	if r.in.stepID == "" {
		return
	}
	// The input as the handler got it, reply_to included, as Node keeps it.
	in := r.msg.Clone()
	in.Passthrough = nil
	if raw, err := marshalJSON(in); err == nil {
		p[r.in.stepID] = raw
	}
}

func (r *run) checkSize(n int) error {
	if limit := r.s.settings.OutgoingMessageSizeLimit; limit > 0 && n > limit {
		return nodeErrorf(nil, "Outgoing message size %d exceeds limit of %d.", n, limit)
	}
	return nil
}

// Error implements Emitter.
func (r *run) Error(ctx context.Context, err error) error {
	if e := r.begin(); e != nil {
		return e
	}
	defer r.emits.Done()
	return r.reportError(r.reportCtx(ctx), err)
}

// reportFailure handles an emit that failed: unless the failure gives the
// message back to the broker, it becomes an error event. The returned error
// is marked as reported, so a handler returning it causes no second event.
func (r *run) reportFailure(ctx context.Context, err error) error {
	// Logged here, not only in the settlement line: a function may go on
	// after a failed emit (a Node component cannot even tell), and the
	// cause must not depend on whether it returns the error.
	r.log.WithError(err).Error("emit failed")
	r.failed(err)
	if !r.givenBack() {
		r.reportError(r.reportCtx(ctx), err)
	}
	return &reportedError{err: err}
}

// reportError counts the error at once (so the delivery will be rejected)
// and publishes the error event, with a copy to reply_to for request-reply
// flows unless NO_ERROR_REPLIES.
func (r *run) reportError(ctx context.Context, cause error) error {
	r.errCount.Add(1)
	return r.publishError(ctx, cause, true)
}

// publishError publishes the error event (and its reply); withEnd stamps
// the "end" header, which every error carries but the rebound-limit one.
func (r *run) publishError(ctx context.Context, cause error, withEnd bool) error {
	st := r.s.settings
	encErr := r.s.cipher.EncryptToBase64(newErrorPayload(cause).json())
	env := map[string]string{"error": encErr, "errorInput": r.errorInput()}
	body, _ := json.Marshal(env)
	h := r.eventHeaders(1)
	if withEnd {
		h[hdrEnd] = epochMillis(r.s.clock.Now())
	}
	if err := r.s.errorThrottle.Wait(ctx); err != nil {
		r.failed(err)
		return err
	}
	err := r.s.publish(ctx, &Publishing{
		Exchange: st.PublishMessagesTo, RoutingKey: st.ErrorRoutingKey,
		Headers: h, Properties: r.props(), Body: body,
	})
	if err != nil {
		r.failed(err)
		r.log.WithError(err).Error("error event could not be published")
		return err
	}
	if r.in.replyTo == "" || st.NoErrorReplies {
		return nil
	}
	rh := copyHeaders(h, 1)
	rh[hdrErrorResponse] = true
	rh[hdrMessageID] = NewUUID()
	err = r.s.publish(ctx, &Publishing{
		Exchange: st.PublishMessagesTo, RoutingKey: r.in.replyTo,
		Headers: rh, Properties: r.props(), Body: []byte(encErr),
	})
	if err != nil {
		r.failed(err)
		r.log.WithError(err).Error("error reply could not be published")
	}
	return err
}

// UpdateKeys implements Emitter: PUT /v1/accounts/{_account}. A failure is
// an error event.
func (r *run) UpdateKeys(ctx context.Context, keys map[string]any) error {
	if err := r.begin(); err != nil {
		return err
	}
	defer r.emits.Done()
	if err := AccountKeys(r.s.accounts, r.cfg).UpdateKeys(ctx, keys); err != nil {
		return r.reportFailure(ctx, err)
	}
	return nil
}
