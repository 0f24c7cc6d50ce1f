package component

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestListWebinars(t *testing.T) {
	e, now := webinarEnv(t)
	h := e.comp.handler("listWebinars", e.comp.listWebinars)
	all := e.fake.Webinars(e.organizer.Key)

	t.Run("default range: from now to one year ahead", func(t *testing.T) {
		r := e.run("listWebinars", h, map[string]any{}, e.config(nil), nil)
		require.Equal(t, membus.Acked, r.Outcome)
		want := startsIn(all, now, now.AddDate(1, 0, 0))
		require.NotEmpty(t, want)
		assert.ElementsMatch(t, want, webinarKeysOf(r))
		first := r.Data[0]
		assert.Equal(t, keyString(e.organizer.Key), first["organizerKey"], "keys are strings")
		assert.NotEmpty(t, first["subject"])
		times := first["times"].([]any)
		start := times[0].(map[string]any)["startTime"].(string)
		_, err := time.Parse(time.RFC3339, start)
		assert.NoError(t, err)
		assert.Contains(t, start, "Z", "times are UTC")
	})
	t.Run("a range past 200 webinars pages through all, one message each", func(t *testing.T) {
		require.Greater(t, len(all), 200, "the seed must exceed one page")
		in := map[string]any{"fromTime": now.AddDate(0, -13, 0).Format(time.RFC3339), "toTime": now.AddDate(0, 13, 0).Format(time.RFC3339)}
		r := e.run("listWebinars", h, in, e.config(nil), nil)
		require.Equal(t, membus.Acked, r.Outcome)
		var want []string
		for _, w := range all {
			want = append(want, keyString(w.Key))
		}
		assert.ElementsMatch(t, want, webinarKeysOf(r))
	})
	t.Run("emitAll: one message with results and count", func(t *testing.T) {
		in := map[string]any{"fromTime": now.AddDate(0, -13, 0).Format(time.RFC3339), "toTime": now.AddDate(0, 13, 0).Format(time.RFC3339)}
		r := e.run("listWebinars", h, in, e.config(map[string]any{"emitBehaviour": "emitAll"}), nil)
		require.Len(t, r.Data, 1)
		assert.Equal(t, json.Number(keyString(int64(len(all)))), r.Data[0]["count"])
		results := r.Data[0]["results"].([]any)
		require.Len(t, results, len(all))
		assert.IsType(t, "", results[0].(map[string]any)["webinarKey"])
	})
	t.Run("fromTime alone: one year from it", func(t *testing.T) {
		from := now.AddDate(0, -6, 0)
		r := e.run("listWebinars", h, map[string]any{"fromTime": from.Format(time.RFC3339)}, e.config(nil), nil)
		assert.ElementsMatch(t, startsIn(all, from, from.AddDate(1, 0, 0)), webinarKeysOf(r))
	})
	t.Run("errors name the field", func(t *testing.T) {
		for in, want := range map[string]map[string]any{
			"toTime: must not be before fromTime":       {"fromTime": now.Format(time.RFC3339), "toTime": now.Add(-time.Hour).Format(time.RFC3339)},
			"fromTime: \"tomorrow\" is not an ISO 8601": {"fromTime": "tomorrow"},
			"subject: is not an input of listWebinars":  {"subject": "Quarterly"},
		} {
			r := e.run("listWebinars", h, want, e.config(nil), nil)
			assert.Equal(t, membus.Rejected, r.Outcome)
			require.Len(t, r.Events, 1)
			assert.Contains(t, r.Events[0].Error, in)
		}
	})
}
