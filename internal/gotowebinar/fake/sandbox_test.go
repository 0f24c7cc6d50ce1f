package fake

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunSandbox(t *testing.T) {
	t.Parallel()
	cfgPath := filepath.Join(t.TempDir(), "cfg.json")
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- RunSandbox(ctx, SandboxOptions{Addr: "127.0.0.1:0", CfgOut: cfgPath, Seed: 3}, pw)
		pw.Close()
	}()

	env := map[string]string{}
	sc := bufio.NewScanner(pr)
	for len(env) < 4 && sc.Scan() {
		name, value, ok := strings.Cut(strings.TrimPrefix(sc.Text(), "export "), "=")
		require.True(t, ok, sc.Text())
		env[name] = value
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	assert.Equal(t, env["GOTO_API_URL"], env["GOTO_AUTH_URL"])
	assert.Equal(t, DefaultClientID, env["CITRIX_APP_ID"])
	assert.Equal(t, DefaultClientSecret, env["CITRIX_APP_SECRET"])

	data, err := os.ReadFile(cfgPath)
	require.NoError(t, err)
	var cfg map[string]any
	require.NoError(t, json.Unmarshal(data, &cfg))
	oauth := cfg["oauth"].(map[string]any)
	assert.Equal(t, "Bearer", oauth["token_type"])
	assert.Equal(t, Scope, oauth["scope"])
	assert.InDelta(t, 3600, oauth["expires_in"], 0)
	assert.Len(t, cfg["organizerKey"], 19)

	req, err := http.NewRequest(http.MethodGet, env["GOTO_API_URL"]+"/admin/rest/v1/me", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+oauth["access_token"].(string))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var me map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&me))
	resp.Body.Close()
	assert.Equal(t, cfg["organizerKey"], me["key"])

	cancel()
	assert.NoError(t, <-done)
}

func TestNewSandbox(t *testing.T) {
	t.Parallel()
	srv, creds := NewSandbox(5)
	assert.Equal(t, srv.MainOrganizer().Key, creds.OrganizerKey)
	assert.Equal(t, DefaultClientSecret, creds.ClientSecret)
	assert.NotEmpty(t, creds.RefreshToken)
	assert.Equal(t, 3600, creds.ExpiresIn)
}

// Shape kinds of sbShape: the JSON type each documented field must have.
const (
	sbStr  = "string"
	sbNum  = "number"
	sbBool = "bool"
	sbArr  = "array"
	sbObj  = "object"
	sbTime = "date-time" // a string holding an RFC 3339 instant
	sbKey  = "key"       // untyped in the doc: digits as a string or a number
)

// sbShape is a documented schema: field name to kind.
type sbShape map[string]string

