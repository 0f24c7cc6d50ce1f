package component

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

// fakeWebinar is the fake's record of a webinar by key string.
func fakeWebinar(t *testing.T, e *env, key string) fake.Webinar {
	t.Helper()
	k, err := gotowebinar.ParseKey(key)
	require.NoError(t, err)
	w, ok := e.fake.Webinar(int64(k))
	require.True(t, ok, "webinar %s", key)
	return w
}

func TestCancelWebinar(t *testing.T) {
	e, now := webinarEnv(t)
	h := e.comp.handler("cancelWebinar", e.comp.cancelWebinar)
	key := createTestWebinar(t, e, oneSession("Doomed", now.Add(48*time.Hour)))

	t.Run("cancels and emits the key", func(t *testing.T) {
		r := e.run("cancelWebinar", h, map[string]any{"webinarKey": key, "sendCancellationEmails": true}, e.config(nil), nil)
		require.Equal(t, membus.Acked, r.Outcome, "%+v", r.Events)
		require.Len(t, r.Data, 1)
		assert.Equal(t, map[string]any{"webinarKey": key, "cancelled": true, "sendCancellationEmails": true}, r.Data[0])
		assert.True(t, fakeWebinar(t, e, key).Cancelled)
	})
	t.Run("a cancelled webinar is not found", func(t *testing.T) {
		r := e.run("cancelWebinar", h, map[string]any{}, e.config(map[string]any{"webinarKey": key}), nil)
		assert.Equal(t, membus.Rejected, r.Outcome)
		assert.Contains(t, r.Events[0].Error, "cancel webinar "+key+": not found")
	})
	t.Run("deleteAll false cancels one session of a series", func(t *testing.T) {
		start := now.Add(24 * time.Hour)
		var times []any
		for i := range 2 {
			s := start.AddDate(0, 0, 7*i)
			times = append(times, map[string]any{"startTime": s.Format(time.RFC3339), "endTime": s.Add(time.Hour).Format(time.RFC3339)})
		}
		first := createTestWebinar(t, e, map[string]any{"subject": "Two parts", "type": "series", "times": times})
		r := e.run("cancelWebinar", h, map[string]any{"webinarKey": first}, e.config(map[string]any{"deleteAll": "false"}), nil)
		require.Len(t, r.Data, 1, "%+v", r.Events)
		n := 0
		for _, w := range e.fake.Webinars(e.organizer.Key) {
			if w.Subject == "Two parts" {
				n++
			}
		}
		assert.Equal(t, 1, n, "the other session stays")
	})
	t.Run("errors", func(t *testing.T) {
		var live string
		for _, w := range e.fake.Webinars(e.organizer.Key) {
			if w.Subject == "Live now: ask me anything" {
				live = keyString(w.Key)
			}
		}
		other := createTestWebinar(t, e, oneSession("Kept", now.Add(50*time.Hour)))
		cases := map[string]map[string]any{
			"in session":                      {"webinarKey": live},
			"deleteAll: \"maybe\" is not":     {"webinarKey": other, "deleteAll": "maybe"},
			"webinarKey: is required":         {},
			"notify: is not an input of":      {"webinarKey": other, "notify": true},
			"webinarKey: \"abc\" is not a Go": {"webinarKey": "abc"},
		}
		for want, in := range cases {
			r := e.run("cancelWebinar", h, in, e.config(nil), nil)
			assert.Equal(t, membus.Rejected, r.Outcome, want)
			require.Len(t, r.Events, 1, want)
			assert.Contains(t, r.Events[0].Error, want)
		}
		assert.False(t, fakeWebinar(t, e, other).Cancelled)
	})
}
