package fake

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// minKey is the smallest 19-digit number; every key is at least this large
// so that clients decoding keys as float64 (above 2^53) lose digits.
const minKey int64 = 1_000_000_000_000_000_000

// store is the in-memory state. It is not safe for concurrent use; the
// Server guards it with its mutex.
type store struct {
	rng  *rand.Rand
	used map[int64]bool

	organizers   []*Organizer
	webinars     map[int64]*Webinar
	registrants  map[int64][]*Registrant // by webinar key
	sessions     map[int64][]*Session    // by webinar key
	panelists    map[int64][]*Panelist
	coorganizers map[int64][]*Coorganizer
	audio        map[int64]audioJSON
	assets       []*RecordingAsset

	secretKeys    int
	webhooks      map[string]*webhook
	subscriptions map[string]*subscription
}

func newStore(seed int64) *store {
	return &store{
		rng:           rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15)),
		used:          map[int64]bool{},
		webinars:      map[int64]*Webinar{},
		registrants:   map[int64][]*Registrant{},
		sessions:      map[int64][]*Session{},
		panelists:     map[int64][]*Panelist{},
		coorganizers:  map[int64][]*Coorganizer{},
		audio:         map[int64]audioJSON{},
		webhooks:      map[string]*webhook{},
		subscriptions: map[string]*subscription{},
	}
}

// newKey returns an unused random 19-digit positive int64.
func (st *store) newKey() int64 {
	for {
		k := minKey + st.rng.Int64N(math.MaxInt64-minKey)
		if !st.used[k] {
			st.used[k] = true
			return k
		}
	}
}

// newWebinarID returns the 9-digit public webinar ID.
func (st *store) newWebinarID() string {
	return strconv.Itoa(100_000_000 + st.rng.IntN(900_000_000))
}

// newUUID returns a random UUID-shaped string for webhook keys and secrets.
func (st *store) newUUID() string {
	var b strings.Builder
	for i, n := range []int{8, 4, 4, 4, 12} {
		if i > 0 {
			b.WriteByte('-')
		}
		for range n {
			b.WriteByte("0123456789abcdef"[st.rng.IntN(16)])
		}
	}
	return b.String()
}

func (st *store) organizer(key int64) *Organizer {
	for _, o := range st.organizers {
		if o.Key == key {
			return o
		}
	}
	return nil
}

// webinar returns a live (not cancelled) webinar.
func (st *store) webinar(key int64) *Webinar {
	w := st.webinars[key]
	if w == nil || w.Cancelled {
		return nil
	}
	return w
}

// webinarsWhere returns live webinars matching keep, by first start time.
func (st *store) webinarsWhere(keep func(*Webinar) bool) []*Webinar {
	var out []*Webinar
	for _, w := range st.webinars {
		if !w.Cancelled && keep(w) {
			out = append(out, w)
		}
	}
	slices.SortFunc(out, func(a, b *Webinar) int {
		if c := a.firstStart().Compare(b.firstStart()); c != 0 {
			return c
		}
		return compareInt(a.Key, b.Key)
	})
	return out
}

func (st *store) registrant(webinarKey, key int64) *Registrant {
	for _, r := range st.registrants[webinarKey] {
		if r.Key == key {
			return r
		}
	}
	return nil
}

func (st *store) session(webinarKey, key int64) *Session {
	for _, s := range st.sessions[webinarKey] {
		if s.Key == key {
			return s
		}
	}
	return nil
}

// joinURL builds a join link of the documented shape.
func (st *store) joinURL(webinarKey int64) string {
	return "https://global.gotowebinar.com/join/" + strconv.FormatInt(webinarKey, 10) + "/" +
		strconv.Itoa(100_000_000+st.rng.IntN(900_000_000))
}

func compareInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// sessionsWhere returns the sessions of live webinars matching keep, by start.
func (st *store) sessionsWhere(keep func(*Webinar, *Session) bool) []*Session {
	var out []*Session
	for wk, list := range st.sessions {
		w := st.webinars[wk]
		if w == nil || w.Cancelled {
			continue
		}
		for _, s := range list {
			if keep(w, s) {
				out = append(out, s)
			}
		}
	}
	slices.SortFunc(out, func(a, b *Session) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return compareInt(a.Key, b.Key)
	})
	return out
}

func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// formatMillis is used for server-generated instants, which GoTo reports
// with milliseconds.
func formatMillis(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