// Schemas of gotowebinar-api.md §2.3, required fields only.
var (
	sbRange      = sbShape{"startTime": sbTime, "endTime": sbTime}
	sbPage       = sbShape{"size": sbNum, "totalElements": sbNum, "totalPages": sbNum, "number": sbNum}
	sbWebinarRow = sbShape{"webinarKey": sbStr, "webinarID": sbStr, "organizerKey": sbStr, "accountKey": sbStr,
		"subject": sbStr, "description": sbStr, "times": sbArr, "timeZone": sbStr, "locale": sbStr,
		"approvalType": sbStr, "registrationUrl": sbStr, "impromptu": sbBool, "isPasswordProtected": sbBool,
		"recurrenceType": sbStr, "experienceType": sbStr}
	sbWebinarByKey = sbShape{"webinarKey": sbNum, "webinarID": sbStr, "subject": sbStr, "description": sbStr,
		"organizerKey": sbNum, "organizerEmail": sbStr, "organizerName": sbStr, "times": sbArr,
		"registrationUrl": sbStr, "inSession": sbBool, "impromptu": sbBool, "type": sbStr, "timeZone": sbStr,
		"numberOfRegistrants": sbNum, "registrationLimit": sbNum, "locale": sbStr, "accountKey": sbStr,
		"recurrencePeriod": sbStr, "experienceType": sbStr, "isPasswordProtected": sbBool}
	sbBroker = sbShape{"numberOfRegistrants": sbNum, "times": sbArr, "description": sbStr, "subject": sbStr,
		"inSession": sbBool, "organizerKey": sbNum, "webinarKey": sbNum, "webinarID": sbStr, "timeZone": sbStr,
		"registrationUrl": sbStr, "experienceType": sbStr, "coorganizers": sbArr, "organizerEmail": sbStr,
		"organizerName": sbStr, "impromptu": sbBool, "isOndemand": sbBool}
	sbRegistrant = sbShape{"firstName": sbStr, "lastName": sbStr, "email": sbStr, "registrantKey": sbNum,
		"registrationDate": sbTime, "status": sbStr, "joinUrl": sbStr, "timeZone": sbStr}
	sbRegPage    = sbShape{"data": sbArr, "total": sbNum, "page": sbNum, "limit": sbNum, "pageSize": sbNum}
	sbRegCreated = sbShape{"registrantKey": sbNum, "joinUrl": sbStr}
	sbField      = sbShape{"field": sbStr, "required": sbBool, "maxSize": sbNum}
	sbQuestion   = sbShape{"questionKey": sbNum, "question": sbStr, "required": sbBool, "type": sbStr, "maxSize": sbNum}
	sbAnswer     = sbShape{"answerKey": sbNum, "answer": sbStr}
	sbSession    = sbShape{"sessionKey": sbStr, "webinarKey": sbStr, "webinarName": sbStr, "startTime": sbTime,
		"endTime": sbTime, "registrantsAttended": sbNum, "registrantCount": sbNum, "accountKey": sbKey,
		"creatingOrganizerKey": sbKey, "creatingOrganizerName": sbStr, "startingOrganizerKey": sbKey,
		"startingOrganizerName": sbStr, "totalPollCount": sbNum, "timeZone": sbStr, "experienceType": sbStr,
		"webinarID": sbStr, "webinarType": sbNum, "includeCertificate": sbBool, "followupEmailTriggered": sbBool}
	sbAttendee = sbShape{"registrantKey": sbNum, "sessionKey": sbNum, "firstName": sbStr, "lastName": sbStr,
		"email": sbStr, "attendanceTimeInSeconds": sbNum, "attendance": sbArr}
	sbInterval    = sbShape{"joinTime": sbTime, "leaveTime": sbTime}
	sbPerformance = sbShape{"attendance": sbObj, "pollsAndSurveys": sbObj}
	sbPerfAtt     = sbShape{"registrantCount": sbNum, "percentageAttendance": sbNum, "averageInterestRating": sbNum,
		"averageAttentiveness": sbNum, "averageAttendanceTimeSeconds": sbNum}
	sbPerfPolls = sbShape{"pollCount": sbNum, "surveyCount": sbNum, "questionsAsked": sbNum,
		"percentagePollsCompleted": sbNum, "percentageSurveysCompleted": sbNum}
	sbPerfInfo = sbShape{"webinarName": sbStr, "webinarId": sbStr, "sessionKey": sbKey, "startTime": sbTime,
		"endTime": sbTime, "registrationEmailOpenedCount": sbStr, "registrationLinkClickedCount": sbStr}
	sbPoll         = sbShape{"question": sbStr, "numberOfResponses": sbNum, "responses": sbArr}
	sbPollResponse = sbShape{"text": sbStr, "percentage": sbNum}
	sbPollAnswer   = sbShape{"question": sbStr, "answers": sbArr}
	sbAsked        = sbShape{"question": sbStr, "askedBy": sbStr, "askerKey": sbKey, "dateAsked": sbTime, "answers": sbArr}
	sbReply        = sbShape{"answer": sbStr, "answeredBy": sbKey, "answererRole": sbStr, "answerTime": sbTime, "answererEmail": sbStr}
	sbPanelist     = sbShape{"name": sbStr, "email": sbStr, "panelistId": sbNum, "joinLink": sbStr}
	sbNewPanelist  = sbShape{"name": sbStr, "email": sbStr, "joinLink": sbStr, "panelistKey": sbStr}
	sbCoorganizer  = sbShape{"memberKey": sbStr, "givenName": sbStr, "email": sbStr, "joinLink": sbStr, "external": sbBool}
	sbAudio        = sbShape{"type": sbStr}
	sbAsset        = sbShape{"name": sbStr, "recordingAssetKey": sbKey, "productName": sbStr, "createTime": sbTime,
		"creatorKey": sbKey, "accountKey": sbKey, "totalReferenceCount": sbNum, "mp4DownloadUrl": sbStr}
	sbAssetPage = sbShape{"data": sbArr, "total": sbNum, "page": sbNum, "pageSize": sbNum}
	sbSecret    = sbShape{"id": sbNum, "value": sbStr, "validFrom": sbTime}
	sbWebhook   = sbShape{"webhookKey": sbStr, "callbackUrl": sbStr, "eventName": sbStr, "eventVersion": sbStr,
		"product": sbStr, "state": sbStr, "createTime": sbTime}
	sbSubscription = sbShape{"userSubscriptionKey": sbStr, "webhookKey": sbStr, "callbackUrl": sbStr,
		"eventName": sbStr, "eventVersion": sbStr, "product": sbStr, "userSubscriptionState": sbStr,
		"activationState": sbStr, "createTime": sbTime}
	sbMe       = sbShape{"key": sbKey, "accountKey": sbKey, "email": sbStr, "firstName": sbStr, "lastName": sbStr, "locale": sbStr, "accounts": sbArr}
	sbAppError = sbShape{"errorCode": sbStr, "description": sbStr, "incident": sbStr}
	sbToken    = sbShape{"access_token": sbStr, "token_type": sbStr, "refresh_token": sbStr, "expires_in": sbNum, "scope": sbStr}
)

