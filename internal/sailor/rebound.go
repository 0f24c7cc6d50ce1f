package sailor

import (
	"context"
	"strconv"
)

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
		// With the base headers alone, no "end", as the Node sailor sends
		// it (sailor-protocol.md 5.9).
		if err := r.publishError(ctx, nodeErrorf(reason, "Rebound limit exceeded"), false); err != nil {
			return err
		}
		r.reboundLimit.Store(true)
		r.rebound.Store(true)
		return nil
	}
	// The input's headers, typed as the Node sailor re-sends them.
	h := make(map[string]any, len(r.d.Headers)+3)
	for k, v := range r.d.Headers {
		h[k] = nodeTyped(v)
	}
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
		return r.reportFailure(ctx, err)
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
