package fake

import "time"

// bucket is a token bucket refilled at the rate limit per second, holding
// at most one second's worth of requests.
type bucket struct {
	tokens float64
	last   time.Time
}

// allow takes one request from tok's bucket; s.mu held. Requests without a
// token share the "" bucket, like anonymous traffic at a gateway.
func (s *Server) allow(tok string) bool {
	now := s.opts.Now()
	rate := float64(s.opts.RateLimit)
	b := s.buckets[tok]
	if b == nil {
		b = &bucket{tokens: rate, last: now}
		s.buckets[tok] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = min(rate, b.tokens+el*rate)
		b.last = now
	}
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}
