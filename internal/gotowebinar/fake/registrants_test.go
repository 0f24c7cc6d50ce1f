package fake

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func regPath(e *env, w Webinar) string { return wbPath(e, w.Key) + "/registrants" }

func noQuestions(w Webinar) bool {
	return upcoming(w) && len(w.Questions) == 0 && len(w.Fields) == 3 && w.ApprovalType == "AUTOMATIC" && w.RecurrenceType == "single_session"
}

func TestCreateRegistrantAndDuplicate(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	w := e.findWebinar(noQuestions)
	status, body := e.do(http.MethodPost, regPath(e, w), map[string]string{"firstName": "Ada", "lastName": "Lovelace", "email": "Ada@Example.com"})
	require.Equal(t, http.StatusCreated, status, string(body))
	created := obj(t, body)
	assertTypes(t, created, map[string]string{"registrantKey": "n", "joinUrl": "s"})
	key := assertKey(t, created["registrantKey"], "n")

	status, body = e.do(http.MethodPost, regPath(e, w)+"?resendConfirmation=true", map[string]string{"firstName": "A", "lastName": "L", "email": "ada@example.COM"})
	assertAppError(t, status, http.StatusConflict, body)
	dup := obj(t, body)
	assert.Equal(t, key, assertKey(t, dup["registrantKey"], "n"), "the 409 names the existing registration")
	assert.Equal(t, created["joinUrl"], dup["joinUrl"])

	detail := obj(t, e.getOK(regPath(e, w)+"/"+key))
	assertTypes(t, detail, map[string]string{"registrantKey": "n", "firstName": "s", "email": "s", "status": "s",
		"registrationDate": "s", "joinUrl": "s", "timeZone": "s", "responses": "a", "unsubscribed": "b", "type": "s", "organization": "s"})
	assert.Equal(t, "APPROVED", detail["status"])
}

func TestRegistrantStatusFollowsApprovalType(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	w := e.findWebinar(noQuestions)
	require.True(t, e.srv.SetApprovalType(w.Key, "MANUAL"))
	status, body := e.do(http.MethodPost, regPath(e, w), map[string]string{"firstName": "W", "lastName": "Aiting", "email": "w@example.com"})
	require.Equal(t, http.StatusCreated, status, string(body))
	key := assertKey(t, obj(t, body)["registrantKey"], "n")
	assert.Equal(t, "WAITING", obj(t, e.getOK(regPath(e, w)+"/"+key))["status"])
}

func TestCreateRegistrantValidation(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	plain := e.findWebinar(noQuestions)
	for name, body := range map[string]map[string]string{
		"missing firstName": {"lastName": "L", "email": "x@example.com"},
		"missing lastName":  {"firstName": "F", "email": "x@example.com"},
		"missing email":     {"firstName": "F", "lastName": "L"},
		"invalid email":     {"firstName": "F", "lastName": "L", "email": "nobody"},
		"field too long":    {"firstName": strings.Repeat("f", 129), "lastName": "L", "email": "x@example.com"},
	} {
		status, resp := e.do(http.MethodPost, regPath(e, plain), body)
		assert.Equal(t, http.StatusBadRequest, status, name)
		assertAppError(t, status, http.StatusBadRequest, resp)
	}
}

