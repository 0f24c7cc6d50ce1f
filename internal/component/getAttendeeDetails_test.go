package component

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestGetAttendeeDetails(t *testing.T) {
	e, _ := newSessionsEnv(t)
	h := e.comp.handler("getAttendeeDetails", e.comp.getAttendeeDetails)
	w, s := seededSession(t, e)
	asker := s.Questions[0].AskerKey
	var a = s.Attendees[0]
	for _, c := range s.Attendees {
		if c.RegistrantKey == asker {
			a = c
		}
	}
	require.Equal(t, asker, a.RegistrantKey)

	r := e.run("getAttendeeDetails", h, map[string]any{"sessionKey": keyString(s.Key), "registrantKey": a.RegistrantKey},
		e.config(map[string]any{"webinarKey": keyString(w.Key)}), nil)
	require.Equal(t, membus.Acked, r.Outcome)
	require.Len(t, r.Events, 1)
	d := r.Data[0]
	attendeeChecks(t, e, w.Key, s, a, d)
	assert.Equal(t, "APPROVED", d["status"])

	polls := d["pollAnswers"].([]any)
	require.Len(t, polls, len(a.PollAnswers))
	assert.Equal(t, a.PollAnswers[0].Question, polls[0].(map[string]any)["question"])
	assert.Equal(t, []any{a.PollAnswers[0].Answers[0]}, polls[0].(map[string]any)["answers"])
	assert.Len(t, d["surveyAnswers"], len(a.SurveyAnswers))
	qs := d["questions"].([]any)
	require.NotEmpty(t, qs)
	for _, q := range qs {
		assert.Equal(t, keyString(asker), q.(map[string]any)["askerKey"], "only this attendee's questions")
	}

	rejectedWith(t, e.run("getAttendeeDetails", h, map[string]any{"webinarKey": w.Key, "sessionKey": s.Key,
		"registrantKey": "1234567890123456789"}, e.config(nil), nil), "attendee 1234567890123456789 of session "+keyString(s.Key), "not found")
	rejectedWith(t, e.run("getAttendeeDetails", h, map[string]any{"webinarKey": w.Key, "sessionKey": s.Key}, e.config(nil), nil),
		"registrantKey: is required")
}
