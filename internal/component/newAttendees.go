package component

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

const (
	// attendeesLateness is how late after its end GoTo may report a session
	// for newAttendees to still emit it.
	attendeesLateness = 6 * time.Hour
	// attendeesMaxSessionLength bounds a session's length, so that a
	// session ending after the mark is found by its start time.
	attendeesMaxSessionLength = 24 * time.Hour
	// attendeesMaxRemembered caps the sessions kept in the snapshot.
	attendeesMaxRemembered = 50
)

// attendeesState is the snapshot of newAttendees: every session that ended
// at or before EndedThrough is done with; Emitted holds the sessions that
// ended later and were handled already (session key -> end time).
type attendeesState struct {
	EndedThrough time.Time
	Emitted      map[gotowebinar.Key]time.Time
}

// newAttendeeOut is one attendee of a session that ended.
type newAttendeeOut struct {
	gotowebinar.Attendee
	WebinarKey       gotowebinar.Key `json:"webinarKey"`
	WebinarSubject   string          `json:"webinarSubject"`
	SessionStartTime time.Time       `json:"sessionStartTime"`
	SessionEndTime   time.Time       `json:"sessionEndTime"`
}

// newAttendees is a polling trigger: one message per attendee of each of
// the organizer's sessions that ended since the last poll, each session
// exactly once. The first poll emits nothing and remembers the sessions
// that ended so far, or, with startTime, emits those that ended after
// startTime. Every API call of a poll is made before its first message, so
// a poll that fails emits nothing; the snapshot is written after the last
// message. GET /organizers/{organizerKey}/sessions, then
// GET .../sessions/{sessionKey}/attendees per new session.
func (c *Component) newAttendees(ctx context.Context, k *call) error {
	now := k.now()
	st, emit, err := attendeesStart(k, now)
	if err != nil {
		return err
	}
	org, err := k.organizer(ctx)
	if err != nil {
		return err
	}
	ended, err := endedSessions(ctx, k, org, st, now)
	if err != nil {
		return err
	}
	var out []newAttendeeOut
	if emit {
		if out, err = attendeesOf(ctx, k, org, ended); err != nil {
			return err
		}
	}
	for _, it := range out {
		if err := k.emit(ctx, it); err != nil {
			return err
		}
	}
	for _, s := range ended {
		st.Emitted[s.SessionKey] = s.EndTime
	}
	return k.out.Snapshot(ctx, st.advance(now).snapshot())
}

// attendeesStart is the state a poll starts from: the snapshot, or on the
// first poll the startTime field (emit) or now less the lateness (record
// only).
func attendeesStart(k *call, now time.Time) (st attendeesState, emit bool, err error) {
	st, ok, err := loadAttendeesState(k.req.Snapshot)
	if err != nil || ok {
		return st, true, err
	}
	start, err := k.time("startTime")
	if err != nil {
		return st, false, err
	}
	st = attendeesState{EndedThrough: start, Emitted: map[gotowebinar.Key]time.Time{}}
	if start.IsZero() {
		st.EndedThrough = now.Add(-attendeesLateness)
		return st, false, nil
	}
	return st, true, nil
}

// endedSessions lists the sessions that ended after the mark and were not
// handled yet, by end time.
func endedSessions(ctx context.Context, k *call, org gotowebinar.Key, st attendeesState, now time.Time) ([]gotowebinar.Session, error) {
	from := st.EndedThrough.Add(-attendeesMaxSessionLength)
	all, err := k.api.ListOrganizerSessions(ctx, org, from, now)
	if err != nil {
		return nil, explain(err, "list the sessions that ended since "+st.EndedThrough.Format(time.RFC3339))
	}
	var out []gotowebinar.Session
	for _, s := range all {
		if _, done := st.Emitted[s.SessionKey]; done || !s.EndTime.After(st.EndedThrough) {
			continue
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b gotowebinar.Session) int {
		return cmp.Or(a.EndTime.Compare(b.EndTime), cmp.Compare(a.SessionKey, b.SessionKey))
	})
	return out, nil
}

