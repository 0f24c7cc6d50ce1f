package component

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestRemovePanelist(t *testing.T) {
	e, _ := newSessionsEnv(t)
	h := e.comp.handler("removePanelist", e.comp.removePanelist)
	wk, ps := webinarWithPanelists(t, e)
	cfg := e.config(map[string]any{"webinarKey": keyString(wk)})

	r := e.run("removePanelist", h, map[string]any{"panelistKey": ps[0].Key}, cfg, nil)
	require.Equal(t, membus.Acked, r.Outcome)
	assert.Equal(t, []map[string]any{{"webinarKey": keyString(wk), "panelistKey": keyString(ps[0].Key), "removed": true}}, r.Data)
	assert.Equal(t, ps[1:], e.fake.Panelists(wk))

	rejectedWith(t, e.run("removePanelist", h, map[string]any{"panelistKey": ps[0].Key}, cfg, nil),
		"remove panelist "+keyString(ps[0].Key)+" from webinar "+keyString(wk), "not found")
	rejectedWith(t, e.run("removePanelist", h, map[string]any{}, cfg, nil), "panelistKey: is required")
	rejectedWith(t, e.run("removePanelist", h, map[string]any{"panelistKey": "x1"}, cfg, nil), `panelistKey: "x1" is not a GoToWebinar key`)
}
