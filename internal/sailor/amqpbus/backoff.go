package amqpbus

import (
	"math/rand/v2"
	"time"
)

// backoff computes reconnect delays: capped exponential growth with "equal
// jitter" (half fixed, half random) so that many replicas restarted by the
// same broker outage do not reconnect in lockstep.
type backoff struct {
	initial time.Duration
	max     time.Duration
	// jitter returns a value in [0, 1); replaced in tests.
	jitter func() float64
}

func newBackoff(initial, maxDelay time.Duration) backoff {
	return backoff{initial: initial, max: maxDelay, jitter: rand.Float64}
}

// delay is the wait before attempt n (n >= 1 is the first retry).
func (b backoff) delay(n int) time.Duration {
	d := b.initial
	for i := 1; i < n && d < b.max; i++ {
		d *= 2
	}
	if d > b.max {
		d = b.max
	}
	half := d / 2
	return half + time.Duration(b.jitter()*float64(d-half))
}
