package fake

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func assertInvalidToken(t *testing.T, status int, body []byte) {
	t.Helper()
	require.Equal(t, http.StatusForbidden, status, string(body))
	assert.Equal(t, map[string]any{"int_err_code": "InvalidToken", "msg": "Invalid token passed"}, obj(t, body))
}

func TestInvalidTokens(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	me := "/admin/rest/v1/me"
	status, body := e.doToken("", http.MethodGet, me, nil)
	assertInvalidToken(t, status, body)
	status, body = e.doToken("not-a-token", http.MethodGet, me, nil)
	assertInvalidToken(t, status, body)

	access, _ := e.srv.IssueToken(e.org.Key)
	e.getOK(me)
	require.True(t, e.srv.RevokeToken(access))
	status, body = e.doToken(access, http.MethodGet, me, nil)
	assertInvalidToken(t, status, body)

	e.srv.ExpireAccessTokens()
	status, body = e.do(http.MethodGet, me, nil)
	assertInvalidToken(t, status, body)
}

func TestAccessTokenExpiresWithClock(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Now()}
	e := setup(t, Options{NoRateLimit: true, Now: c.Now, AccessTTL: 2 * time.Second})
	e.getOK("/admin/rest/v1/me")
	c.Add(2 * time.Second)
	status, body := e.do(http.MethodGet, "/admin/rest/v1/me", nil)
	assertInvalidToken(t, status, body)
}

func TestMe(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	m := obj(t, e.getOK("/admin/rest/v1/me"))
	assertTypes(t, m, map[string]string{"key": "s", "accountKey": "s", "email": "s", "firstName": "s", "lastName": "s",
		"locale": "s", "timeZone": "s", "createTime": "s", "accounts": "a"})
	assert.Equal(t, keyString(e.org.Key), m["key"])
	assert.Equal(t, keyString(e.org.AccountKey), m["accountKey"])
}

func TestFailNext(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	e.srv.FailNext(2, http.StatusServiceUnavailable)
	status, body := e.do(http.MethodGet, "/admin/rest/v1/me", nil)
	assertAppError(t, status, http.StatusServiceUnavailable, body)
	e.srv.FailNext(1, http.StatusForbidden)
	status, body = e.do(http.MethodGet, "/admin/rest/v1/me", nil)
	assertInvalidToken(t, status, body)
	e.getOK("/admin/rest/v1/me")
	assert.Equal(t, 3, e.srv.APIRequests())
}

func TestUnroutedPath(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	status, body := e.do(http.MethodGet, "/G2W/rest/v2/nothing/here", nil)
	require.Equal(t, http.StatusNotFound, status)
	assertTypes(t, obj(t, body), map[string]string{"errorCode": "s", "message": "s"})
}

func TestRateLimit(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Now()}
	e := setup(t, Options{Now: c.Now})
	for i := range DefaultRateLimit {
		status, _ := e.do(http.MethodGet, "/admin/rest/v1/me", nil)
		require.Equal(t, http.StatusOK, status, "request %d", i)
	}
	req, err := http.NewRequest(http.MethodGet, e.base+"/admin/rest/v1/me", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+e.token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.Empty(t, resp.Header.Get("Retry-After"), "GoTo sends no Retry-After")

	other, _ := e.srv.IssueToken(e.org.Key)
	status, _ := e.doToken(other, http.MethodGet, "/admin/rest/v1/me", nil)
	assert.Equal(t, http.StatusOK, status, "the limit is per token")

	c.Add(200 * time.Millisecond)
	ok := 0
	for range 5 {
		if status, _ := e.do(http.MethodGet, "/admin/rest/v1/me", nil); status == http.StatusOK {
			ok++
		}
	}
	assert.Equal(t, 2, ok, "0.2 s refills two requests")
}

func TestRateLimitOff(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Now()}
	e := setup(t, Options{Now: c.Now, NoRateLimit: true})
	for i := range 3 * DefaultRateLimit {
		status, _ := e.do(http.MethodGet, "/admin/rest/v1/me", nil)
		require.Equal(t, http.StatusOK, status, "request %d", i)
	}
}
