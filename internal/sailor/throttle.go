package sailor

import (
	"context"
	"sync"
	"time"
)

// throttle admits at most limit calls per interval, like the p-throttle
// windows of the Node sailor (DATA_RATE_LIMIT per RATE_INTERVAL and so on).
// Each call reserves the earliest slot that keeps the window and waits for
// it, so callers are served in arrival order.
type throttle struct {
	clock    Clock
	interval time.Duration

	mu    sync.Mutex
	slots []time.Time // admission times of the last len(slots) calls
	next  int
}

func newThrottle(limit int, interval time.Duration, clock Clock) *throttle {
	if limit <= 0 || interval <= 0 {
		return nil
	}
	return &throttle{clock: clock, interval: interval, slots: make([]time.Time, limit)}
}

// Wait blocks until the call may proceed. A nil throttle never waits.
func (t *throttle) Wait(ctx context.Context) error {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	now := t.clock.Now()
	at := now
	if oldest := t.slots[t.next]; !oldest.IsZero() {
		if free := oldest.Add(t.interval); free.After(now) {
			at = free
		}
	}
	t.slots[t.next] = at
	t.next = (t.next + 1) % len(t.slots)
	t.mu.Unlock()
	return t.clock.Sleep(ctx, at.Sub(now))
}
