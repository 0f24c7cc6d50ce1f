package worker_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The GoToWebinar component end to end (issue 6 acceptance): the product
// binary cmd/gotowebinar as the platform runs it, RabbitMQ in and out, an
// httptest platform API, and the fake GoToWebinar (API and OAuth server)
// below a base path.

// decimalKey is how every GoToWebinar key leaves the component: a JSON
// string of digits, never a number a Node step would round.
var decimalKey = regexp.MustCompile(`^[0-9]{1,19}$`)

// TestGoToWebinarCreateRegistrantThenNewRegistrants: newRegistrants
// remembers where it is on its first poll, createRegistrant registers a
// person through another worker, and the next poll (a new container,
// started with the snapshot the platform stored) emits that registrant
// exactly once; later polls, in the same container or a new one, emit
// nothing.
func TestGoToWebinarCreateRegistrantThenNewRegistrants(t *testing.T) {
	t.Parallel()
	g := newGotoWorld(t)
	wb := g.plainWebinar(t)
	wk := gotoKey(wb.Key)
	seeded := len(g.fake.Registrants(wb.Key))

	// Poll 1: no startTime, so nothing is emitted; only a snapshot.
	trig := newFlow(t)
	trigCfg := g.config(map[string]any{"webinarKey": wk})
	w := trig.runGoTo(g, "newRegistrants", trigCfg)
	data, snap1 := trig.poll("P1")
	assert.Empty(t, data, "the first poll without startTime only remembers where it is")
	require.Contains(t, snap1, "floor")
	require.Contains(t, snap1, "seen")
	assert.Equal(t, 0, w.stopped())

	// createRegistrant through its own worker: webinarKey in the body.
	cr := newFlow(t)
	wc := cr.runGoTo(g, "createRegistrant", g.config(nil))
	cr.send(`{"id":"C1","body":{"firstName":"Lin","lastName":"Nakamura","email":"lin.e2e@example.org","webinarKey":"`+wk+`"},"headers":{}}`,
		inputHeaders("C1"))
	out := cr.collect(keyData, 1, waitOutput)[0]
	assert.Equal(t, "C1", out.Headers["parentMessageId"])
	assert.Equal(t, "createRegistrant", out.Headers["function"])
	body := cr.decode(out)["body"].(map[string]any)
	stored := g.registrant(t, wb.Key, "lin.e2e@example.org")
	require.IsType(t, "", body["registrantKey"], "registrantKey is a JSON string")
	assert.Regexp(t, decimalKey, body["registrantKey"])
	assert.Equal(t, map[string]any{
		"registrantKey": gotoKey(stored.Key), "joinUrl": stored.JoinURL, "status": stored.Status,
		"email": "lin.e2e@example.org", "webinarKey": wk, "alreadyRegistered": false,
	}, body)
	assert.Equal(t, "Lin", stored.FirstName)
	assert.Equal(t, "Nakamura", stored.LastName)
	assert.Len(t, g.fake.Registrants(wb.Key), seeded+1, "one registration")
	cr.assertSettled(0) // acked, not dead-lettered
	assert.Empty(t, cr.drain(keyError))
	assert.Empty(t, cr.drain(keyRebound))
	assert.Equal(t, 0, wc.stopped())
	assertNoSecrets(t, wc.logs())
	assertNoTokens(t, wc.logs(), g.access, g.refresh)

	// Poll 2, in a new container started with the stored snapshot: the new
	// registrant, once, with its webinar.
	trig.api.setStep("snapshot", snap1)
	w = trig.runGoTo(g, "newRegistrants", trigCfg)
	data, snap2 := trig.poll("P2")
	require.Len(t, data, 1, "exactly the new registrant")
	assert.Equal(t, map[string]any{
		"registrantKey": gotoKey(stored.Key), "firstName": "Lin", "lastName": "Nakamura", "email": "lin.e2e@example.org",
		"registrationDate": stored.RegistrationDate.UTC().Format(time.RFC3339), "status": stored.Status,
		"joinUrl": stored.JoinURL, "timeZone": stored.TimeZone, "webinarKey": wk, "webinarSubject": wb.Subject,
	}, data[0])
	assert.Contains(t, snap2["seen"], gotoKey(stored.Key), "the emitted registrant is remembered")

	// Poll 3, same container (its snapshot in memory): nothing twice.
	data, snap3 := trig.poll("P3")
	assert.Empty(t, data, "nothing is emitted twice")
	assert.Equal(t, 0, w.stopped())
	assertNoTokens(t, w.logs(), g.access, g.refresh)

	// Poll 4, a new container with the snapshot of poll 3: still nothing.
	trig.api.setStep("snapshot", snap3)
	w = trig.runGoTo(g, "newRegistrants", trigCfg)
	data, _ = trig.poll("P4")
	assert.Empty(t, data, "nothing is emitted twice after a restart")
	assert.Equal(t, 0, w.stopped())
	assertNoSecrets(t, w.logs())

	assert.Empty(t, trig.api.requestsTo(http.MethodPut, "/api/v1/accounts/"+accountID), "a valid token is not refreshed")
	assert.Zero(t, g.fake.TokenRequests("refresh_token"))
}

