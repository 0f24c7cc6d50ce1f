package component

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestGetWebinar(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := e.comp.handler("getWebinar", e.comp.getWebinar)
	w := e.fake.Webinars(e.organizer.Key)[0]

	t.Run("key from the step field", func(t *testing.T) {
		r := e.run("getWebinar", h, map[string]any{}, e.config(map[string]any{"webinarKey": keyString(w.Key)}), nil)
		require.Equal(t, membus.Acked, r.Outcome)
		require.Len(t, r.Data, 1)
		assert.Equal(t, keyString(w.Key), r.Data[0]["webinarKey"], "keys are strings in output")
		assert.Equal(t, w.Subject, r.Data[0]["subject"])
		assert.Equal(t, keyString(e.organizer.Key), r.Data[0]["organizerKey"])
	})
	t.Run("the body wins over the step field and may carry a number", func(t *testing.T) {
		other := e.fake.Webinars(e.organizer.Key)[1]
		r := e.run("getWebinar", h, map[string]any{"webinarKey": other.Key},
			e.config(map[string]any{"webinarKey": keyString(w.Key)}), nil)
		require.Len(t, r.Data, 1)
		assert.Equal(t, keyString(other.Key), r.Data[0]["webinarKey"])
	})
	t.Run("unknown key is an error naming it", func(t *testing.T) {
		r := e.run("getWebinar", h, map[string]any{"webinarKey": "1234567890123456789"}, e.config(nil), nil)
		assert.Equal(t, membus.Rejected, r.Outcome)
		require.Len(t, r.Events, 1)
		assert.Equal(t, "error", r.Events[0].Kind)
		assert.Contains(t, r.Events[0].Error, "1234567890123456789")
		assert.Contains(t, r.Events[0].Error, "not found")
	})
	t.Run("missing key names the field", func(t *testing.T) {
		r := e.run("getWebinar", h, map[string]any{}, e.config(nil), nil)
		assert.Equal(t, membus.Rejected, r.Outcome)
		assert.Contains(t, r.Events[0].Error, "webinarKey: is required")
	})
	t.Run("an outage outliving the retries becomes a rebound", func(t *testing.T) {
		e.fake.FailNext(10, 503)
		defer e.fake.FailNext(0, 0)
		r := e.run("getWebinar", h, map[string]any{"webinarKey": keyString(w.Key)}, e.config(nil), nil)
		assert.Equal(t, membus.Acked, r.Outcome)
		require.Len(t, r.Events, 1)
		assert.Equal(t, "rebound", r.Events[0].Kind)
	})
}
