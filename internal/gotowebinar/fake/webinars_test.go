package fake

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func yearWindow(extra map[string]string) string {
	v := map[string]string{"fromTime": iso(time.Now().AddDate(-1, 0, -2)), "toTime": iso(time.Now().AddDate(1, 0, 2))}
	for k, x := range extra {
		v[k] = x
	}
	return q(v)
}

func TestListWebinarsPagesThroughEverySeededWebinar(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	seen := map[string]bool{}
	total := 0
	for page := 0; ; page++ {
		m := obj(t, e.getOK(orgPath(e)+"/webinars"+yearWindow(map[string]string{"page": itoa(page), "size": "50"})))
		p := m["page"].(map[string]any)
		assertTypes(t, p, map[string]string{"size": "n", "totalElements": "n", "totalPages": "n", "number": "n"})
		total = atoi(t, p["totalElements"])
		emb, ok := m["_embedded"].(map[string]any)
		if !ok {
			break
		}
		for _, it := range emb["webinars"].([]any) {
			w := it.(map[string]any)
			assertTypes(t, w, map[string]string{"webinarKey": "s", "webinarID": "s", "organizerKey": "s", "accountKey": "s",
				"subject": "s", "description": "s", "times": "a", "timeZone": "s", "locale": "s", "approvalType": "s",
				"registrationUrl": "s", "impromptu": "b", "isPasswordProtected": "b", "recurrenceType": "s", "experienceType": "s"})
			seen[assertKey(t, w["webinarKey"], "s")] = true
		}
	}
	assert.Greater(t, total, 200)
	assert.Len(t, seen, total, "every webinar exactly once across pages")
}

func TestListWebinarsValidation(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	path := orgPath(e) + "/webinars"
	for name, query := range map[string]string{
		"missing range":  q(map[string]string{"fromTime": iso(time.Now())}),
		"bad time":       q(map[string]string{"fromTime": "yesterday", "toTime": iso(time.Now())}),
		"size above 200": yearWindow(map[string]string{"size": "201"}),
		"negative page":  yearWindow(map[string]string{"page": "-1"}),
	} {
		status, body := e.do(http.MethodGet, path+query, nil)
		assert.Equal(t, http.StatusBadRequest, status, name)
		assertAppError(t, status, http.StatusBadRequest, body)
	}
}

func TestListWebinarsEmptyRangeOmitsEmbedded(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	far := time.Now().AddDate(5, 0, 0)
	m := obj(t, e.getOK(orgPath(e)+"/webinars"+q(map[string]string{"fromTime": iso(far), "toTime": iso(far.Add(time.Hour))})))
	assert.NotContains(t, m, "_embedded")
	assert.Equal(t, 0, atoi(t, m["page"].(map[string]any)["totalElements"]))
}

func TestAccountWebinars(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	m := obj(t, e.getOK("/G2W/rest/v2/accounts/"+keyString(e.org.AccountKey)+"/webinars"+yearWindow(map[string]string{"size": "200"})))
	assert.Greater(t, atoi(t, m["page"].(map[string]any)["totalElements"]), len(e.srv.Webinars(e.org.Key))-1,
		"the account lists the webinars of every organizer in it")
	status, body := e.do(http.MethodGet, "/G2W/rest/v2/accounts/1234567890123456789/webinars"+yearWindow(nil), nil)
	assertAppError(t, status, http.StatusNotFound, body)
}

func TestGetWebinarTypes(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	w := e.findWebinar(upcoming)
	m := obj(t, e.getOK(wbPath(e, w.Key)))
	assertTypes(t, m, map[string]string{"webinarKey": "n", "webinarID": "s", "subject": "s", "description": "s",
		"organizerKey": "n", "organizerEmail": "s", "organizerName": "s", "times": "a", "registrationUrl": "s",
		"inSession": "b", "impromptu": "b", "type": "s", "timeZone": "s", "numberOfRegistrants": "n",
		"registrationLimit": "n", "locale": "s", "accountKey": "s", "recurrencePeriod": "s", "experienceType": "s",
		"isPasswordProtected": "b"})
	assert.Equal(t, keyString(w.Key), assertKey(t, m["webinarKey"], "n"))
	status, body := e.do(http.MethodGet, wbPath(e, 1234567890123456789), nil)
	assertAppError(t, status, http.StatusNotFound, body)
}

