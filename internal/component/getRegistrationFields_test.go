package component

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestGetRegistrationFields(t *testing.T) {
	e, _ := webinarEnv(t)
	h := e.comp.handler("getRegistrationFields", e.comp.getRegistrationFields)
	var key string
	for _, w := range e.fake.Webinars(e.organizer.Key) {
		if len(w.Questions) == 3 {
			key = keyString(w.Key)
			break
		}
	}
	require.NotEmpty(t, key)
	w := fakeWebinar(t, e, key)

	r := e.run("getRegistrationFields", h, map[string]any{"webinarKey": key}, e.config(nil), nil)
	require.Equal(t, membus.Acked, r.Outcome, "%+v", r.Events)
	require.Len(t, r.Data, 1)
	out := r.Data[0]
	assert.Equal(t, key, out["webinarKey"])
	fields := out["fields"].([]any)
	require.Len(t, fields, len(w.Fields))
	assert.Equal(t, w.Fields[0].Field, fields[0].(map[string]any)["field"])
	questions := out["questions"].([]any)
	require.Len(t, questions, len(w.Questions))
	for i, q := range w.Questions {
		got := questions[i].(map[string]any)
		assert.Equal(t, keyString(q.Key), got["questionKey"], "question keys are strings")
		assert.Equal(t, q.Text, got["question"])
		assert.Equal(t, q.Required, got["required"])
		if q.Type == "multipleChoice" {
			answers := got["answers"].([]any)
			require.Len(t, answers, len(q.Answers))
			assert.Equal(t, keyString(q.Answers[0].Key), answers[0].(map[string]any)["answerKey"])
		}
	}

	r = e.run("getRegistrationFields", h, map[string]any{"webinarKey": "1234567890123456789"}, e.config(nil), nil)
	assert.Equal(t, membus.Rejected, r.Outcome)
	assert.Contains(t, r.Events[0].Error, "webinar 1234567890123456789: not found")
}
