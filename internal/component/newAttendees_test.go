package component

import (
	"cmp"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

// attendeesOfSessions are the (sessionKey, registrantKey) pairs a poll
// should emit for sessions, in order.
func attendeesOfSessions(ss ...fake.Session) []string {
	var out []string
	for _, s := range ss {
		for _, a := range s.Attendees {
			out = append(out, keyString(s.Key)+"/"+keyString(a.RegistrantKey))
		}
	}
	return out
}

func emittedAttendees(r result) []string {
	var out []string
	for _, d := range r.Data {
		out = append(out, d["sessionKey"].(string)+"/"+d["registrantKey"].(string))
	}
	return out
}

// pollKinds checks that a poll acked with its data messages and then one
// snapshot.
func pollKinds(t *testing.T, r result) {
	t.Helper()
	require.Equal(t, membus.Acked, r.Outcome)
	require.NotEmpty(t, r.Events)
	for _, ev := range r.Events[:len(r.Events)-1] {
		assert.Equal(t, "data", ev.Kind)
	}
	assert.Equal(t, "snapshot", r.Events[len(r.Events)-1].Kind)
}

func TestNewAttendeesThreePolls(t *testing.T) {
	e, clock := newSessionsEnv(t)
	h := e.comp.handler("newAttendees", e.comp.newAttendees)
	t0 := clock.Now()
	w1 := upcomingWebinar(t, e, 4)
	w2 := upcomingWebinar(t, e, 4, w1.Key)
	cfg := e.config(nil)

	// Poll 1: no startTime, so nothing is emitted, only remembered.
	p1 := e.run("newAttendees", h, map[string]any{}, cfg, nil)
	pollKinds(t, p1)
	assert.Empty(t, p1.Data)
	assert.Equal(t, t0.Add(-attendeesLateness).Format(time.RFC3339Nano), p1.Snapshot["endedThrough"])

	// A session ends between the polls, and one that ended before poll 1
	// is reported late.
	ended, _ := e.fake.AddSession(w1.Key, fake.TimeRange{Start: t0.Add(2 * time.Minute), End: t0.Add(12 * time.Minute)})
	late, _ := e.fake.AddSession(w2.Key, fake.TimeRange{Start: t0.Add(-40 * time.Minute), End: t0.Add(-5 * time.Minute)})
	running, _ := e.fake.AddSession(w2.Key, fake.TimeRange{Start: t0.Add(10 * time.Minute), End: t0.Add(25 * time.Minute)})
	require.NotEmpty(t, ended.Attendees)
	require.NotEmpty(t, late.Attendees)
	clock.Set(t0.Add(15 * time.Minute))

	p2 := e.run("newAttendees", h, map[string]any{}, cfg, p1.Snapshot)
	pollKinds(t, p2)
	assert.Equal(t, attendeesOfSessions(late, ended), emittedAttendees(p2), "by session end, the late one included")
	first := p2.Data[0]
	var reg fake.Registrant
	for _, r := range e.fake.Registrants(w2.Key) {
		if r.Key == late.Attendees[0].RegistrantKey {
			reg = r
		}
	}
	assert.Equal(t, keyString(w2.Key), first["webinarKey"])
	assert.Equal(t, w2.Subject, first["webinarSubject"])
	assert.Equal(t, reg.Email, first["email"])
	assert.Equal(t, late.End.UTC().Format(time.RFC3339), first["sessionEndTime"])
	assert.Equal(t, late.Start.UTC().Format(time.RFC3339), first["sessionStartTime"])
	assert.NotEmpty(t, first["attendance"])
	attendeeChecks(t, e, w2.Key, late, late.Attendees[0], first)

	// Poll 3: the running session has ended; nothing is emitted twice, even
	// when the same poll runs again from its own snapshot.
	clock.Set(t0.Add(30 * time.Minute))
	polls := e.runMany("newAttendees", h, []any{map[string]any{}, map[string]any{}}, cfg, p2.Snapshot)
	pollKinds(t, polls[0])
	assert.Equal(t, attendeesOfSessions(running), emittedAttendees(polls[0]))
	pollKinds(t, polls[1])
	assert.Empty(t, polls[1].Data)
	assert.Len(t, polls[1].Snapshot["emitted"], 3, "the sessions that ended within the lateness window")
}

func TestNewAttendeesFromStartTime(t *testing.T) {
	e, clock := newSessionsEnv(t)
	h := e.comp.handler("newAttendees", e.comp.newAttendees)
	now := clock.Now()
	start := now.Add(-20 * 24 * time.Hour)
	want := organizerSessions(e, start.Add(-attendeesMaxSessionLength), now, now)
	var expect []fake.Session
	for _, s := range want {
		if s.End.After(start) {
			expect = append(expect, s)
		}
	}
	require.NotEmpty(t, expect)
	sortByEnd(expect)

	cfg := e.config(map[string]any{"startTime": start.Format(time.RFC3339)})
	polls := e.runMany("newAttendees", h, []any{map[string]any{}, map[string]any{}}, cfg, nil)
	pollKinds(t, polls[0])
	assert.Equal(t, attendeesOfSessions(expect...), emittedAttendees(polls[0]))
	assert.Empty(t, polls[1].Data, "the snapshot wins over startTime")

	rejectedWith(t, e.run("newAttendees", h, map[string]any{}, e.config(map[string]any{"startTime": "last week"}), nil),
		"startTime", "ISO 8601")
}

func sortByEnd(ss []fake.Session) {
	slices.SortFunc(ss, func(a, b fake.Session) int { return cmp.Or(a.End.Compare(b.End), cmp.Compare(a.Key, b.Key)) })
}

func TestNewAttendeesFailedPollEmitsNothing(t *testing.T) {
	e, clock := newSessionsEnv(t)
	h := e.comp.handler("newAttendees", e.comp.newAttendees)
	t0 := clock.Now()
	p1 := e.run("newAttendees", h, map[string]any{}, e.config(nil), nil)
	w := upcomingWebinar(t, e, 4)
	s, _ := e.fake.AddSession(w.Key, fake.TimeRange{Start: t0.Add(time.Minute), End: t0.Add(5 * time.Minute)})
	clock.Set(t0.Add(10 * time.Minute))

	e.fake.FailNext(10, 503)
	r := e.run("newAttendees", h, map[string]any{}, e.config(nil), p1.Snapshot)
	e.fake.FailNext(0, 0)
	assert.Equal(t, membus.Acked, r.Outcome)
	require.Len(t, r.Events, 1)
	assert.Equal(t, "rebound", r.Events[0].Kind)
	assert.Equal(t, p1.Snapshot, r.Snapshot, "the snapshot is unchanged")

	r = e.run("newAttendees", h, map[string]any{}, e.config(nil), p1.Snapshot)
	assert.Equal(t, attendeesOfSessions(s), emittedAttendees(r))
}

func TestNewAttendeesBadSnapshot(t *testing.T) {
	e, _ := newSessionsEnv(t)
	h := e.comp.handler("newAttendees", e.comp.newAttendees)
	for _, snap := range []map[string]any{
		{"endedThrough": "soon"},
		{"endedThrough": "2026-01-01T00:00:00Z", "emitted": []any{"1"}},
		{"endedThrough": "2026-01-01T00:00:00Z", "emitted": map[string]any{"x": "2026-01-01T00:00:00Z"}},
	} {
		rejectedWith(t, e.run("newAttendees", h, map[string]any{}, e.config(nil), snap), "reset the step's snapshot")
	}
}

func TestAttendeesStateStaysBounded(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	st := attendeesState{EndedThrough: now.Add(-48 * time.Hour), Emitted: map[gotowebinar.Key]time.Time{}}
	for i := range 80 {
		st.Emitted[gotowebinar.Key(1000+i)] = now.Add(-time.Duration(i) * time.Minute)
	}
	st.Emitted[7] = now.Add(-7 * time.Hour) // before the lateness window
	got := st.advance(now)
	assert.Len(t, got.Emitted, attendeesMaxRemembered)
	assert.Equal(t, now.Add(-50*time.Minute), got.EndedThrough, "the mark moves to the newest session forgotten")
	assert.Contains(t, got.Emitted, gotowebinar.Key(1000))
	assert.NotContains(t, got.Emitted, gotowebinar.Key(1050))

	snap := got.snapshot()
	back, ok, err := loadAttendeesState(snap)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, got.EndedThrough, back.EndedThrough)
	assert.Equal(t, got.Emitted, back.Emitted)

	few := attendeesState{EndedThrough: now.Add(-time.Hour), Emitted: map[gotowebinar.Key]time.Time{1: now.Add(-7 * time.Hour), 2: now}}
	got = few.advance(now)
	assert.Equal(t, now.Add(-time.Hour), got.EndedThrough, "the mark never moves back")
	assert.Equal(t, map[gotowebinar.Key]time.Time{2: now}, got.Emitted)
	assert.Less(t, snapshotSize(t, snap), 3000, "the snapshot stays a few KB")
}