func createBody(subject string, start time.Time) map[string]any {
	return map[string]any{"subject": subject, "times": []map[string]string{{"startTime": iso(start), "endTime": iso(start.Add(time.Hour))}}}
}

func TestCreateUpdateCancelWebinar(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	start := time.Now().Add(72 * time.Hour).Truncate(time.Hour)
	status, body := e.do(http.MethodPost, orgPath(e)+"/webinars", createBody("Created by test", start))
	require.Equal(t, http.StatusCreated, status, string(body))
	key := assertKey(t, obj(t, body)["webinarKey"], "s")

	m := obj(t, e.getOK(orgPath(e)+"/webinars/"+key))
	assert.Equal(t, "Created by test", m["subject"])
	assert.Equal(t, "single_session", m["type"])
	assert.Equal(t, e.org.TimeZone, m["timeZone"], "the organizer's zone when none is given")

	status, body = e.do(http.MethodPut, orgPath(e)+"/webinars/"+key+"?notifyParticipants=false", map[string]any{"subject": "Renamed"})
	require.Equal(t, http.StatusAccepted, status, string(body))
	assert.Empty(t, body)
	assert.Equal(t, "Renamed", obj(t, e.getOK(orgPath(e)+"/webinars/"+key))["subject"])

	status, body = e.do(http.MethodPut, orgPath(e)+"/webinars/"+key, map[string]any{})
	assertAppError(t, status, http.StatusBadRequest, body)

	status, _ = e.do(http.MethodDelete, orgPath(e)+"/webinars/"+key, nil)
	require.Equal(t, http.StatusNoContent, status)
	status, body = e.do(http.MethodGet, orgPath(e)+"/webinars/"+key, nil)
	assertAppError(t, status, http.StatusNotFound, body)
	status, body = e.do(http.MethodDelete, orgPath(e)+"/webinars/"+key, nil)
	assertAppError(t, status, http.StatusNotFound, body)
}

func TestCreateWebinarValidation(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	start := time.Now().Add(48 * time.Hour)
	backwards := createBody("x", start)
	backwards["times"] = []map[string]string{{"startTime": iso(start), "endTime": iso(start.Add(-time.Hour))}}
	badTime := createBody("x", start)
	badTime["times"] = []map[string]string{{"startTime": "tomorrow", "endTime": iso(start)}}
	twoTimes := createBody("x", start)
	twoTimes["times"] = []map[string]string{{"startTime": iso(start), "endTime": iso(start.Add(time.Hour))}, {"startTime": iso(start.Add(24 * time.Hour)), "endTime": iso(start.Add(25 * time.Hour))}}
	cases := map[string]map[string]any{
		"subject too long":     createBody(strings.Repeat("s", 129), start),
		"missing subject":      {"times": createBody("", start)["times"]},
		"missing times":        {"subject": "x"},
		"end before start":     backwards,
		"invalid time":         badTime,
		"two times, single":    twoTimes,
		"bad type":             mergeMap(createBody("x", start), map[string]any{"type": "weekly"}),
		"bad locale":           mergeMap(createBody("x", start), map[string]any{"locale": "xx_XX"}),
		"description too long": mergeMap(createBody("x", start), map[string]any{"description": strings.Repeat("d", 2049)}),
	}
	for name, body := range cases {
		status, resp := e.do(http.MethodPost, orgPath(e)+"/webinars", body)
		assert.Equal(t, http.StatusBadRequest, status, name)
		assertAppError(t, status, http.StatusBadRequest, resp)
	}
}

func mergeMap(a, b map[string]any) map[string]any {
	for k, v := range b {
		a[k] = v
	}
	return a
}

