package component

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func sessionKeyStrings(ss []fake.Session) []string {
	var out []string
	for _, s := range ss {
		out = append(out, keyString(s.Key))
	}
	return out
}

func TestListSessions(t *testing.T) {
	e, clock := newSessionsEnv(t)
	h := e.comp.handler("listSessions", e.comp.listSessions)
	now := clock.Now()

	t.Run("default range is the last 90 days, one message per session", func(t *testing.T) {
		want := organizerSessions(e, now.Add(-90*24*time.Hour), now, now)
		require.NotEmpty(t, want)
		r := e.run("listSessions", h, map[string]any{}, e.config(nil), nil)
		require.Equal(t, membus.Acked, r.Outcome)
		assert.Equal(t, sessionKeyStrings(want), dataKeys(r, "sessionKey"))
		first, w := r.Data[0], want[0]
		wb, _ := e.fake.Webinar(w.WebinarKey)
		assert.Equal(t, keyString(w.WebinarKey), first["webinarKey"])
		assert.Equal(t, wb.Subject, first["webinarName"])
		assert.Equal(t, w.Start.UTC().Format(time.RFC3339), first["startTime"])
		assert.Equal(t, w.End.UTC().Format(time.RFC3339), first["endTime"])
		assert.Equal(t, keyString(e.organizer.Key), first["creatingOrganizerKey"])
	})
	t.Run("a range from the fields, all in one message", func(t *testing.T) {
		from, to := now.Add(-200*24*time.Hour), now.Add(-100*24*time.Hour)
		want := organizerSessions(e, from, to, now)
		require.NotEmpty(t, want)
		r := e.run("listSessions", h, map[string]any{"toTime": to.Format(time.RFC3339)},
			e.config(map[string]any{"fromTime": from.Format(time.RFC3339), "emitBehaviour": "emitAll"}), nil)
		res := allResults(t, r)
		require.Len(t, res, len(want))
		assert.Equal(t, keyString(want[0].Key), res[0].(map[string]any)["sessionKey"])
	})
	t.Run("the sessions of one webinar, filtered by start", func(t *testing.T) {
		var w fake.Webinar
		for _, c := range e.fake.Webinars(e.organizer.Key) {
			if len(e.fake.Sessions(c.Key)) > 1 {
				w = c
				break
			}
		}
		ss := e.fake.Sessions(w.Key)
		require.Greater(t, len(ss), 1, "a sequence has several sessions")
		r := e.run("listSessions", h, map[string]any{"webinarKey": keyString(w.Key)}, e.config(nil), nil)
		assert.Equal(t, sessionKeyStrings(ss), dataKeys(r, "sessionKey"))
		r = e.run("listSessions", h, map[string]any{"webinarKey": w.Key, "fromTime": ss[1].Start.Format(time.RFC3339)}, e.config(nil), nil)
		assert.Equal(t, sessionKeyStrings(ss[1:]), dataKeys(r, "sessionKey"))
	})
	t.Run("errors name the field", func(t *testing.T) {
		rejectedWith(t, e.run("listSessions", h, map[string]any{"fromTime": "yesterday"}, e.config(nil), nil), "fromTime", "ISO 8601")
		rejectedWith(t, e.run("listSessions", h, map[string]any{"fromTime": now.Format(time.RFC3339),
			"toTime": now.Add(-time.Hour).Format(time.RFC3339)}, e.config(nil), nil), "fromTime: must not be after toTime")
		rejectedWith(t, e.run("listSessions", h, map[string]any{"from": "2026-01-01T00:00:00Z"}, e.config(nil), nil),
			"from: is not an input of listSessions", "fromTime")
		rejectedWith(t, e.run("listSessions", h, map[string]any{"webinarKey": "1234567890123456789"}, e.config(nil), nil),
			"1234567890123456789", "not found")
	})
}

func TestListSessionsPagesPast200(t *testing.T) {
	e, clock := newSessionsEnv(t)
	h := e.comp.handler("listSessions", e.comp.listSessions)
	now := clock.Now()
	w := upcomingWebinar(t, e, 1)
	for i := range 190 {
		start := now.Add(-time.Duration(i+1) * 9 * time.Hour)
		_, ok := e.fake.AddSession(w.Key, fake.TimeRange{Start: start, End: start.Add(time.Hour)})
		require.True(t, ok)
	}
	want := organizerSessions(e, now.Add(-90*24*time.Hour), now, now)
	require.Greater(t, len(want), 200)

	r := e.run("listSessions", h, map[string]any{}, e.config(nil), nil)
	assert.Equal(t, sessionKeyStrings(want), dataKeys(r, "sessionKey"))
	r = e.run("listSessions", h, map[string]any{}, e.config(map[string]any{"emitBehaviour": "emitAll"}), nil)
	assert.Len(t, allResults(t, r), len(want))
}
