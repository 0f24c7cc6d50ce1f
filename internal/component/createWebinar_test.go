package component

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestCreateWebinar(t *testing.T) {
	e, now := webinarEnv(t)
	h := e.comp.handler("createWebinar", e.comp.createWebinar)
	start := now.Add(72 * time.Hour).Truncate(time.Hour)
	at := func(d time.Duration) string { return start.Add(d).Format(time.RFC3339) }

	t.Run("single session: emits the created webinar", func(t *testing.T) {
		in := map[string]any{"subject": "Launch", "description": "All about it", "timeZone": "Europe/Rome",
			"locale": "it_IT", "experienceType": "broadcast", "isPasswordProtected": true,
			"times":         []any{map[string]any{"startTime": at(0), "endTime": at(time.Hour)}},
			"emailSettings": map[string]any{"reminderEmail": map[string]any{"enabled": false}}}
		r := e.run("createWebinar", h, in, e.config(nil), nil)
		require.Equal(t, membus.Acked, r.Outcome, "%+v", r.Events)
		require.Len(t, r.Data, 1)
		out := r.Data[0]
		key, err := gotowebinar.ParseKey(out["webinarKey"].(string))
		require.NoError(t, err)
		w, ok := e.fake.Webinar(int64(key))
		require.True(t, ok)
		assert.Equal(t, "Launch", w.Subject)
		assert.Equal(t, "Europe/Rome", w.TimeZone)
		assert.Equal(t, "BROADCAST", w.ExperienceType)
		assert.True(t, w.IsPasswordProtected)
		assert.Equal(t, start, w.Times[0].Start)
		assert.Equal(t, "Launch", out["subject"])
		assert.Equal(t, "single_session", out["type"])
		assert.Equal(t, keyString(e.organizer.Key), out["organizerKey"])
		assert.Equal(t, []any{map[string]any{"startTime": at(0), "endTime": at(time.Hour)}}, out["times"])
		assert.NotContains(t, out, "recurrenceKey")
	})
	t.Run("startTime and endTime are a shortcut for one session", func(t *testing.T) {
		r := e.run("createWebinar", h, map[string]any{"subject": "Short", "startTime": at(0), "endTime": at(30 * time.Minute)}, e.config(nil), nil)
		require.Len(t, r.Data, 1, "%+v", r.Events)
		assert.Equal(t, []any{map[string]any{"startTime": at(0), "endTime": at(30 * time.Minute)}}, r.Data[0]["times"])
	})
	t.Run("series: one webinar per time, with the recurrenceKey", func(t *testing.T) {
		var times []any
		for i := range 3 {
			d := time.Duration(i) * 7 * 24 * time.Hour
			times = append(times, map[string]any{"startTime": at(d), "endTime": at(d + time.Hour)})
		}
		r := e.run("createWebinar", h, map[string]any{"subject": "Series X", "type": "series", "times": times}, e.config(nil), nil)
		require.Len(t, r.Data, 1, "%+v", r.Events)
		rk := r.Data[0]["recurrenceKey"].(string)
		assert.NotEmpty(t, rk)
		n := 0
		for _, w := range e.fake.Webinars(e.organizer.Key) {
			if w.Subject == "Series X" {
				n++
				assert.Equal(t, rk, keyString(w.RecurrenceKey))
			}
		}
		assert.Equal(t, 3, n)
	})
	t.Run("sequence from a recurrence pattern", func(t *testing.T) {
		in := map[string]any{"subject": "Weekly", "type": "sequence", "recurrencePattern": "weekly",
			"recurrenceStart": map[string]any{"startTime": at(0), "endTime": at(time.Hour)},
			"recurrenceEnd":   start.AddDate(0, 0, 21).Format(time.DateOnly)}
		r := e.run("createWebinar", h, in, e.config(nil), nil)
		require.Len(t, r.Data, 1, "%+v", r.Events)
		assert.Equal(t, "sequence", r.Data[0]["type"])
		assert.Len(t, r.Data[0]["times"], 4)
	})
	t.Run("errors name the field", func(t *testing.T) {
		one := []any{map[string]any{"startTime": at(0), "endTime": at(time.Hour)}}
		cases := map[string]map[string]any{
			"subject: is required":                            {"times": one},
			"times: is required":                              {"subject": "x"},
			"times[0].endTime: must be after startTime":       {"subject": "x", "times": []any{map[string]any{"startTime": at(time.Hour), "endTime": at(0)}}},
			"times[0].start: is not part of a time":           {"subject": "x", "times": []any{map[string]any{"start": at(0)}}},
			"type: \"webcast\" is not one of":                 {"subject": "x", "times": one, "type": "webcast"},
			"approvalType: GoToWebinar's API cannot":          {"subject": "x", "times": one, "approvalType": "MANUAL"},
			"colour: is not an input of createWebinar":        {"subject": "x", "times": one, "colour": "blue"},
			"emailSettings: takes confirmationEmail":          {"subject": "x", "times": one, "emailSettings": map[string]any{"reminder": true}},
			"isOndemand: \"sometimes\" is not true or false":  {"subject": "x", "times": one, "isOndemand": "sometimes"},
			"recurrenceEnd: is required":                      {"subject": "x", "type": "sequence", "recurrencePattern": "daily", "recurrenceStart": one[0]},
			"GoToWebinar refused the input":                   {"subject": strings.Repeat("s", 129), "times": one},
			"a single_session webinar takes exactly one time": {"subject": "x", "times": append(one, map[string]any{"startTime": at(2 * time.Hour), "endTime": at(3 * time.Hour)})},
		}
		for want, in := range cases {
			r := e.run("createWebinar", h, in, e.config(nil), nil)
			assert.Equal(t, membus.Rejected, r.Outcome, want)
			require.Len(t, r.Events, 1, want)
			assert.Contains(t, r.Events[0].Error, want)
		}
	})
}