// sbCheck asserts that v is an object holding every field of shape with its kind.
func sbCheck(t *testing.T, where string, v any, shape sbShape) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	if !assert.True(t, ok, "%s: object expected, got %T", where, v) {
		return nil
	}
	for field, kind := range shape {
		val, present := m[field]
		if !assert.True(t, present, "%s: field %q missing", where, field) {
			continue
		}
		var good bool
		switch kind {
		case sbStr:
			_, good = val.(string)
		case sbNum:
			_, good = val.(json.Number)
		case sbBool:
			_, good = val.(bool)
		case sbArr:
			_, good = val.([]any)
		case sbObj:
			_, good = val.(map[string]any)
		case sbTime:
			s, isStr := val.(string)
			_, err := time.Parse(time.RFC3339Nano, s)
			good = isStr && err == nil
		case sbKey:
			s := ""
			switch k := val.(type) {
			case string:
				s = k
			case json.Number:
				s = k.String()
			}
			good = len(s) == 19 && strings.Trim(s, "0123456789") == ""
		}
		assert.True(t, good, "%s: field %q should be a %s, got %T %v", where, field, kind, val, val)
	}
	return m
}

// sbEach checks every element of a JSON array against shape and returns the array.
func sbEach(t *testing.T, where string, v any, shape sbShape) []any {
	t.Helper()
	list, ok := v.([]any)
	require.True(t, ok, "%s: array expected, got %T", where, v)
	for i, it := range list {
		sbCheck(t, where+"["+itoa(i)+"]", it, shape)
	}
	return list
}

// sbClient is what a curl user does: plain HTTP with the bearer token, paced at the
// documented 10 requests per second.
type sbClient struct {
	t     *testing.T
	api   string
	token string
	tick  *time.Ticker
}

// call sends one request and decodes the answer with UseNumber (nil when empty).
func (c *sbClient) call(method, path string, body any, wantStatus int) any {
	c.t.Helper()
	<-c.tick.C
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		require.NoError(c.t, err)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(c.t.Context(), method, c.api+path, rd)
	require.NoError(c.t, err)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	require.Equal(c.t, wantStatus, resp.StatusCode, "%s %s: %s", method, path, data)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	assert.Equal(c.t, "application/json", resp.Header.Get("Content-Type"), "%s %s", method, path)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	require.NoError(c.t, dec.Decode(&v), "%s %s", method, path)
	return v
}

func (c *sbClient) get(path string, want sbShape) map[string]any {
	c.t.Helper()
	return sbCheck(c.t, "GET "+path, c.call(http.MethodGet, path, nil, http.StatusOK), want)
}

