package component

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestWebinarChanges(t *testing.T) {
	e, now := webinarEnv(t)
	h := e.comp.handler("webinarChanges", e.comp.webinarChanges)
	update := e.comp.handler("updateWebinar", e.comp.updateWebinar)
	cancel := e.comp.handler("cancelWebinar", e.comp.cancelWebinar)
	tick := map[string]any{}
	day := func(d int) time.Time { return now.Truncate(time.Hour).AddDate(0, 0, d) }
	renamed := createTestWebinar(t, e, oneSession("Old name", day(3)))
	moved := createTestWebinar(t, e, oneSession("Moved", day(4)))
	gone := createTestWebinar(t, e, oneSession("Gone", day(5)))
	away := createTestWebinar(t, e, oneSession("Far away", day(6)))
	quiet := createTestWebinar(t, e, oneSession("Quiet", day(7)))

	first := e.run("webinarChanges", h, tick, e.config(nil), nil)
	require.Equal(t, membus.Acked, first.Outcome, "%+v", first.Events)
	assert.Empty(t, first.Data, "the first poll only records")
	assert.Less(t, snapshotSize(t, first.Snapshot), 5000)

	edit := func(name string, in map[string]any) {
		t.Helper()
		hs := map[string]sailor.Handler{"updateWebinar": update, "cancelWebinar": cancel}
		r := e.run(name, hs[name], in, e.config(nil), nil)
		require.Equal(t, membus.Acked, r.Outcome, "%+v", r.Events)
	}
	span := func(s time.Time) []any {
		return []any{map[string]any{"startTime": s.Format(time.RFC3339), "endTime": s.Add(time.Hour).Format(time.RFC3339)}}
	}
	edit("updateWebinar", map[string]any{"webinarKey": renamed, "subject": "New name"})
	edit("updateWebinar", map[string]any{"webinarKey": moved, "times": span(day(9))})
	edit("cancelWebinar", map[string]any{"webinarKey": gone})
	edit("updateWebinar", map[string]any{"webinarKey": away, "times": span(now.AddDate(3, 0, 0))})
	edit("updateWebinar", map[string]any{"webinarKey": quiet, "description": "not watched"})

	rs := e.runMany("webinarChanges", h, []any{tick, tick}, e.config(nil), first.Snapshot)
	require.Equal(t, membus.Acked, rs[0].Outcome, "%+v", rs[0].Events)
	byKey := map[string]map[string]any{}
	for _, d := range rs[0].Data {
		byKey[d["webinarKey"].(string)] = d
	}
	require.Len(t, rs[0].Data, 4, "%v", rs[0].Data)
	assert.Equal(t, "updated", byKey[renamed]["changeType"])
	assert.Equal(t, []any{"subject"}, byKey[renamed]["changedFields"])
	assert.Equal(t, "New name", byKey[renamed]["subject"])
	assert.Equal(t, []any{"times"}, byKey[moved]["changedFields"])
	assert.Equal(t, span(day(9)), byKey[moved]["times"])
	assert.Equal(t, map[string]any{"webinarKey": gone, "changeType": "cancelled"}, byKey[gone])
	assert.Equal(t, []any{"times"}, byKey[away]["changedFields"], "moved out of the watched window")
	assert.Equal(t, "Far away", byKey[away]["subject"])
	assert.Empty(t, rs[1].Data, "nothing twice")

	t.Run("after a restart, a change is still seen once", func(t *testing.T) {
		edit("updateWebinar", map[string]any{"webinarKey": renamed, "subject": "Newer name"})
		r := e.run("webinarChanges", h, tick, e.config(nil), rs[1].Snapshot)
		require.Len(t, r.Data, 1)
		assert.Equal(t, renamed, r.Data[0]["webinarKey"])
		r = e.run("webinarChanges", h, tick, e.config(nil), r.Snapshot)
		assert.Empty(t, r.Data)
	})
}
