package component

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

// attendeeChecks compares an emitted attendee with the fake's attendance.
func attendeeChecks(t *testing.T, e *env, webinarKey int64, s fake.Session, a fake.Attendance, got map[string]any) {
	t.Helper()
	var reg fake.Registrant
	for _, r := range e.fake.Registrants(webinarKey) {
		if r.Key == a.RegistrantKey {
			reg = r
		}
	}
	assert.Equal(t, keyString(a.RegistrantKey), got["registrantKey"])
	assert.Equal(t, keyString(s.Key), got["sessionKey"])
	assert.Equal(t, keyString(webinarKey), got["webinarKey"])
	assert.Equal(t, reg.Email, got["email"])
	assert.Equal(t, reg.FirstName, got["firstName"])
	assert.Equal(t, reg.LastName, got["lastName"])
	var secs int64
	for _, iv := range a.Intervals {
		secs += int64(iv.End.Sub(iv.Start) / time.Second)
	}
	assert.Equal(t, json.Number(keyString(secs)), got["attendanceTimeInSeconds"])
	att := got["attendance"].([]any)
	require.Len(t, att, len(a.Intervals))
	assert.Equal(t, a.Intervals[0].Start.UTC().Format(time.RFC3339), att[0].(map[string]any)["joinTime"])
}

func TestListAttendees(t *testing.T) {
	e, clock := newSessionsEnv(t)
	h := e.comp.handler("listAttendees", e.comp.listAttendees)

	t.Run("every attendee of every session, paging past 200", func(t *testing.T) {
		var large fake.Webinar
		for _, w := range e.fake.Webinars(e.organizer.Key) {
			if len(e.fake.Registrants(w.Key)) > 200 {
				large = w
			}
		}
		require.NotZero(t, large.Key)
		start := clock.At(-3 * time.Hour)
		s1, _ := e.fake.AddSession(large.Key, fake.TimeRange{Start: start, End: start.Add(time.Hour)})
		s2, _ := e.fake.AddSession(large.Key, fake.TimeRange{Start: start.Add(90 * time.Minute), End: start.Add(150 * time.Minute)})
		total := len(s1.Attendees) + len(s2.Attendees)
		require.Greater(t, total, 200)

		r := e.run("listAttendees", h, map[string]any{}, e.config(map[string]any{"webinarKey": keyString(large.Key)}), nil)
		require.Equal(t, membus.Acked, r.Outcome)
		require.Len(t, r.Data, total)
		attendeeChecks(t, e, large.Key, s1, s1.Attendees[0], r.Data[0])
		attendeeChecks(t, e, large.Key, s2, s2.Attendees[len(s2.Attendees)-1], r.Data[total-1])

		r = e.run("listAttendees", h, map[string]any{"webinarKey": large.Key}, e.config(map[string]any{"emitBehaviour": "emitAll"}), nil)
		res := allResults(t, r)
		require.Len(t, res, total)
		attendeeChecks(t, e, large.Key, s1, s1.Attendees[1], res[1].(map[string]any))
	})
	t.Run("a webinar without sessions has no attendees", func(t *testing.T) {
		w := upcomingWebinar(t, e, 1)
		r := e.run("listAttendees", h, map[string]any{"webinarKey": keyString(w.Key)}, e.config(nil), nil)
		assert.Equal(t, membus.Acked, r.Outcome)
		assert.Empty(t, r.Events)
		r = e.run("listAttendees", h, map[string]any{"webinarKey": keyString(w.Key)}, e.config(map[string]any{"emitBehaviour": "emitAll"}), nil)
		assert.Empty(t, allResults(t, r))
	})
	t.Run("errors", func(t *testing.T) {
		rejectedWith(t, e.run("listAttendees", h, map[string]any{}, e.config(nil), nil), "webinarKey: is required")
		rejectedWith(t, e.run("listAttendees", h, map[string]any{"webinarKey": "1234567890123456789"}, e.config(nil), nil),
			"webinar 1234567890123456789", "not found")
	})
}
