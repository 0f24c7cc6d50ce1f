package component

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

// webinarWithCoorganizers is a webinar with the seeded internal and
// external co-organizers.
func webinarWithCoorganizers(t *testing.T, e *env) (int64, []fake.Coorganizer) {
	t.Helper()
	for _, w := range e.fake.Webinars(e.organizer.Key) {
		if cs := e.fake.Coorganizers(w.Key); len(cs) == 2 {
			require.False(t, cs[0].External)
			require.True(t, cs[1].External)
			return w.Key, cs
		}
	}
	require.FailNow(t, "no webinar with co-organizers")
	return 0, nil
}

func TestListCoorganizers(t *testing.T) {
	e, _ := newSessionsEnv(t)
	h := e.comp.handler("listCoorganizers", e.comp.listCoorganizers)
	wk, cs := webinarWithCoorganizers(t, e)

	r := e.run("listCoorganizers", h, map[string]any{}, e.config(map[string]any{"webinarKey": keyString(wk)}), nil)
	require.Equal(t, membus.Acked, r.Outcome)
	assert.Equal(t, []map[string]any{coorganizerMap(wk, cs[0]), coorganizerMap(wk, cs[1])}, r.Data)
	r = e.run("listCoorganizers", h, map[string]any{"webinarKey": wk}, e.config(map[string]any{"emitBehaviour": "emitAll"}), nil)
	assert.Len(t, allResults(t, r), 2)

	w := upcomingWebinar(t, e, 1)
	r = e.run("listCoorganizers", h, map[string]any{"webinarKey": w.Key}, e.config(nil), nil)
	assert.Equal(t, membus.Acked, r.Outcome)
	assert.Empty(t, r.Events)
	rejectedWith(t, e.run("listCoorganizers", h, map[string]any{"webinarKey": "1234567890123456789"}, e.config(nil), nil),
		"1234567890123456789", "not found")
}