// attendeesOf fetches the attendees of every session.
func attendeesOf(ctx context.Context, k *call, org gotowebinar.Key, sessions []gotowebinar.Session) ([]newAttendeeOut, error) {
	var out []newAttendeeOut
	for _, s := range sessions {
		atts, err := k.api.SessionAttendees(ctx, org, s.WebinarKey, s.SessionKey)
		if err != nil {
			return nil, explain(err, fmt.Sprintf("list the attendees of session %s of webinar %s", s.SessionKey, s.WebinarKey))
		}
		for _, a := range atts {
			a.SessionKey = s.SessionKey
			a.Attendance = nonNil(a.Attendance)
			out = append(out, newAttendeeOut{Attendee: a, WebinarKey: s.WebinarKey, WebinarSubject: s.WebinarName,
				SessionStartTime: s.StartTime.UTC(), SessionEndTime: s.EndTime.UTC()})
		}
	}
	return out, nil
}

// advance moves the mark to now less the lateness, forgetting the sessions
// that ended before it, and keeps at most attendeesMaxRemembered sessions
// by moving the mark further to the end of the latest one forgotten.
func (st attendeesState) advance(now time.Time) attendeesState {
	if lower := now.Add(-attendeesLateness); lower.After(st.EndedThrough) {
		st.EndedThrough = lower
	}
	type entry struct {
		key gotowebinar.Key
		end time.Time
	}
	var kept []entry
	for key, end := range st.Emitted {
		if end.After(st.EndedThrough) {
			kept = append(kept, entry{key, end})
		}
	}
	slices.SortFunc(kept, func(a, b entry) int { return cmp.Or(a.end.Compare(b.end), cmp.Compare(a.key, b.key)) })
	for len(kept) > attendeesMaxRemembered {
		st.EndedThrough = kept[len(kept)-attendeesMaxRemembered-1].end
		kept = slices.DeleteFunc(kept, func(e entry) bool { return !e.end.After(st.EndedThrough) })
	}
	st.Emitted = make(map[gotowebinar.Key]time.Time, len(kept))
	for _, e := range kept {
		st.Emitted[e.key] = e.end
	}
	return st
}

// snapshot encodes the state: {"endedThrough": time, "emitted": {key: end}}.
func (st attendeesState) snapshot() map[string]any {
	emitted := make(map[string]any, len(st.Emitted))
	for key, end := range st.Emitted {
		emitted[key.String()] = end.UTC().Format(time.RFC3339)
	}
	return map[string]any{"endedThrough": st.EndedThrough.UTC().Format(time.RFC3339Nano), "emitted": emitted}
}

// loadAttendeesState decodes a snapshot; ok is false when there is none.
func loadAttendeesState(snap map[string]any) (st attendeesState, ok bool, err error) {
	raw, found := snap["endedThrough"]
	if !found {
		return st, false, nil
	}
	bad := func(why string) error {
		return permanent(fmt.Errorf("the trigger's snapshot is not one newAttendees wrote (%s): reset the step's snapshot", why))
	}
	s, _ := raw.(string)
	if st.EndedThrough, err = time.Parse(time.RFC3339Nano, s); err != nil {
		return st, false, bad("endedThrough")
	}
	emitted, isMap := snap["emitted"].(map[string]any)
	if !isMap && snap["emitted"] != nil {
		return st, false, bad("emitted")
	}
	st.Emitted = make(map[gotowebinar.Key]time.Time, len(emitted))
	for key, v := range emitted {
		sk, kerr := gotowebinar.ParseKey(key)
		end, terr := time.Parse(time.RFC3339Nano, fmt.Sprint(v))
		if kerr != nil || terr != nil {
			return st, false, bad("emitted session " + key)
		}
		st.Emitted[sk] = end
	}
	return st, true, nil
}
