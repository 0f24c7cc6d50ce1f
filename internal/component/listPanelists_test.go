package component

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

// webinarWithPanelists is a webinar of the main organizer with the two
// seeded panelists.
func webinarWithPanelists(t *testing.T, e *env) (int64, []fake.Panelist) {
	t.Helper()
	for _, w := range e.fake.Webinars(e.organizer.Key) {
		if ps := e.fake.Panelists(w.Key); len(ps) == 2 {
			return w.Key, ps
		}
	}
	require.FailNow(t, "no webinar with panelists")
	return 0, nil
}

func TestListPanelists(t *testing.T) {
	e, _ := newSessionsEnv(t)
	h := e.comp.handler("listPanelists", e.comp.listPanelists)
	wk, ps := webinarWithPanelists(t, e)

	r := e.run("listPanelists", h, map[string]any{}, e.config(map[string]any{"webinarKey": keyString(wk)}), nil)
	require.Equal(t, membus.Acked, r.Outcome)
	require.Len(t, r.Data, 2)
	for i, p := range ps {
		assert.Equal(t, map[string]any{"panelistKey": keyString(p.Key), "webinarKey": keyString(wk),
			"name": p.Name, "email": p.Email, "joinLink": p.JoinLink}, r.Data[i])
	}
	r = e.run("listPanelists", h, map[string]any{"webinarKey": wk}, e.config(map[string]any{"emitBehaviour": "emitAll"}), nil)
	assert.Len(t, allResults(t, r), 2)

	rejectedWith(t, e.run("listPanelists", h, map[string]any{"webinarKey": "1234567890123456789"}, e.config(nil), nil),
		"1234567890123456789", "not found")
	rejectedWith(t, e.run("listPanelists", h, map[string]any{}, e.config(nil), nil), "webinarKey: is required")
}
