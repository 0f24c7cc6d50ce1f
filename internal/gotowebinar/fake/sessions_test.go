package fake

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSessionsAndAttendees(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	w := e.findWebinar(func(w Webinar) bool { s := e.srv.Sessions(w.Key); return len(s) == 1 && len(s[0].Questions) > 0 })
	se := e.srv.Sessions(w.Key)[0]

	m := obj(t, e.getOK(orgPath(e)+"/sessions"+yearWindow(map[string]string{"size": "200"})))
	assert.Greater(t, atoi(t, m["page"].(map[string]any)["totalElements"]), 50)
	item := m["_embedded"].(map[string]any)["sessionInfoResources"].([]any)[0].(map[string]any)
	assertTypes(t, item, map[string]string{"sessionKey": "s", "webinarKey": "s", "webinarName": "s", "startTime": "s",
		"endTime": "s", "registrantsAttended": "n", "registrantCount": "n", "accountKey": "s", "totalPollCount": "n", "webinarID": "s"})
	status, body := e.do(http.MethodGet, orgPath(e)+"/sessions", nil)
	assertAppError(t, status, http.StatusBadRequest, body)

	sp := wbPath(e, w.Key) + "/sessions"
	list := obj(t, e.getOK(sp))["_embedded"].(map[string]any)["sessionInfoResources"].([]any)
	require.Len(t, list, 1)
	assert.Equal(t, keyString(se.Key), list[0].(map[string]any)["sessionKey"])
	assertTypes(t, obj(t, e.getOK(sp+"/"+keyString(se.Key))), map[string]string{"sessionKey": "s", "webinarKey": "s"})

	atts := arr(t, e.getOK(sp+"/"+keyString(se.Key)+"/attendees"))
	require.Len(t, atts, len(se.Attendees))
	a := atts[0].(map[string]any)
	assertTypes(t, a, map[string]string{"registrantKey": "n", "sessionKey": "n", "firstName": "s", "lastName": "s",
		"email": "s", "attendanceTimeInSeconds": "n", "attendance": "a"})
	assertTypes(t, a["attendance"].([]any)[0].(map[string]any), map[string]string{"joinTime": "s", "leaveTime": "s"})

	ap := sp + "/" + keyString(se.Key) + "/attendees/" + keyString(se.Attendees[0].RegistrantKey)
	assertTypes(t, obj(t, e.getOK(ap)), map[string]string{"registrantKey": "n", "email": "s", "status": "s"})
	polls := arr(t, e.getOK(ap+"/polls"))
	require.NotEmpty(t, polls)
	assertTypes(t, polls[0].(map[string]any), map[string]string{"question": "s", "answers": "a"})
	assertTypes(t, arr(t, e.getOK(ap+"/surveys"))[0].(map[string]any), map[string]string{"question": "s", "answers": "a"})
	qs := arr(t, e.getOK(ap+"/questions"))
	require.NotEmpty(t, qs)
	assertTypes(t, qs[0].(map[string]any), map[string]string{"question": "s", "askedBy": "s", "dateAsked": "s", "answers": "a"})
	status, body = e.do(http.MethodGet, sp+"/"+keyString(se.Key)+"/attendees/1234567890123456789", nil)
	assertAppError(t, status, http.StatusNotFound, body)

	pollList := arr(t, e.getOK(sp+"/"+keyString(se.Key)+"/polls"))
	p := pollList[0].(map[string]any)
	assertTypes(t, p, map[string]string{"question": "s", "numberOfResponses": "n", "responses": "a"})
	assertTypes(t, p["responses"].([]any)[0].(map[string]any), map[string]string{"text": "s", "percentage": "n"})
	assert.NotEmpty(t, arr(t, e.getOK(sp+"/"+keyString(se.Key)+"/surveys")))
	assert.NotEmpty(t, arr(t, e.getOK(sp+"/"+keyString(se.Key)+"/questions")))

	perf := obj(t, e.getOK(sp+"/"+keyString(se.Key)+"/performance"))
	assertTypes(t, perf, map[string]string{"attendance": "o", "pollsAndSurveys": "o", "sessionInfo": "o"})
	assertTypes(t, perf["attendance"].(map[string]any), map[string]string{"registrantCount": "n", "percentageAttendance": "n", "averageAttendanceTimeSeconds": "n"})
	all := obj(t, e.getOK(wbPath(e, w.Key)+"/performance"))
	assert.Contains(t, all, keyString(se.Key))

	wa := obj(t, e.getOK(wbPath(e, w.Key)+"/attendees?size=1"))
	assert.Equal(t, len(se.Attendees), atoi(t, wa["page"].(map[string]any)["totalPages"]))
	require.Len(t, wa["_embedded"].(map[string]any)["attendeeParticipationResponses"], 1)
}

func TestWebinarWithoutSessionsHasEmptyLists(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	w := e.findWebinar(func(w Webinar) bool { return w.Times[0].Start.After(time.Now().Add(24 * time.Hour)) })
	m := obj(t, e.getOK(wbPath(e, w.Key)+"/sessions"))
	assert.NotContains(t, m, "_embedded")
	assert.Equal(t, 0, atoi(t, m["page"].(map[string]any)["totalElements"]))
}
