package component

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestDeleteRegistrant(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := e.comp.handler("deleteRegistrant", e.comp.deleteRegistrant)
	w := regPlainWebinar(e)
	reg := e.fake.Registrants(w.Key)[0]
	cfg := e.config(map[string]any{"webinarKey": keyString(w.Key)})

	r := e.run("deleteRegistrant", h, map[string]any{"registrantKey": keyString(reg.Key)}, cfg, nil)
	require.Equal(t, membus.Acked, r.Outcome, r.Events)
	assert.Equal(t, []map[string]any{{"webinarKey": keyString(w.Key), "registrantKey": keyString(reg.Key), "deleted": true}}, r.Data)
	_, still := regFind(e, w.Key, reg.Email)
	assert.False(t, still)

	t.Run("again: not found, naming the key", func(t *testing.T) {
		r := e.run("deleteRegistrant", h, map[string]any{"registrantKey": keyString(reg.Key)}, cfg, nil)
		assert.Equal(t, membus.Rejected, r.Outcome)
		assert.Contains(t, r.Events[0].Error, "registrant "+keyString(reg.Key))
		assert.Contains(t, r.Events[0].Error, "not found")
	})
	t.Run("a past webinar: the API's reason", func(t *testing.T) {
		var past int64
		for _, pw := range e.fake.Webinars(e.organizer.Key) {
			if pw.Times[len(pw.Times)-1].End.Before(time.Now()) && len(e.fake.Registrants(pw.Key)) > 0 {
				past = pw.Key
				break
			}
		}
		require.NotZero(t, past)
		old := e.fake.Registrants(past)[0]
		r := e.run("deleteRegistrant", h, map[string]any{"webinarKey": keyString(past), "registrantKey": keyString(old.Key)}, e.config(nil), nil)
		assert.Equal(t, membus.Rejected, r.Outcome)
		assert.Contains(t, r.Events[0].Error, "past webinar cannot be deleted")
	})
}
