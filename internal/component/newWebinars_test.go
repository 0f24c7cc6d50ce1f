package component

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestNewWebinars(t *testing.T) {
	e, now := webinarEnv(t)
	h := e.comp.handler("newWebinars", e.comp.newWebinars)
	tick := map[string]any{}

	t.Run("first poll without startTime: nothing, then each new webinar once", func(t *testing.T) {
		first := e.run("newWebinars", h, tick, e.config(nil), nil)
		require.Equal(t, membus.Acked, first.Outcome, "%+v", first.Events)
		assert.Empty(t, first.Data)
		require.NotNil(t, first.Snapshot["polledAt"])
		assert.Less(t, snapshotSize(t, first.Snapshot), 5000)

		far := createTestWebinar(t, e, oneSession("Far ahead", now.AddDate(1, 6, 0)))
		soon := createTestWebinar(t, e, oneSession("Soon", now.Add(5*time.Hour)))
		// Polls two and three in one container; the second one after a
		// restart (a fresh container from the stored snapshot).
		rs := e.runMany("newWebinars", h, []any{tick, tick}, e.config(nil), first.Snapshot)
		require.Equal(t, membus.Acked, rs[0].Outcome, "%+v", rs[0].Events)
		assert.Equal(t, []string{soon, far}, webinarKeysOf(rs[0]), "new webinars by start, once")
		assert.Equal(t, "Soon", rs[0].Data[0]["subject"])
		assert.Equal(t, keyString(e.organizer.Key), rs[0].Data[0]["organizerKey"])
		assert.Empty(t, rs[1].Data, "nothing twice")
		again := e.run("newWebinars", h, tick, e.config(nil), rs[1].Snapshot)
		assert.Empty(t, again.Data, "nothing twice after a restart")
		kinds := []string{}
		for _, ev := range rs[0].Events {
			kinds = append(kinds, ev.Kind)
		}
		assert.Equal(t, []string{"data", "data", "snapshot"}, kinds, "the snapshot comes after the data")
	})
	t.Run("first poll with startTime: every webinar scheduled from then on", func(t *testing.T) {
		start := now.AddDate(0, 0, -30)
		cfg := e.config(map[string]any{"startTime": start.Format(time.RFC3339)})
		rs := e.runMany("newWebinars", h, []any{tick, tick}, cfg, nil)
		require.Equal(t, membus.Acked, rs[0].Outcome, "%+v", rs[0].Events)
		want := startsIn(e.fake.Webinars(e.organizer.Key), start, now.AddDate(watchYears, 0, 0))
		assert.ElementsMatch(t, want, webinarKeysOf(rs[0]))
		assert.Len(t, rs[0].Data, len(want), "no duplicates")
		assert.Less(t, snapshotSize(t, rs[0].Snapshot), 5000)
		assert.Empty(t, rs[1].Data)

		late := createTestWebinar(t, e, oneSession("Later", now.Add(6*time.Hour)))
		r := e.run("newWebinars", h, tick, cfg, rs[1].Snapshot)
		assert.Equal(t, []string{late}, webinarKeysOf(r), "startTime only matters on the first poll")
	})
	t.Run("a failed poll becomes a rebound and keeps the snapshot", func(t *testing.T) {
		first := e.run("newWebinars", h, tick, e.config(nil), nil)
		e.fake.FailNext(10, 503)
		failed := e.run("newWebinars", h, tick, e.config(nil), first.Snapshot)
		e.fake.FailNext(0, 0)
		require.Len(t, failed.Events, 1)
		assert.Equal(t, "rebound", failed.Events[0].Kind)
		assert.Equal(t, first.Snapshot, failed.Snapshot)
		r := e.run("newWebinars", h, tick, e.config(nil), failed.Snapshot)
		assert.Empty(t, r.Data)
	})
	t.Run("an unreadable snapshot is an error that says how to recover", func(t *testing.T) {
		r := e.run("newWebinars", h, tick, e.config(nil), map[string]any{"polledAt": "x"})
		assert.Equal(t, membus.Rejected, r.Outcome)
		assert.Contains(t, r.Events[0].Error, "reset the snapshot")
		r = e.run("newWebinars", h, tick, e.config(map[string]any{"startTime": "last week"}), nil)
		assert.Contains(t, r.Events[0].Error, "startTime:")
	})
}
