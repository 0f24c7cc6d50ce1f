package component

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestGetRegistrant(t *testing.T) {
	e := newEnv(t, envOptions{})
	h := e.comp.handler("getRegistrant", e.comp.getRegistrant)
	w := regQuestionsWebinar(e)
	reg := e.fake.Registrants(w.Key)[0]

	t.Run("every field and the answers as text", func(t *testing.T) {
		r := e.run("getRegistrant", h, map[string]any{"registrantKey": keyString(reg.Key)},
			e.config(map[string]any{"webinarKey": keyString(w.Key)}), nil)
		require.Equal(t, membus.Acked, r.Outcome, r.Events)
		require.Len(t, r.Data, 1)
		got := r.Data[0]
		assert.Equal(t, keyString(reg.Key), got["registrantKey"])
		assert.Equal(t, keyString(w.Key), got["webinarKey"])
		assert.Equal(t, reg.Email, got["email"])
		assert.Equal(t, reg.Status, got["status"])
		assert.Equal(t, reg.Fields["organization"], got["organization"])
		assert.Equal(t, reg.RegistrationDate.UTC().Format(time.RFC3339), got["registrationDate"])
		responses := got["responses"].([]any)
		require.Len(t, responses, len(reg.Responses))
		assert.Equal(t, map[string]any{"question": w.Questions[0].Text, "answer": reg.Responses[0].ResponseText}, responses[0])
	})
	t.Run("a registrant that does not exist", func(t *testing.T) {
		r := e.run("getRegistrant", h, map[string]any{"webinarKey": w.Key, "registrantKey": "1234567890123456789"}, e.config(nil), nil)
		assert.Equal(t, membus.Rejected, r.Outcome)
		assert.Contains(t, r.Events[0].Error, "registrant 1234567890123456789")
		assert.Contains(t, r.Events[0].Error, "not found")
	})
	t.Run("no registrant key", func(t *testing.T) {
		r := e.run("getRegistrant", h, map[string]any{"webinarKey": w.Key}, e.config(nil), nil)
		assert.Equal(t, membus.Rejected, r.Outcome)
		assert.Contains(t, r.Events[0].Error, "registrantKey: is required")
	})
}