func TestCreateSeriesAndSequence(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	start := time.Now().Add(96 * time.Hour).Truncate(time.Hour)
	series := createBody("Series", start)
	series["type"] = "series"
	series["times"] = []map[string]string{
		{"startTime": iso(start), "endTime": iso(start.Add(time.Hour))},
		{"startTime": iso(start.AddDate(0, 0, 7)), "endTime": iso(start.AddDate(0, 0, 7).Add(time.Hour))},
	}
	status, body := e.do(http.MethodPost, orgPath(e)+"/webinars", series)
	require.Equal(t, http.StatusCreated, status, string(body))
	m := obj(t, body)
	assertKey(t, m["recurrenceKey"], "s")
	key := assertKey(t, m["webinarKey"], "s")

	status, _ = e.do(http.MethodDelete, orgPath(e)+"/webinars/"+key, nil)
	require.Equal(t, http.StatusNoContent, status)
	for _, w := range e.srv.Webinars(e.org.Key) {
		assert.NotEqual(t, "Series", w.Subject, "deleteAll defaults to true and cancels every session")
	}

	seq := map[string]any{"subject": "Sequence", "type": "sequence", "recurrencePattern": "weekly",
		"recurrenceStart": map[string]string{"startTime": iso(start), "endTime": iso(start.Add(time.Hour))},
		"recurrenceEnd":   start.AddDate(0, 0, 21).Format(time.DateOnly)}
	status, body = e.do(http.MethodPost, orgPath(e)+"/webinars", seq)
	require.Equal(t, http.StatusCreated, status, string(body))
	key = assertKey(t, obj(t, body)["webinarKey"], "s")
	times := arr(t, e.getOK(orgPath(e)+"/webinars/"+key+"/meetingtimes"))
	assert.Len(t, times, 4)
	assertTypes(t, times[0].(map[string]any), map[string]string{"startTime": "s", "endTime": "s"})
}

func TestCancelInSessionConflicts(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	live := e.findWebinar(func(w Webinar) bool { return w.inSession(time.Now()) })
	status, body := e.do(http.MethodDelete, wbPath(e, live.Key), nil)
	assertAppError(t, status, http.StatusConflict, body)

	list := arr(t, e.getOK(orgPath(e)+"/insessionWebinars"))
	require.Len(t, list, 1)
	item := list[0].(map[string]any)
	assertTypes(t, item, map[string]string{"webinarKey": "n", "organizerKey": "n", "inSession": "b", "coorganizers": "a", "numberOfRegistrants": "n"})
	assert.Equal(t, keyString(live.Key), assertKey(t, item["webinarKey"], "n"))

	status, body = e.do(http.MethodPut, wbPath(e, live.Key), map[string]any{"subject": "nope"})
	assertAppError(t, status, http.StatusBadRequest, body)
}

func TestStartURLAndCopy(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	w := e.findWebinar(upcoming)
	m := obj(t, e.getOK("/G2W/rest/v2/webinars/"+keyString(w.Key)+"/startUrl"))
	assertTypes(t, m, map[string]string{"startUrl": "s"})

	start := time.Now().Add(200 * time.Hour).Truncate(time.Hour)
	status, body := e.do(http.MethodPut, "/G2W/rest/v2/webinars/"+keyString(w.Key)+"/copy", createBody("Copied", start))
	require.Equal(t, http.StatusCreated, status, string(body))
	key := assertKey(t, obj(t, body)["webinarKey"], "s")
	assert.Equal(t, "Copied", obj(t, e.getOK(orgPath(e)+"/webinars/"+key))["subject"])
}

func TestOrganizerMismatchIsForbidden(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	other := e.srv.Organizers()[1]
	status, body := e.do(http.MethodGet, "/G2W/rest/v2/organizers/"+keyString(other.Key)+"/webinars"+yearWindow(nil), nil)
	assertAppError(t, status, http.StatusForbidden, body)
}