func (c *sbClient) list(path string, want sbShape) []any {
	c.t.Helper()
	return sbEach(c.t, "GET "+path, c.call(http.MethodGet, path, nil, http.StatusOK), want)
}

// embedded checks a HAL page and returns its list (empty when _embedded is absent).
func (c *sbClient) embedded(where string, v any, name string, want sbShape, paged bool) []any {
	c.t.Helper()
	m := sbCheck(c.t, where, v, sbShape{})
	if paged {
		sbCheck(c.t, where+" page", m["page"], sbPage)
	}
	emb, ok := m["_embedded"].(map[string]any)
	if !ok {
		return nil
	}
	return sbEach(c.t, where+" _embedded."+name, emb[name], want)
}

func sbStrOf(m map[string]any, field string) string {
	switch v := m[field].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

// startSandbox runs RunSandbox on a free port and returns its printed environment.
func startSandbox(t *testing.T, cfgOut string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- RunSandbox(ctx, SandboxOptions{Addr: "127.0.0.1:0", CfgOut: cfgOut}, pw)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done)
	})
	env := map[string]string{}
	sc := bufio.NewScanner(pr)
	for len(env) < 4 && sc.Scan() {
		line := sc.Text()
		require.True(t, strings.HasPrefix(line, "export "), line)
		name, value, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		require.True(t, ok, line)
		env[name] = value
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	for _, name := range []string{"GOTO_API_URL", "GOTO_AUTH_URL", "CITRIX_APP_ID", "CITRIX_APP_SECRET"} {
		require.NotEmpty(t, env[name], name)
	}
	return env
}

// sbOAuth runs the OAuth dance a newcomer would run with curl: authorize (approved at
// once, 302 with a code), then the code exchange with Basic client authentication;
// then one refresh. It returns the access token of the code exchange.
func sbOAuth(t *testing.T, env map[string]string) string {
	t.Helper()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	const redirectURI = "http://127.0.0.1:9/callback"
	q := url.Values{"client_id": {env["CITRIX_APP_ID"]}, "response_type": {"code"}, "redirect_uri": {redirectURI}, "state": {"st"}}
	resp, err := noRedirect.Get(env["GOTO_AUTH_URL"] + "/oauth/authorize?" + q.Encode())
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	assert.Equal(t, "st", loc.Query().Get("state"))

	token := func(form url.Values, id, secret string, wantStatus int) map[string]any {
		req, err := http.NewRequest(http.MethodPost, env["GOTO_AUTH_URL"]+"/oauth/token", strings.NewReader(form.Encode()))
		require.NoError(t, err)
		req.SetBasicAuth(id, secret)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		require.Equal(t, wantStatus, resp.StatusCode)
		dec := json.NewDecoder(resp.Body)
		dec.UseNumber()
		var m map[string]any
		require.NoError(t, dec.Decode(&m))
		return m
	}
	code := url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")}, "redirect_uri": {redirectURI}}
	bad := token(code, env["CITRIX_APP_ID"], "wrong-secret", http.StatusBadRequest)
	assert.Equal(t, "invalid_client", bad["error"])
	tok := sbCheck(t, "token", token(code, env["CITRIX_APP_ID"], env["CITRIX_APP_SECRET"], http.StatusOK), sbToken)
	assert.Equal(t, "Bearer", tok["token_type"])
	assert.Equal(t, json.Number("3600"), tok["expires_in"])
	again := token(code, env["CITRIX_APP_ID"], env["CITRIX_APP_SECRET"], http.StatusBadRequest)
	assert.Equal(t, "invalid_grant", again["error"], "codes are single use")

	refreshed := token(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}},
		env["CITRIX_APP_ID"], env["CITRIX_APP_SECRET"], http.StatusOK)
	sbCheck(t, "refresh", refreshed, sbShape{"access_token": sbStr, "expires_in": sbNum})
	return tok["access_token"].(string)
}

