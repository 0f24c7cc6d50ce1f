package sailor

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// publish sends p through the transport and retries a failed publish with
// exponential back-off capped at PublishMaxRetryDelay, marking each retry
// with a "retry" header (sailor-protocol.md 4.4). With the default of
// unlimited attempts this is the platform's dynamic flow control: a full
// queue that rejects publishes holds the input unacked until it drains.
func (s *Sailor) publish(ctx context.Context, p *Publishing) error {
	st := s.settings
	for attempt := 0; ; attempt++ {
		err := s.publishOnce(ctx, p)
		if err == nil {
			return nil
		}
		final := ctx.Err() != nil || errors.Is(err, ErrUnroutable) || errors.Is(err, ErrPublishTimeout) ||
			(st.PublishRetryAttempts > 0 && attempt+1 >= st.PublishRetryAttempts)
		if final {
			return nodeErrorf(err, "Failed on publishing %s message to MQ: %v", headerString(p.Headers[hdrMessageID]), err)
		}
		delay := backoff(st.PublishRetryDelay, st.PublishMaxRetryDelay, attempt)
		s.log.WithError(err).WithFields(map[string]any{
			"attempt": attempt + 1, "routingKey": p.RoutingKey, "delay_ms": delay.Milliseconds(),
		}).Warn("publish failed; retrying")
		if err := s.clock.Sleep(ctx, delay); err != nil {
			return nodeErrorf(err, "Failed on publishing %s message to MQ: %v", headerString(p.Headers[hdrMessageID]), err)
		}
		h := copyHeaders(p.Headers, 1)
		h[hdrRetry] = intHeader(int64(attempt + 1))
		p.Headers = h
	}
}

// publishOnce is one transport publish bounded by the publish timeout: a
// broker that blocks publishers (resource alarm) never confirms, and
// waiting on it forever would hold the input and its prefetch slot
// (amqp091-go#111). A timeout is not retried: the input is requeued.
func (s *Sailor) publishOnce(ctx context.Context, p *Publishing) error {
	timeout := s.settings.PublishTimeout
	if timeout <= 0 {
		return s.transport.Publish(ctx, p)
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	err := s.transport.Publish(actx, p)
	if err != nil && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w (%s): %w", ErrPublishTimeout, timeout, err)
	}
	return err
}

// backoff is min(base * 2^attempt, max), without overflowing.
func backoff(base, max time.Duration, attempt int) time.Duration {
	if base <= 0 {
		return 0
	}
	d := base
	for i := 0; i < attempt; i++ {
		if d >= max/2 {
			return max
		}
		d *= 2
	}
	if max > 0 && d > max {
		return max
	}
	return d
}
