package amqpbus

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/sirupsen/logrus"
)

// permanentError marks a failure that retrying cannot fix (bad credentials,
// missing queue); the retry loop gives up on it at once.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// classifyDial marks authentication and vhost refusals as permanent on the
// first attempt: at start-up they are configuration errors. After a working
// connection was lost they are retried, because a broker that is still
// booting or shutting down can drop a handshake in a way amqp091 reports as
// bad credentials.
func classifyDial(err error, initial bool) error {
	if initial && (errors.Is(err, amqp.ErrCredentials) || errors.Is(err, amqp.ErrVhost) || errors.Is(err, amqp.ErrSASL)) {
		return &permanentError{err}
	}
	var ae *amqp.Error
	if initial && errors.As(err, &ae) && ae.Server && ae.Code == amqp.AccessRefused {
		return &permanentError{err}
	}
	return err
}

// retry calls open until it succeeds, fails permanently, ctx or the
// transport is done, or maxWait has passed since the first failure (0: no
// limit). initial tells open whether this is the first attempt. reconnect
// says a lost connection is being replaced: its success is logged even at
// the first attempt, as when the broker closed the connection but stayed up.
func (t *Transport) retry(ctx context.Context, role string, reconnect bool, maxWait time.Duration, open func(ctx context.Context, initial bool) error) error {
	ctx, cancel := t.scoped(ctx)
	defer cancel()
	log := t.log.WithField("connection", t.cfg.ConnectionName+"-"+role)
	var started time.Time
	for attempt := 1; ; attempt++ {
		err := open(ctx, attempt == 1)
		if err == nil {
			if reconnect || attempt > 1 {
				// The goroutine count lets an operator (and the
				// reconnect-cycle test) see that reconnects leak nothing.
				log.WithFields(logrus.Fields{"attempt": attempt, "goroutines": runtime.NumGoroutine()}).
					Info("amqpbus: connection restored")
			}
			return nil
		}
		err = t.redact(err)
		var perm *permanentError
		if errors.As(err, &perm) {
			return perm.err
		}
		if ctx.Err() != nil {
			if t.base.Err() != nil {
				return ErrClosed
			}
			return ctx.Err()
		}
		if started.IsZero() {
			started = time.Now()
		}
		if maxWait > 0 && time.Since(started) >= maxWait {
			return fmt.Errorf("gave up after %d attempts in %s: %w", attempt, maxWait, err)
		}
		delay := t.back.delay(attempt)
		log.WithFields(logrus.Fields{"attempt": attempt, "delay": delay, "error": err.Error()}).
			Warn("amqpbus: connection attempt failed; retrying")
		timer := time.NewTimer(delay)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
		}
	}
}
