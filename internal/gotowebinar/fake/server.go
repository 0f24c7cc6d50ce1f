package fake

import (
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Server is the fake GoTo host. It is safe for concurrent use: one mutex
// guards all state, so requests are served one at a time once past the
// optional delay.
type Server struct {
	opts      Options
	mux       *http.ServeMux
	incidents atomic.Int64

	mu          sync.Mutex
	st          *store
	tokRng      *rand.Rand
	access      map[string]*accessToken
	refresh     map[string]*refreshToken
	codes       map[string]*authCode
	grants      int64
	authorizeAs int64
	buckets     map[string]*bucket

	failN      int
	failStatus int
	delay      time.Duration

	apiRequests   int
	tokenRequests map[string]int
}

// New returns a Server seeded with opts.Seed (see Seed for the data).
func New(opts Options) *Server {
	s := &Server{opts: opts.withDefaults(), tokenRequests: map[string]int{}}
	s.mux = s.routes()
	s.Seed(s.opts.Seed)
	return s
}

// ServeHTTP serves the API, the admin /me endpoint and OAuth. Paths are
// matched as received, so mount the Server with http.StripPrefix to serve
// it below a base path.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// Seed discards all data, tokens and codes and recreates the deterministic
// data set for seed: two organizers in one account (the first is the main
// organizer); unless Options.NoSeedData, more than 200 webinars of the main
// organizer spread over the past and next 12 months (single sessions, two
// series and two sequences, some with manual approval, one in session now),
// registration forms with custom questions, registrants, past sessions with
// attendees, polls, questions and surveys, panelists, co-organizers and
// recordings, plus a few webinars of the second organizer. Counters and
// failure knobs are kept.
func (s *Server) Seed(seed int64) {
	st := newStore(seed)
	populate(st, s.opts.Now().UTC(), !s.opts.NoSeedData)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	s.tokRng = rand.New(rand.NewPCG(uint64(seed)+1, 0x5eed))
	s.access = map[string]*accessToken{}
	s.refresh = map[string]*refreshToken{}
	s.codes = map[string]*authCode{}
	s.buckets = map[string]*bucket{}
	s.authorizeAs = st.organizers[0].Key
}

// FailNext makes the next n API requests (not OAuth) answer status without
// touching state: 403 with the InvalidToken body, 429 with the gateway's
// fault body, anything else with the application error body.
func (s *Server) FailNext(n int, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failN, s.failStatus = n, status
}

// SetDelay makes every later API request wait d before it is handled (or
// until the client gives up), to test client deadlines.
func (s *Server) SetDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// APIRequests returns the number of requests received under /G2W and
// /admin, including rejected ones.
func (s *Server) APIRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.apiRequests
}

// TokenRequests returns the number of /oauth/token requests with the given
// grant_type ("authorization_code", "refresh_token"), including rejected
// ones; "" counts all of them.
func (s *Server) TokenRequests(grantType string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if grantType == "" {
		n := 0
		for _, c := range s.tokenRequests {
			n += c
		}
		return n
	}
	return s.tokenRequests[grantType]
}

// apiHandler serves one API route with s.mu held; who owns the token.
type apiHandler func(w http.ResponseWriter, r *http.Request, who *Organizer)

// api wraps an endpoint with what GoTo's gateway does before it: count,
// optional delay and forced failures, rate limit, then the token check.
func (s *Server) api(h apiHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.apiRequests++
		delay := s.delay
		s.mu.Unlock()
		if delay > 0 {
			t := time.NewTimer(delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}

		s.mu.Lock()
		defer s.mu.Unlock()
		if s.failN > 0 {
			s.failN--
			s.writeForced(w, s.failStatus)
			return
		}
		tok := bearer(r)
		if !s.opts.NoRateLimit && !s.allow(tok) {
			writeRateLimited(w)
			return
		}
		who := s.owner(tok)
		if who == nil {
			writeInvalidToken(w)
			return
		}
		h(w, r, who)
	}
}

func (s *Server) writeForced(w http.ResponseWriter, status int) {
	switch status {
	case http.StatusForbidden:
		writeInvalidToken(w)
	case http.StatusTooManyRequests:
		writeRateLimited(w)
	default:
		s.writeAppError(w, status, codeServerError, "forced failure")
	}
}
