package component

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"slices"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// The webinar triggers (newWebinars, webinarChanges) watch the organizer's
// list of webinars from the previous poll to watchYears ahead. Their
// snapshot is {"polledAt", "webinars"}: the time of the poll and one packed
// entry per upcoming watched webinar (base64), so that it stays within the
// platform's 5 KB: at most newWebinarsCap and webinarChangesCap entries.
const (
	watchYears = 2
	// newWebinarsCap entries of 5 bytes (a hash of the key): 2.7 KB.
	newWebinarsCap = 400
	// webinarChangesCap entries of 14 bytes (key, subject hash, times
	// hash): 3.7 KB.
	webinarChangesCap = 200
)

// watchState is the decoded snapshot of a webinar trigger.
type watchState struct {
	polledAt time.Time
	entries  []byte // packed, entrySize bytes each
}

// readWatchState decodes the step's snapshot; nil on the first poll (empty
// snapshot).
func readWatchState(k *call, entrySize int) (*watchState, error) {
	snap := k.req.Snapshot
	if len(snap) == 0 || snap["polledAt"] == nil {
		return nil, nil
	}
	bad := func(why string) error {
		return permanent(fmt.Errorf("the step's snapshot is unreadable (%s): reset the snapshot of this step; the next poll then starts afresh", why))
	}
	polled, _ := snap["polledAt"].(string)
	packed, _ := snap["webinars"].(string)
	s := &watchState{}
	var err error
	if s.polledAt, err = time.Parse(time.RFC3339Nano, polled); err != nil {
		return nil, bad("polledAt")
	}
	if s.entries, err = base64.RawStdEncoding.DecodeString(packed); err != nil || len(s.entries)%entrySize != 0 {
		return nil, bad("webinars")
	}
	return s, nil
}

// snapshot encodes the state for k.out.Snapshot.
func (s *watchState) snapshot() map[string]any {
	return map[string]any{
		"polledAt": s.polledAt.UTC().Format(time.RFC3339Nano),
		"webinars": base64.RawStdEncoding.EncodeToString(s.entries),
	}
}

// watchFrom is where a poll's window starts: the previous poll, else the
// first-poll start, else now; never after now.
func watchFrom(prev *watchState, first, now time.Time) time.Time {
	from := now
	switch {
	case prev != nil:
		from = prev.polledAt
	case !first.IsZero():
		from = first
	}
	if from.After(now) {
		from = now
	}
	return from
}

// upcomingWatched returns the listed webinars that still have a start at
// or after now, by that next start, at most limit of them, and the horizon:
// the start up to which every upcoming webinar is among them.
func upcomingWatched(list []gotowebinar.Webinar, now, to time.Time, limit int) ([]gotowebinar.Webinar, time.Time) {
	var up []gotowebinar.Webinar
	for _, w := range list {
		if !nextStart(w.Times, now).IsZero() {
			up = append(up, w)
		}
	}
	sortByStart(up, now)
	if len(up) <= limit {
		return up, to
	}
	// Cut before the first webinar that does not fit, ties included.
	horizon := nextStart(up[limit].Times, now).Add(-time.Nanosecond)
	n := limit
	for n > 0 && nextStart(up[n-1].Times, now).After(horizon) {
		n--
	}
	return up[:n], horizon
}

// sortByStart orders webinars by their next start at or after from, then key.
func sortByStart(list []gotowebinar.Webinar, from time.Time) {
	slices.SortStableFunc(list, func(a, b gotowebinar.Webinar) int {
		if c := nextStart(a.Times, from).Compare(nextStart(b.Times, from)); c != 0 {
			return c
		}
		return cmp.Compare(a.WebinarKey, b.WebinarKey)
	})
}

// shortHash is the first n bytes of the FNV-1a hash of s.
func shortHash(s string, n int) []byte {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum(nil)[:n]
}

// timesFingerprint is a canonical text of a schedule, for hashing.
func timesFingerprint(times []gotowebinar.DateTimeRange) string {
	var out []string
	for _, t := range times {
		out = append(out, t.StartTime.UTC().Format(time.RFC3339)+"/"+t.EndTime.UTC().Format(time.RFC3339))
	}
	slices.Sort(out)
	return fmt.Sprint(out)
}
