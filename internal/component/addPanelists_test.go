package component

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestAddPanelists(t *testing.T) {
	e, _ := newSessionsEnv(t)
	h := e.comp.handler("addPanelists", e.comp.addPanelists)
	w := upcomingWebinar(t, e, 1)
	before := len(e.fake.Panelists(w.Key))

	t.Run("from the body, one message per panelist", func(t *testing.T) {
		r := e.run("addPanelists", h, map[string]any{"webinarKey": w.Key, "panelists": []any{
			map[string]any{"name": "Ann Speaker", "email": "ann@example.com"},
			map[string]any{"name": "Bob Speaker", "email": "bob@example.com"},
		}}, e.config(nil), nil)
		require.Equal(t, membus.Acked, r.Outcome)
		ps := e.fake.Panelists(w.Key)
		require.Len(t, ps, before+2)
		require.Len(t, r.Data, 2)
		for i, p := range ps[before:] {
			assert.Equal(t, map[string]any{"panelistKey": keyString(p.Key), "webinarKey": keyString(w.Key),
				"name": p.Name, "email": p.Email, "joinLink": p.JoinLink}, r.Data[i])
		}
		assert.Equal(t, "Ann Speaker", r.Data[0]["name"])
	})
	t.Run("from the step field as JSON text, all in one message", func(t *testing.T) {
		r := e.run("addPanelists", h, map[string]any{}, e.config(map[string]any{"webinarKey": keyString(w.Key),
			"panelists": `[{"name": "Cy Speaker", "email": "cy@example.com"}]`, "emitBehaviour": "emitAll"}), nil)
		res := allResults(t, r)
		require.Len(t, res, 1)
		ps := e.fake.Panelists(w.Key)
		assert.Equal(t, keyString(ps[len(ps)-1].Key), res[0].(map[string]any)["panelistKey"])
	})
	t.Run("errors name the field", func(t *testing.T) {
		n := len(e.fake.Panelists(w.Key))
		rejectedWith(t, e.run("addPanelists", h, map[string]any{"webinarKey": w.Key}, e.config(nil), nil), "panelists: is required")
		rejectedWith(t, e.run("addPanelists", h, map[string]any{"webinarKey": w.Key, "panelists": []any{
			map[string]any{"name": "Ann", "email": "ann"}}}, e.config(nil), nil), `panelists[0].email: "ann" is not an email address`)
		rejectedWith(t, e.run("addPanelists", h, map[string]any{"webinarKey": w.Key, "panelists": []any{
			map[string]any{"name": "Ann", "email": "ann@example.com", "phone": "1"}}}, e.config(nil), nil),
			"panelists[0].phone: is not a property GoToWebinar takes here (only name, email)")
		rejectedWith(t, e.run("addPanelists", h, map[string]any{"webinarKey": w.Key, "panelists": []any{
			map[string]any{"email": "ann@example.com"}}}, e.config(nil), nil), "panelists[0].name: is required")
		rejectedWith(t, e.run("addPanelists", h, map[string]any{"webinarKey": "1234567890123456789", "panelists": []any{
			map[string]any{"name": "Ann", "email": "ann@example.com"}}}, e.config(nil), nil), "webinar 1234567890123456789", "not found")
		assert.Len(t, e.fake.Panelists(w.Key), n, "nothing was added")
	})
}
