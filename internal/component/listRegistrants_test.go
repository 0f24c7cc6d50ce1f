package component

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func regLargeWebinar(e *env) fake.Webinar {
	return regWebinar(e, func(w fake.Webinar) bool { return len(e.fake.Registrants(w.Key)) > 200 })
}

func TestListRegistrants(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := e.comp.handler("listRegistrants", e.comp.listRegistrants)
	w := regLargeWebinar(e)
	want := e.fake.Registrants(w.Key)
	require.Len(t, want, 250)

	t.Run("one message per registrant, past the first page", func(t *testing.T) {
		r := e.run("listRegistrants", h, map[string]any{}, e.config(map[string]any{"webinarKey": keyString(w.Key)}), nil)
		require.Equal(t, membus.Acked, r.Outcome)
		require.Len(t, r.Data, len(want))
		for i, reg := range want {
			assert.Equal(t, keyString(reg.Key), r.Data[i]["registrantKey"])
			assert.Equal(t, reg.Email, r.Data[i]["email"])
			assert.Equal(t, keyString(w.Key), r.Data[i]["webinarKey"])
		}
		assert.NotContains(t, r.Data[0], "webinarSubject")
	})
	t.Run("one message with all", func(t *testing.T) {
		r := e.run("listRegistrants", h, map[string]any{"webinarKey": keyString(w.Key)},
			e.config(map[string]any{"emitBehaviour": "emitAll"}), nil)
		require.Equal(t, membus.Acked, r.Outcome)
		require.Len(t, r.Data, 1)
		assert.Equal(t, json.Number("250"), r.Data[0]["count"])
		results := r.Data[0]["results"].([]any)
		require.Len(t, results, 250)
		assert.Equal(t, keyString(want[249].Key), results[249].(map[string]any)["registrantKey"])
	})
	t.Run("a webinar that does not exist", func(t *testing.T) {
		r := e.run("listRegistrants", h, map[string]any{"webinarKey": "1234567890123456789"}, e.config(nil), nil)
		assert.Equal(t, membus.Rejected, r.Outcome)
		assert.Contains(t, r.Events[0].Error, "webinar 1234567890123456789")
		assert.Contains(t, r.Events[0].Error, "not found")
	})
}
