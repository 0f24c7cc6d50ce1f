package component

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
)

func TestGetSessionDetails(t *testing.T) {
	e, _ := newSessionsEnv(t)
	h := e.comp.handler("getSessionDetails", e.comp.getSessionDetails)
	w, s := seededSession(t, e)

	t.Run("the session with performance, polls, questions and surveys", func(t *testing.T) {
		r := e.run("getSessionDetails", h, map[string]any{"sessionKey": s.Key},
			e.config(map[string]any{"webinarKey": keyString(w.Key)}), nil)
		require.Equal(t, membus.Acked, r.Outcome)
		require.Len(t, r.Events, 1)
		d := r.Data[0]
		assert.Equal(t, keyString(s.Key), d["sessionKey"])
		assert.Equal(t, keyString(w.Key), d["webinarKey"])
		assert.Equal(t, w.Subject, d["webinarName"])
		assert.Equal(t, s.End.UTC().Format(time.RFC3339), d["endTime"])
		assert.Equal(t, json.Number(keyString(int64(len(s.Attendees)))), d["registrantsAttended"])

		perf := d["performance"].(map[string]any)
		att := perf["attendance"].(map[string]any)
		assert.Equal(t, json.Number(keyString(int64(len(e.fake.Registrants(w.Key))))), att["registrantCount"])
		assert.Equal(t, keyString(s.Key), perf["sessionInfo"].(map[string]any)["sessionKey"])

		polls := d["polls"].([]any)
		require.Len(t, polls, len(s.Polls))
		assert.Equal(t, s.Polls[0].Question, polls[0].(map[string]any)["question"])
		assert.Len(t, polls[0].(map[string]any)["responses"], len(s.Polls[0].Responses))
		surveys := d["surveys"].([]any)
		require.Len(t, surveys, len(s.Surveys))
		assert.Equal(t, s.Surveys[0].Question, surveys[0].(map[string]any)["question"])

		qs := d["questions"].([]any)
		require.Len(t, qs, len(s.Questions))
		q := qs[0].(map[string]any)
		assert.Equal(t, s.Questions[0].Question, q["question"])
		assert.Equal(t, keyString(s.Questions[0].AskerKey), q["askerKey"])
		answer := q["answers"].([]any)[0].(map[string]any)
		assert.Equal(t, keyString(s.Questions[0].AnsweredBy), answer["answeredBy"], "the answerer's key is a string too")
		assert.Equal(t, s.Questions[0].AnswerText, answer["answer"])
	})
	t.Run("errors", func(t *testing.T) {
		rejectedWith(t, e.run("getSessionDetails", h, map[string]any{"webinarKey": keyString(w.Key)}, e.config(nil), nil),
			"sessionKey: is required")
		rejectedWith(t, e.run("getSessionDetails", h, map[string]any{"webinarKey": keyString(w.Key), "sessionKey": "1234567890123456789"},
			e.config(nil), nil), "session 1234567890123456789 of webinar "+keyString(w.Key), "not found")
		rejectedWith(t, e.run("getSessionDetails", h, map[string]any{"webinarKey": keyString(w.Key), "sessionKey": s.Key, "polls": true},
			e.config(nil), nil), "polls: is not an input")
	})
}

// GoTo's specification declares a list of attendees for GET
// .../sessions/{sessionKey}: when one comes back, the session is looked up
// in the webinar's sessions.
func TestGetSessionDetailsFromTheSessionList(t *testing.T) {
	e, _ := newSessionsEnv(t)
	w, s := seededSession(t, e)
	var listAnswered atomic.Int32
	proxy := http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, "/sessions/"+keyString(s.Key)) {
			listAnswered.Add(1)
			rw.Header().Set("Content-Type", "application/json")
			_, _ = rw.Write([]byte(`[{"registrantKey": 1234567890123456789, "firstName": "A", "lastName": "B"}]`))
			return
		}
		e.fake.ServeHTTP(rw, r)
	})
	comp := regProxyComponent(t, e, proxy)
	h := comp.handler("getSessionDetails", comp.getSessionDetails)

	r := e.run("getSessionDetails", h, map[string]any{"sessionKey": keyString(s.Key)},
		e.config(map[string]any{"webinarKey": keyString(w.Key)}), nil)
	require.Equal(t, membus.Acked, r.Outcome, r.Events)
	require.Len(t, r.Data, 1)
	assert.Equal(t, int32(1), listAnswered.Load(), "the session endpoint answered with a list")
	d := r.Data[0]
	assert.Equal(t, keyString(s.Key), d["sessionKey"])
	assert.Equal(t, keyString(w.Key), d["webinarKey"])
	assert.Equal(t, w.Subject, d["webinarName"], "found in the webinar's sessions")
}