// TestSandboxAnswersEveryDocumentedPath is the acceptance item "gotowebinar sandbox
// answers curl on every documented path with the documented shapes": the sandbox runs
// as `gotowebinar sandbox` runs it, and every path of gotowebinar-api.md §2.2 (#1 to
// #53), /admin/rest/v1/me and the OAuth endpoints are requested with plain net/http,
// checking the status and the JSON type of every documented field.
func TestSandboxAnswersEveryDocumentedPath(t *testing.T) {
	t.Parallel()
	cfgPath := filepath.Join(t.TempDir(), "cfg.json")
	env := startSandbox(t, cfgPath)
	c := &sbClient{t: t, api: env["GOTO_API_URL"], token: sbOAuth(t, env), tick: time.NewTicker(105 * time.Millisecond)}
	defer c.tick.Stop()

	// The written step config works as is.
	data, err := os.ReadFile(cfgPath)
	require.NoError(t, err)
	var cfg struct {
		OAuth struct {
			AccessToken string `json:"access_token"`
		} `json:"oauth"`
		OrganizerKey string `json:"organizerKey"`
	}
	require.NoError(t, json.Unmarshal(data, &cfg))
	cfgClient := *c
	cfgClient.token = cfg.OAuth.AccessToken

	// /admin/rest/v1/me
	me := cfgClient.get("/admin/rest/v1/me", sbMe)
	require.Equal(t, cfg.OrganizerKey, sbStrOf(me, "key"))
	sbEach(t, "me.accounts", me["accounts"], sbShape{"key": sbKey, "name": sbStr})
	org, account := sbStrOf(me, "key"), sbStrOf(me, "accountKey")
	v2 := "/G2W/rest/v2"
	orgP := v2 + "/organizers/" + org
	now := time.Now().UTC()
	window := "fromTime=" + url.QueryEscape(now.AddDate(-2, 0, 0).Format(time.RFC3339)) +
		"&toTime=" + url.QueryEscape(now.AddDate(2, 0, 0).Format(time.RFC3339))

	// #1, #2: pagination A, 200 per page at most.
	all := c.embedded("#2", c.call(http.MethodGet, orgP+"/webinars?"+window+"&page=0&size=200", nil, 200), "webinars", sbWebinarRow, true)
	require.Len(t, all, 200)
	page1 := c.call(http.MethodGet, orgP+"/webinars?"+window+"&page=1&size=200", nil, 200)
	c.embedded("#2 page 1", page1, "webinars", sbWebinarRow, true)
	assert.Equal(t, json.Number("1"), page1.(map[string]any)["page"].(map[string]any)["number"])
	c.embedded("#1", c.call(http.MethodGet, v2+"/accounts/"+account+"/webinars?"+window+"&size=5", nil, 200), "webinars", sbWebinarRow, true)
	sbEach(t, "#2 times", all[0].(map[string]any)["times"], sbRange)
	c.call(http.MethodGet, orgP+"/webinars?"+window+"&size=201", nil, 400)
	sbCheck(t, "#2 without range", c.call(http.MethodGet, orgP+"/webinars", nil, 400), sbAppError)

	// #4: in-session webinars, with and without a range.
	live := c.list(orgP+"/insessionWebinars", sbBroker)
	require.Len(t, live, 1)
	c.list(orgP+"/insessionWebinars?toTime="+url.QueryEscape(now.Add(time.Hour).Format(time.RFC3339)), sbBroker)

	// #3: create a webinar to work on; #5, #13, #21.
	start := now.Truncate(time.Hour).AddDate(0, 0, 20)
	times := []map[string]string{{"startTime": start.Format(time.RFC3339), "endTime": start.Add(time.Hour).Format(time.RFC3339)}}
	created := sbCheck(t, "#3", c.call(http.MethodPost, orgP+"/webinars", map[string]any{"subject": "Sandbox check", "times": times}, 201), sbShape{"webinarKey": sbStr})
	wk := sbStrOf(created, "webinarKey")
	wb := orgP + "/webinars/" + wk
	byKey := c.get(wb, sbWebinarByKey)
	assert.Equal(t, wk, sbStrOf(byKey, "webinarKey"))
	sbEach(t, "#13", c.call(http.MethodGet, wb+"/meetingtimes", nil, 200), sbRange)
	c.get(v2+"/webinars/"+wk+"/startUrl", sbShape{"startUrl": sbStr})
	sbCheck(t, "#3 subject too long", c.call(http.MethodPost, orgP+"/webinars", map[string]any{"subject": strings.Repeat("x", 129), "times": times}, 400), sbAppError)

	// #6: 202 without body; #22 copy; #7 cancel (204) then 404.
	assert.Nil(t, c.call(http.MethodPut, wb+"?notifyParticipants=false", map[string]any{"subject": "Sandbox check (renamed)"}, 202))
	cp := sbCheck(t, "#22", c.call(http.MethodPut, v2+"/webinars/"+wk+"/copy", map[string]any{"subject": "Copy"}, 201), sbShape{"webinarKey": sbStr})
	assert.Nil(t, c.call(http.MethodDelete, orgP+"/webinars/"+sbStrOf(cp, "webinarKey")+"?sendCancellationEmails=false", nil, 204))
	sbCheck(t, "#5 cancelled", c.call(http.MethodGet, orgP+"/webinars/"+sbStrOf(cp, "webinarKey"), nil, 404), sbAppError)

	// #14 to #17: panelists.
	newP := sbEach(t, "#15", c.call(http.MethodPost, wb+"/panelists", []map[string]string{{"name": "Pat", "email": "pat@example.com"}}, 201), sbNewPanelist)
	pk := sbStrOf(newP[0].(map[string]any), "panelistKey")
	listed := c.list(wb+"/panelists", sbPanelist)
	assert.Equal(t, pk, sbStrOf(listed[0].(map[string]any), "panelistId"))
	assert.Nil(t, c.call(http.MethodPost, wb+"/panelists/"+pk+"/resendInvitation", nil, 204))
	assert.Nil(t, c.call(http.MethodDelete, wb+"/panelists/"+pk, nil, 204))

	// #9 to #12: co-organizers.
	assert.Empty(t, c.list(wb+"/coorganizers", sbCoorganizer))
	newC := sbEach(t, "#10", c.call(http.MethodPost, wb+"/coorganizers",
		[]map[string]any{{"external": true, "givenName": "Eve External", "email": "eve@example.org"}}, 201), sbCoorganizer)
	ck := sbStrOf(newC[0].(map[string]any), "memberKey")
	c.list(wb+"/coorganizers", sbCoorganizer)
	assert.Nil(t, c.call(http.MethodPost, wb+"/coorganizers/"+ck+"/resendInvitation?external=true", nil, 204))
	assert.Nil(t, c.call(http.MethodDelete, wb+"/coorganizers/"+ck+"?external=true", nil, 204))

	// #18, #19: audio.
	audio := c.get(wb+"/audio", sbAudio)
	for cc, n := range audio["confCallNumbers"].(map[string]any) {
		sbCheck(t, "#18 "+cc, n, sbShape{"toll": sbStr, "accessCodes": sbObj})
	}
	assert.Nil(t, c.call(http.MethodPost, wb+"/audio?notifyParticipants=false", map[string]any{"type": "VOIP"}, 204))

	// #23 to #27: registrants, both list shapes, 409 with the existing registrant.
	fields := c.get(wb+"/registrants/fields", sbShape{"fields": sbArr, "questions": sbArr})
	sbEach(t, "#27 fields", fields["fields"], sbField)
	person := map[string]any{"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com"}
	reg := sbCheck(t, "#23", c.call(http.MethodPost, wb+"/registrants?resendConfirmation=false", person, 201), sbRegCreated)
	dup := sbCheck(t, "#23 duplicate", c.call(http.MethodPost, wb+"/registrants", person, 409),
		sbShape{"errorCode": sbStr, "description": sbStr, "incident": sbStr, "registrantKey": sbNum, "joinUrl": sbStr})
	assert.Equal(t, reg["registrantKey"], dup["registrantKey"])
	sbCheck(t, "#23 missing email", c.call(http.MethodPost, wb+"/registrants", map[string]any{"firstName": "A", "lastName": "B"}, 400), sbAppError)
	rk := sbStrOf(reg, "registrantKey")
	c.list(wb+"/registrants", sbRegistrant)
	paged := c.get(wb+"/registrants?page=0&limit=200", sbRegPage)
	sbEach(t, "#24 data", paged["data"], sbRegistrant)
	detail := c.get(wb+"/registrants/"+rk, sbRegistrant)
	sbCheck(t, "#25", detail, sbShape{"unsubscribed": sbBool, "responses": sbArr})
	assert.Nil(t, c.call(http.MethodDelete, wb+"/registrants/"+rk, nil, 204))
	sbCheck(t, "#25 deleted", c.call(http.MethodGet, wb+"/registrants/"+rk, nil, 404), sbAppError)

	// A seeded webinar with required custom questions: the form's question shape.
	for _, it := range all {
		w := it.(map[string]any)
		f := c.get(orgP+"/webinars/"+sbStrOf(w, "webinarKey")+"/registrants/fields", sbShape{"questions": sbArr})
		if qs := sbEach(t, "#27 questions", f["questions"], sbQuestion); len(qs) > 0 {
			for _, q := range qs {
				if ans, ok := q.(map[string]any)["answers"]; ok {
					sbEach(t, "#27 answers", ans, sbAnswer)
				}
			}
			break
		}
	}

	// #28, #29: sessions; then #30 to #39 and #8, #20 on a session with attendees.
	sessions := c.embedded("#28", c.call(http.MethodGet, orgP+"/sessions?"+window+"&size=200", nil, 200), "sessionInfoResources", sbSession, true)
	require.NotEmpty(t, sessions)
	var sess, swb string
	var attendees []any
	for _, it := range sessions {
		s := it.(map[string]any)
		sess, swb = sbStrOf(s, "sessionKey"), sbStrOf(s, "webinarKey")
		attendees = c.list(orgP+"/webinars/"+swb+"/sessions/"+sess+"/attendees", sbAttendee)
		if len(attendees) >= 3 {
			break
		}
	}
	require.NotEmpty(t, attendees)
	sbEach(t, "#31 attendance", attendees[0].(map[string]any)["attendance"], sbInterval)
	swbP := orgP + "/webinars/" + swb
	sessP := swbP + "/sessions/" + sess
	c.embedded("#29", c.call(http.MethodGet, swbP+"/sessions", nil, 200), "sessionInfoResources", sbSession, true)
	c.embedded("#8", c.call(http.MethodGet, swbP+"/attendees?page=0&size=200", nil, 200), "attendeeParticipationResponses", sbAttendee, true)
	perf := c.get(swbP+"/performance", sbShape{sess: sbObj})
	sbCheck(t, "#20", perf[sess], sbPerformance)
	c.get(sessP, sbShape{"sessionKey": sbStr})
	sp := c.get(sessP+"/performance", sbPerformance)
	sbCheck(t, "#36 attendance", sp["attendance"], sbPerfAtt)
	sbCheck(t, "#36 pollsAndSurveys", sp["pollsAndSurveys"], sbPerfPolls)
	sbCheck(t, "#36 sessionInfo", sp["sessionInfo"], sbPerfInfo)
	for _, p := range c.list(sessP+"/polls", sbPoll) {
		sbEach(t, "#37 responses", p.(map[string]any)["responses"], sbPollResponse)
	}
	c.list(sessP+"/surveys", sbPoll)
	asked := c.list(sessP+"/questions", sbAsked)
	require.NotEmpty(t, asked, "seeded sessions carry questions")
	sbEach(t, "#38 answers", asked[0].(map[string]any)["answers"], sbReply)
	asker := sbStrOf(asked[0].(map[string]any), "askerKey")
	attP := sessP + "/attendees/" + asker
	c.get(attP, sbShape{"registrantKey": sbNum, "firstName": sbStr, "lastName": sbStr, "email": sbStr})
	c.list(attP+"/polls", sbPollAnswer)
	c.list(attP+"/questions", sbAsked)
	c.list(attP+"/surveys", sbPollAnswer)

	// #40 to #42: recordings.
	assets := c.embedded("#40", c.call(http.MethodPost, v2+"/recordingassets/search?page=0&size=50&includes=webinarKey&includes=recordingShareUrl",
		map[string]any{"accountKey": account, "sortField": "NAME", "sortOrder": "ASC"}, 200), "recordingAssets", sbAsset, true)
	require.NotEmpty(t, assets)
	sbCheck(t, "#40 includes", assets[0], sbShape{"webinarKey": sbKey, "recordingShareUrl": sbStr})
	c.embedded("#41", c.call(http.MethodPost, v2+"/accounts/"+account+"/recordingassets/search",
		map[string]any{"organizerKey": org, "fromTime": now.AddDate(-2, 0, 0).Format(time.RFC3339)}, 200), "recordingAssets", sbAsset, true)
	ap := c.get(v2+"/webinars/"+sbStrOf(assets[0].(map[string]any), "webinarKey")+"/recordingAssets?page=0&limit=10", sbAssetPage)
	sbEach(t, "#42 data", ap["data"], sbAsset)

	// #43 to #53: webhooks and user subscriptions.
	sbCheck(t, "#43", c.call(http.MethodPost, v2+"/webhooks/secretkey", map[string]any{}, 200), sbSecret)
	hooks := c.embedded("#44", c.call(http.MethodPost, v2+"/webhooks", []map[string]string{{"callbackUrl": "https://hooks.example.com/x",
		"eventName": "registrant.added", "eventVersion": "1.0.0", "product": "g2w"}}, 200), "webhooks", sbWebhook, false)
	require.Len(t, hooks, 1)
	hk := sbStrOf(hooks[0].(map[string]any), "webhookKey")
	assert.Nil(t, c.call(http.MethodPut, v2+"/webhooks", []map[string]string{{"webhookKey": hk, "state": "ACTIVE"}}, 204))
	c.embedded("#46", c.call(http.MethodGet, v2+"/webhooks?product=g2w", nil, 200), "webhooks", sbWebhook, false)
	sbCheck(t, "#46 without product", c.call(http.MethodGet, v2+"/webhooks", nil, 400), sbAppError)
	c.get(v2+"/webhooks/"+hk, sbWebhook)
	subs := c.embedded("#49", c.call(http.MethodPost, v2+"/userSubscriptions", []map[string]string{{"webhookKey": hk, "userSubscriptionState": "ACTIVE"}}, 200),
		"userSubscriptions", sbSubscription, false)
	require.Len(t, subs, 1)
	sk := sbStrOf(subs[0].(map[string]any), "userSubscriptionKey")
	assert.Nil(t, c.call(http.MethodPut, v2+"/userSubscriptions", []map[string]string{{"webhookKey": hk, "userSubscriptionKey": sk, "userSubscriptionState": "INACTIVE"}}, 204))
	c.embedded("#51", c.call(http.MethodGet, v2+"/userSubscriptions?product=g2w", nil, 200), "userSubscriptions", sbSubscription, false)
	c.get(v2+"/userSubscriptions/"+sk, sbSubscription)
	assert.Nil(t, c.call(http.MethodDelete, v2+"/userSubscriptions", []string{sk}, 202))
	assert.Nil(t, c.call(http.MethodDelete, v2+"/webhooks", []string{hk}, 202))
	sbCheck(t, "#48 deleted", c.call(http.MethodGet, v2+"/webhooks/"+hk, nil, 404), sbAppError)

	// Error shapes: bad token, unrouted path, the rate limit.
	bad := *c
	bad.token = "not-a-token"
	invalid := bad.call(http.MethodGet, orgP+"/webinars/"+wk, nil, 403)
	assert.Equal(t, map[string]any{"int_err_code": "InvalidToken", "msg": "Invalid token passed"}, invalid)
	sbCheck(t, "unrouted", c.call(http.MethodGet, "/G2W/rest/v2/nowhere", nil, 404), sbShape{"errorCode": sbStr, "message": sbStr})

	c.tick.Reset(time.Microsecond) // now as fast as curl in a loop
	var got429 bool
	for range 15 {
		<-c.tick.C
		req, err := http.NewRequest(http.MethodGet, c.api+"/admin/rest/v1/me", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+c.token)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		got429 = got429 || resp.StatusCode == http.StatusTooManyRequests
	}
	assert.True(t, got429, "more than 10 requests per second must meet a 429")
}