// TestGoToWebinarTokenExpiredMidRun: the access token expires between two
// messages; the worker refreshes it, stores the new keys on the platform
// (PUT /v1/accounts/{id}) while the message is still unacked, and the
// message succeeds.
func TestGoToWebinarTokenExpiredMidRun(t *testing.T) {
	t.Parallel()
	g := newGotoWorld(t)
	wb := g.plainWebinar(t)
	wk := gotoKey(wb.Key)
	organizerKey := gotoKey(g.organizer.Key)
	f := newFlow(t)
	hold := f.holdAccountUpdates()
	// webinarKey as the step field (select) this time; organizerKey set on
	// the credential, which must survive the key update.
	w := f.runGoTo(g, "createRegistrant", g.config(map[string]any{"webinarKey": wk, "organizerKey": organizerKey}))

	register := func(id, first, email string) map[string]any {
		t.Helper()
		f.send(`{"id":"`+id+`","body":{"firstName":"`+first+`","lastName":"Okafor","email":"`+email+`"},"headers":{}}`, inputHeaders(id))
		out := f.collect(keyData, 1, waitOutput)[0]
		assert.Equal(t, id, out.Headers["parentMessageId"])
		return f.decode(out)["body"].(map[string]any)
	}

	first := register("R1", "Ada", "ada.e2e@example.org")
	assert.Equal(t, gotoKey(g.registrant(t, wb.Key, "ada.e2e@example.org").Key), first["registrantKey"])
	f.assertSettled(0)
	assert.Zero(t, g.fake.TokenRequests("refresh_token"), "the first token was valid")
	assert.Empty(t, f.api.requestsTo(http.MethodPut, "/api/v1/accounts/"+accountID))

	g.fake.ExpireAccessTokens()
	require.Equal(t, http.StatusForbidden, g.status(t, g.access), "the stored access token is dead")

	f.send(`{"id":"R2","body":{"firstName":"Ben","lastName":"Okafor","email":"ben.e2e@example.org"},"headers":{}}`, inputHeaders("R2"))
	var put request
	select {
	case put = <-hold.entered:
	case <-time.After(waitOutput):
		require.FailNow(t, "no account update", "worker output:\n%s", w.logs())
	}
	// The worker waits for its new keys to be stored: R2 is delivered and
	// unacked, nothing is emitted yet.
	time.Sleep(200 * time.Millisecond)
	_, unacked := queueCounts(t, f.input)
	assert.Equal(t, 1, unacked, "the message is unacked while its new keys are stored")
	ready, _ := f.inputCounts()
	assert.Zero(t, ready)
	dataReady, _ := f.counts(f.queues[keyData])
	assert.Zero(t, dataReady, "no output before the keys are stored")
	assert.NotContains(t, outcomes(t, w.logs(), "R2"), "ack", "the worker logged R2 as acked before its keys were stored")
	close(hold.release)

	var stored struct {
		Keys struct {
			OAuth        map[string]any `json:"oauth"`
			OrganizerKey any            `json:"organizerKey"`
		} `json:"keys"`
	}
	require.NoError(t, json.Unmarshal(put.Body, &stored), "%s", put.Body)
	newAccess, _ := stored.Keys.OAuth["access_token"].(string)
	assert.NotEmpty(t, newAccess)
	assert.NotEqual(t, g.access, newAccess, "the new access token is stored")
	assert.Equal(t, g.refresh, stored.Keys.OAuth["refresh_token"], "the refresh token is kept")
	assert.Equal(t, organizerKey, stored.Keys.OrganizerKey, "the other credential fields are kept")
	assert.Equal(t, http.StatusOK, g.status(t, newAccess), "the stored access token works")

	second := f.decode(f.collect(keyData, 1, waitOutput)[0])["body"].(map[string]any)
	ben := g.registrant(t, wb.Key, "ben.e2e@example.org")
	assert.Equal(t, map[string]any{
		"registrantKey": gotoKey(ben.Key), "joinUrl": ben.JoinURL, "status": ben.Status,
		"email": "ben.e2e@example.org", "webinarKey": wk, "alreadyRegistered": false,
	}, second)
	f.assertSettled(0)
	assert.Empty(t, f.drain(keyError))
	assert.Empty(t, f.drain(keyRebound))

	puts := f.api.requestsTo(http.MethodPut, "/api/v1/accounts/"+accountID)
	require.Len(t, puts, 1, "one refresh, stored once")
	assert.Equal(t, apiKey, puts[0].Pass, "Basic auth with the API key")
	assert.Equal(t, 1, g.fake.TokenRequests("refresh_token"))

	assert.Equal(t, 0, w.stopped())
	logs := w.logs()
	assertNoSecrets(t, logs)
	assertNoTokens(t, logs, g.access, g.refresh, newAccess)
	assert.Contains(t, outcomes(t, logs, "R2"), "ack", "R2 acked in the end")
}

// outcomes are the outcomes of the settlement lines the worker logged for
// message id, in order.
func outcomes(t *testing.T, logs, id string) []any {
	t.Helper()
	var out []any
	for _, l := range byMessageID(settlements(t, logs))[id] {
		out = append(out, l["outcome"])
	}
	return out
}
