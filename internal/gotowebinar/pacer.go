package gotowebinar

import (
	"context"
	"sync"
	"time"
)

// pacer is a token bucket shared by all calls of a Client. Tokens may go negative:
// a caller reserves its slot under the lock and sleeps outside it, so concurrent
// callers queue up fairly without holding the mutex while waiting.
type pacer struct {
	mu     sync.Mutex
	rate   float64 // tokens per second
	burst  float64
	tokens float64
	last   time.Time
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
}

func newPacer(rate float64, burst int, now func() time.Time, sleep func(context.Context, time.Duration) error) *pacer {
	if rate <= 0 {
		return nil
	}
	if burst < 1 {
		burst = 1
	}
	return &pacer{rate: rate, burst: float64(burst), tokens: float64(burst), now: now, sleep: sleep}
}

// wait blocks until the caller may send one request.
func (p *pacer) wait(ctx context.Context) error {
	if p == nil {
		return ctx.Err()
	}
	p.mu.Lock()
	now := p.now()
	if !p.last.IsZero() {
		if elapsed := now.Sub(p.last).Seconds(); elapsed > 0 {
			p.tokens = min(p.burst, p.tokens+elapsed*p.rate)
		}
	}
	p.last = now
	p.tokens--
	var d time.Duration
	if p.tokens < 0 {
		d = time.Duration(-p.tokens / p.rate * float64(time.Second))
	}
	p.mu.Unlock()
	if d == 0 {
		return ctx.Err()
	}
	return p.sleep(ctx, d)
}
