package component

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestListSessionAttendees(t *testing.T) {
	e, _ := newSessionsEnv(t)
	h := e.comp.handler("listSessionAttendees", e.comp.listSessionAttendees)
	w, s := seededSession(t, e)

	r := e.run("listSessionAttendees", h, map[string]any{"sessionKey": keyString(s.Key)},
		e.config(map[string]any{"webinarKey": keyString(w.Key)}), nil)
	require.Equal(t, membus.Acked, r.Outcome)
	require.Len(t, r.Data, len(s.Attendees))
	for i, a := range s.Attendees {
		attendeeChecks(t, e, w.Key, s, a, r.Data[i])
	}
	r = e.run("listSessionAttendees", h, map[string]any{"sessionKey": s.Key, "webinarKey": w.Key},
		e.config(map[string]any{"emitBehaviour": "emitAll"}), nil)
	assert.Len(t, allResults(t, r), len(s.Attendees))

	rejectedWith(t, e.run("listSessionAttendees", h, map[string]any{"webinarKey": w.Key, "sessionKey": "1234567890123456789"},
		e.config(nil), nil), "session 1234567890123456789 of webinar "+keyString(w.Key), "not found")
	rejectedWith(t, e.run("listSessionAttendees", h, map[string]any{"webinarKey": w.Key}, e.config(nil), nil), "sessionKey: is required")
}
