package component

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestUpdateWebinar(t *testing.T) {
	e, now := webinarEnv(t)
	h := e.comp.handler("updateWebinar", e.comp.updateWebinar)
	start := now.Add(96 * time.Hour).Truncate(time.Hour)
	key := createTestWebinar(t, e, oneSession("Before", start))

	t.Run("partial update emits the webinar afterwards", func(t *testing.T) {
		moved := start.Add(24 * time.Hour)
		in := map[string]any{"webinarKey": key, "subject": "After", "notifyParticipants": true,
			"times": []any{map[string]any{"startTime": moved.Format(time.RFC3339), "endTime": moved.Add(2 * time.Hour).Format(time.RFC3339)}}}
		r := e.run("updateWebinar", h, in, e.config(nil), nil)
		require.Equal(t, membus.Acked, r.Outcome, "%+v", r.Events)
		require.Len(t, r.Data, 1)
		assert.Equal(t, key, r.Data[0]["webinarKey"])
		assert.Equal(t, "After", r.Data[0]["subject"])
		assert.Equal(t, []any{map[string]any{"startTime": moved.Format(time.RFC3339), "endTime": moved.Add(2 * time.Hour).Format(time.RFC3339)}}, r.Data[0]["times"])
		w := fakeWebinar(t, e, key)
		assert.Equal(t, "After", w.Subject)
		assert.Equal(t, moved, w.Times[0].Start)
		assert.Empty(t, w.Description, "what was not sent is untouched")
	})
	t.Run("key from the step field, description only", func(t *testing.T) {
		r := e.run("updateWebinar", h, map[string]any{"description": "New text"}, e.config(map[string]any{"webinarKey": key}), nil)
		require.Len(t, r.Data, 1, "%+v", r.Events)
		assert.Equal(t, "New text", fakeWebinar(t, e, key).Description)
		assert.Equal(t, "After", fakeWebinar(t, e, key).Subject)
	})
	t.Run("errors", func(t *testing.T) {
		var past string
		for _, w := range e.fake.Webinars(e.organizer.Key) {
			if w.Times[len(w.Times)-1].End.Before(now) {
				past = keyString(w.Key)
				break
			}
		}
		cases := map[string]map[string]any{
			"nothing to update":                      {"webinarKey": key},
			"webinarKey: is required":                {"subject": "x"},
			"locale: \"en_GB\" is not one of":        {"webinarKey": key, "locale": "en_GB"},
			"type: is not an input of updateWebinar": {"webinarKey": key, "type": "series"},
			"has ended cannot be updated":            {"webinarKey": past, "subject": "x"},
			"not found":                              {"webinarKey": "1234567890123456789", "subject": "x"},
		}
		for want, in := range cases {
			r := e.run("updateWebinar", h, in, e.config(nil), nil)
			assert.Equal(t, membus.Rejected, r.Outcome, want)
			require.Len(t, r.Events, 1, want)
			assert.Contains(t, r.Events[0].Error, want)
		}
	})
}