func TestRequiredQuestionsMustBeAnswered(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	w := e.findWebinar(func(w Webinar) bool { return upcoming(w) && len(w.Questions) == 3 && w.ApprovalType == "AUTOMATIC" })
	fields := obj(t, e.getOK(regPath(e, w)+"/fields"))
	questions := fields["questions"].([]any)
	require.Len(t, questions, 3)
	for _, it := range questions {
		assertTypes(t, it.(map[string]any), map[string]string{"questionKey": "n", "question": "s", "required": "b", "type": "s", "maxSize": "n"})
	}
	assertTypes(t, fields["fields"].([]any)[0].(map[string]any), map[string]string{"field": "s", "required": "b", "maxSize": "n"})
	mc := questions[1].(map[string]any)
	require.Equal(t, "multipleChoice", mc["type"])
	assertTypes(t, mc["answers"].([]any)[0].(map[string]any), map[string]string{"answerKey": "n", "answer": "s"})

	person := map[string]any{"firstName": "Q", "lastName": "A", "email": "qa@example.com", "organization": "Org"}
	status, body := e.do(http.MethodPost, regPath(e, w), person)
	assertAppError(t, status, http.StatusBadRequest, body)

	person["responses"] = []map[string]any{
		{"questionKey": w.Questions[0].Key, "responseText": "Go"},
		{"questionKey": w.Questions[1].Key, "answerKey": w.Questions[1].Answers[2].Key},
	}
	delete(person, "organization")
	status, body = e.do(http.MethodPost, regPath(e, w), person)
	assertAppError(t, status, http.StatusBadRequest, body) // organization is a required field here

	person["organization"] = "Org"
	status, body = e.do(http.MethodPost, regPath(e, w), person)
	require.Equal(t, http.StatusCreated, status, string(body))
	key := assertKey(t, obj(t, body)["registrantKey"], "n")
	responses := obj(t, e.getOK(regPath(e, w)+"/"+key))["responses"].([]any)
	require.Len(t, responses, 2)
	assert.Equal(t, map[string]any{"question": w.Questions[1].Text, "answer": "A colleague"}, responses[1], "read back as text pairs")
}

func TestRegistrantListShapes(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	large := e.findWebinar(func(w Webinar) bool { return len(e.srv.Registrants(w.Key)) >= seedLargeCount })

	bare := arr(t, e.getOK(regPath(e, large)))
	require.Len(t, bare, seedLargeCount)
	assertTypes(t, bare[0].(map[string]any), map[string]string{"registrantKey": "n", "firstName": "s", "lastName": "s",
		"email": "s", "registrationDate": "s", "status": "s", "joinUrl": "s", "timeZone": "s"})

	seen := map[string]bool{}
	for page := 0; page < 3; page++ {
		m := obj(t, e.getOK(regPath(e, large)+"?limit=200&page="+itoa(page)))
		assertTypes(t, m, map[string]string{"data": "a", "total": "n", "page": "n", "limit": "n", "pageSize": "n"})
		assert.Equal(t, seedLargeCount, atoi(t, m["total"]))
		assert.Equal(t, len(m["data"].([]any)), atoi(t, m["pageSize"]))
		for _, it := range m["data"].([]any) {
			seen[assertKey(t, it.(map[string]any)["registrantKey"], "n")] = true
		}
	}
	assert.Len(t, seen, seedLargeCount)

	m := obj(t, e.getOK(regPath(e, large)+"?page=0"))
	assert.Equal(t, defaultPageLimit, atoi(t, m["limit"]), "page alone switches to the envelope")
	status, body := e.do(http.MethodGet, regPath(e, large)+"?limit=201", nil)
	assertAppError(t, status, http.StatusBadRequest, body)
}

func TestDeleteRegistrant(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	w := e.findWebinar(func(w Webinar) bool { return noQuestions(w) && len(e.srv.Registrants(w.Key)) > 0 })
	key := keyString(e.srv.Registrants(w.Key)[0].Key)
	status, _ := e.do(http.MethodDelete, regPath(e, w)+"/"+key, nil)
	require.Equal(t, http.StatusNoContent, status)
	status, body := e.do(http.MethodGet, regPath(e, w)+"/"+key, nil)
	assertAppError(t, status, http.StatusNotFound, body)
	status, body = e.do(http.MethodDelete, regPath(e, w)+"/"+key, nil)
	assertAppError(t, status, http.StatusNotFound, body)
}

func TestStrictAcceptIgnoresCustomFields(t *testing.T) {
	t.Parallel()
	e := setup(t, Options{NoRateLimit: true, StrictAccept: true})
	w := e.findWebinar(noQuestions)
	req := map[string]string{"firstName": "B", "lastName": "Asic", "email": "basic@example.com", "city": "Berlin"}
	status, body := e.do(http.MethodPost, regPath(e, w), req)
	require.Equal(t, http.StatusCreated, status, string(body))
	regs := e.srv.Registrants(w.Key)
	assert.Equal(t, "Berlin", regs[len(regs)-1].Fields["city"], "application/json stores every field")
}
