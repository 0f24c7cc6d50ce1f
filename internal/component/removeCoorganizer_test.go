package component

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestRemoveCoorganizer(t *testing.T) {
	e, _ := newSessionsEnv(t)
	h := e.comp.handler("removeCoorganizer", e.comp.removeCoorganizer)
	wk, cs := webinarWithCoorganizers(t, e)
	cfg := e.config(map[string]any{"webinarKey": keyString(wk)})

	t.Run("the external flag given wrongly is a not-found", func(t *testing.T) {
		rejectedWith(t, e.run("removeCoorganizer", h, map[string]any{"coorganizerKey": keyString(cs[1].MemberKey), "external": false}, cfg, nil),
			"remove co-organizer "+keyString(cs[1].MemberKey)+" (external: false)", "not found")
	})
	t.Run("the external flag is found when not given", func(t *testing.T) {
		r := e.run("removeCoorganizer", h, map[string]any{"coorganizerKey": keyString(cs[1].MemberKey)}, cfg, nil)
		require.Equal(t, membus.Acked, r.Outcome)
		assert.Equal(t, []map[string]any{{"webinarKey": keyString(wk), "coorganizerKey": keyString(cs[1].MemberKey),
			"external": true, "removed": true}}, r.Data)
	})
	t.Run("the external flag as text", func(t *testing.T) {
		r := e.run("removeCoorganizer", h, map[string]any{"coorganizerKey": cs[0].MemberKey, "external": "false"}, cfg, nil)
		require.Equal(t, membus.Acked, r.Outcome)
		assert.Equal(t, false, r.Data[0]["external"])
		assert.Empty(t, e.fake.Coorganizers(wk))
	})
	t.Run("errors", func(t *testing.T) {
		rejectedWith(t, e.run("removeCoorganizer", h, map[string]any{"coorganizerKey": "1234567890123456789"}, cfg, nil),
			"co-organizer 1234567890123456789", "not found")
		rejectedWith(t, e.run("removeCoorganizer", h, map[string]any{"coorganizerKey": "1", "external": "perhaps"}, cfg, nil),
			"external: must be true or false")
		rejectedWith(t, e.run("removeCoorganizer", h, map[string]any{}, cfg, nil), "coorganizerKey: is required")
	})
}
