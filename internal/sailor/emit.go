package sailor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
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
		r.failed(ctx, err)
		if !r.givenBack() {
			r.reportError(r.reportCtx(ctx), err)
		}
		return &reportedError{err: err}
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
	if k, v, ok := lookupFold(out.Headers, hdrRoutingKey); ok {
		if rk := headerString(v); rk != "" {
			routingKey = rk
		}
		delete(out.Headers, k)
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
	if err := r.externalise(ctx, out, p); err != nil {
		return err
	}
	if r.s.step.IsPassthrough {
		if !st.NoSelfPassthrough {
			own := out.Clone()
			own.Passthrough = nil
			if raw, err := json.Marshal(own); err == nil {
				p[st.StepID] = raw
			}
		}
		out.Passthrough = p
	}
	// MarshalJSON directly: json.Marshal would validate, compact and copy
	// the whole output again; validating the raw parts alone is cheaper.
	if !validRaw(out.Body) || !validRaw(out.Attachments) || !validRaw(out.Metadata) {
		return errors.New("sailor: data: the message's body, attachments or metadata is not valid JSON")
	}
	plain, err := out.MarshalJSON()
	if err != nil {
		return fmt.Errorf("sailor: data: encode message: %w", err)
	}
	body := r.s.cipher.EncodeBody(plain, st.ProtocolVersion)
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

// passthroughInput adds the step's input under the previous step's id, the
// NO_SELF_PASSTRHOUGH variant of sailor-protocol.md 6.6; by default the
// step's own output is added instead (publishData).
func (r *run) passthroughInput(p map[string]json.RawMessage) {
	if r.in.stepID == "" {
		return
	}
	in := r.msg.Clone()
	in.Passthrough = nil
	delete(in.Headers, hdrReplyTo)
	if raw, err := json.Marshal(in); err == nil {
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
	if perr := r.reportError(r.reportCtx(ctx), err); perr != nil {
		return perr
	}
	return nil
}

// reportError counts the error at once (so the delivery will be rejected)
// and publishes the error event, with a copy to reply_to for request-reply
// flows unless NO_ERROR_REPLIES.
func (r *run) reportError(ctx context.Context, cause error) error {
	r.errCount.Add(1)
	return r.publishError(ctx, cause, true)
}

func (r *run) publishError(ctx context.Context, cause error, withInput bool) error {
	st := r.s.settings
	encErr := r.s.cipher.EncryptToBase64(newErrorPayload(cause).json())
	env := map[string]string{"error": encErr}
	if withInput {
		env["errorInput"] = r.errorInput()
	}
	body, _ := json.Marshal(env)
	h := r.eventHeaders(1)
	h[hdrEnd] = epochMillis(r.s.clock.Now())
	if err := r.s.errorThrottle.Wait(ctx); err != nil {
		r.failed(ctx, err)
		return err
	}
	err := r.s.publish(ctx, &Publishing{
		Exchange: st.PublishMessagesTo, RoutingKey: st.ErrorRoutingKey,
		Headers: h, Properties: r.props(), Body: body,
	})
	if err != nil {
		r.failed(ctx, err)
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
		r.failed(ctx, err)
		r.log.WithError(err).Error("error reply could not be published")
	}
	return err
}

// Rebound implements Emitter (sailor-protocol.md 5.9). The copy carries the
// original bytes and properties; its TTL doubles per iteration and is capped
// at RabbitMQ's ceiling. Past REBOUND_LIMIT an error event is published
// instead, and the input is still acked.
func (r *run) Rebound(ctx context.Context, reason error) error {
	if err := r.begin(); err != nil {
		return err
	}
	defer r.emits.Done()
	// A rebound is how a handler reports a transient failure, including
	// its own message deadline: it is made even when that deadline passed.
	ctx = r.reportCtx(ctx)
	st := r.s.settings
	n := r.in.reboundIteration + 1
	if n > st.ReboundLimit {
		if err := r.publishError(ctx, nodeErrorf(reason, "Rebound limit exceeded"), true); err != nil {
			return err
		}
		r.reboundLimit.Store(true)
		r.rebound.Store(true)
		return nil
	}
	h := copyHeaders(r.d.Headers, 3)
	h[hdrEnd] = epochMillis(r.s.clock.Now())
	h[hdrReboundReason] = newErrorPayload(reason).Message
	h[hdrReboundIteration] = intHeader(int64(n))
	props := r.d.Properties
	props.Expiration = strconv.FormatInt(reboundExpiration(st.ReboundInitialExpiration.Milliseconds(), n), 10)
	props.DeliveryMode = r.props().DeliveryMode
	err := r.s.publish(ctx, &Publishing{
		Exchange: st.PublishMessagesTo, RoutingKey: st.ReboundRoutingKey,
		Headers: h, Properties: props, Body: r.d.Body,
	})
	if err != nil {
		r.failed(ctx, err)
		if !r.givenBack() {
			r.reportError(ctx, err)
		}
		return &reportedError{err: err}
	}
	r.rebound.Store(true)
	return nil
}

// reboundExpiration is initial * 2^(n-1) ms, capped below RabbitMQ's TTL
// ceiling.
func reboundExpiration(initialMs int64, n int) int64 {
	if initialMs <= 0 {
		initialMs = 1
	}
	exp := initialMs
	for i := 1; i < n; i++ {
		if exp >= maxExpiration/2+1 {
			return maxExpiration
		}
		exp *= 2
	}
	return min(exp, maxExpiration)
}

// Snapshot implements Emitter: the container's snapshot is replaced and the
// whole of it published, as plain JSON (sailor-protocol.md 5.7).
func (r *run) Snapshot(ctx context.Context, snapshot map[string]any) error {
	if err := r.begin(); err != nil {
		return err
	}
	defer r.emits.Done()
	if snapshot == nil {
		snapshot = map[string]any{}
	}
	body, err := json.Marshal(snapshot)
	if err != nil {
		return fmt.Errorf("sailor: snapshot: %w", err)
	}
	r.s.snapMu.Lock()
	r.s.snapshot = deepCopyMap(snapshot)
	r.s.snapMu.Unlock()
	if err := r.s.snapshotThrottle.Wait(ctx); err != nil {
		r.failed(ctx, err)
		return err
	}
	return r.publishSnapshot(ctx, "snapshot", body)
}

// UpdateSnapshot implements Emitter: the delta is merged into the
// container's snapshot (top level only) and published alone. A delta in
// MongoDB style ({"$set": ...}) is ignored, as the Node sailor does.
func (r *run) UpdateSnapshot(ctx context.Context, delta map[string]any) error {
	if err := r.begin(); err != nil {
		return err
	}
	defer r.emits.Done()
	if _, ok := delta["$set"]; ok {
		r.log.Warn("updateSnapshot with $set is not supported; ignored")
		return nil
	}
	if delta == nil {
		delta = map[string]any{}
	}
	body, err := json.Marshal(delta)
	if err != nil {
		return fmt.Errorf("sailor: updateSnapshot: %w", err)
	}
	r.s.snapMu.Lock()
	for k, v := range delta {
		r.s.snapshot[k] = deepCopy(v)
	}
	r.s.snapMu.Unlock()
	return r.publishSnapshot(ctx, "updateSnapshot", body)
}

func (r *run) publishSnapshot(ctx context.Context, event string, body []byte) error {
	st := r.s.settings
	h := r.eventHeaders(1)
	h[hdrSnapshotEvent] = event
	err := r.s.publish(ctx, &Publishing{
		Exchange: st.PublishMessagesTo, RoutingKey: st.SnapshotRoutingKey,
		Headers: h, Properties: r.props(), Body: body,
	})
	if err != nil {
		r.failed(ctx, err)
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
	if err := r.s.updateAccount(ctx, r.cfg, keys); err != nil {
		r.failed(ctx, err)
		if !r.givenBack() {
			r.reportError(r.reportCtx(ctx), err)
		}
		return &reportedError{err: err}
	}
	return nil
}

// HTTPReply implements Emitter (sailor-protocol.md 5.8): always protocol
// version 1, to the reply_to routing key of the input. Without reply_to
// the emit fails; the handler decides whether that ends the message.
func (r *run) HTTPReply(ctx context.Context, reply HTTPReply) error {
	if err := r.begin(); err != nil {
		return err
	}
	defer r.emits.Done()
	if r.in.replyTo == "" {
		return nodeErrorf(nil, "Component emitted 'httpReply' event but 'reply_to' was not found in AMQP headers")
	}
	if reply.Headers != nil {
		hs := make(map[string]string, len(reply.Headers))
		for k, v := range reply.Headers {
			if !strings.EqualFold(k, hdrRoutingKey) {
				hs[k] = v
			}
		}
		reply.Headers = hs
	}
	plain, err := json.Marshal(reply)
	if err != nil {
		return fmt.Errorf("sailor: httpReply: %w", err)
	}
	body := r.s.cipher.EncodeBody(plain, 1)
	if err := r.checkSize(len(body)); err != nil {
		return err
	}
	h := r.eventHeaders(1)
	h[hdrProtocolVersion] = intHeader(1)
	err = r.s.publish(ctx, &Publishing{
		Exchange: r.s.settings.PublishMessagesTo, RoutingKey: r.in.replyTo,
		Headers: h, Properties: r.props(), Body: body,
	})
	if err != nil {
		r.failed(ctx, err)
	}
	return err
}
