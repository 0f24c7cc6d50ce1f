package fake

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const redirect = "https://tenant.example.com/callback/oauth2"

// authorize runs /oauth/authorize and returns the code from the redirect.
func (e *env) authorize() string {
	e.t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(e.base + "/oauth/authorize?" + url.Values{"client_id": {DefaultClientID}, "response_type": {"code"},
		"redirect_uri": {redirect}, "state": {"xyz"}}.Encode())
	require.NoError(e.t, err)
	resp.Body.Close()
	require.Equal(e.t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(e.t, err)
	assert.True(e.t, strings.HasPrefix(loc.String(), redirect+"?"))
	assert.Equal(e.t, "xyz", loc.Query().Get("state"))
	require.NotEmpty(e.t, loc.Query().Get("code"))
	return loc.Query().Get("code")
}

// postToken posts a form to /oauth/token, with Basic auth when basic is true
// and the credentials in the body otherwise.
func (e *env) postToken(form url.Values, id, secret string, basic bool) (int, map[string]any) {
	e.t.Helper()
	if !basic {
		form.Set("client_id", id)
		form.Set("client_secret", secret)
	}
	req, err := http.NewRequest(http.MethodPost, e.base+"/oauth/token", strings.NewReader(form.Encode()))
	require.NoError(e.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		req.SetBasicAuth(url.QueryEscape(id), url.QueryEscape(secret))
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	var buf strings.Builder
	_, err = bufCopy(&buf, resp)
	require.NoError(e.t, err)
	return resp.StatusCode, obj(e.t, []byte(buf.String()))
}

func (e *env) exchange() map[string]any {
	e.t.Helper()
	status, m := e.postToken(url.Values{"grant_type": {"authorization_code"}, "code": {e.authorize()}, "redirect_uri": {redirect}}, DefaultClientID, DefaultClientSecret, true)
	require.Equal(e.t, http.StatusOK, status, m)
	return m
}

func (e *env) refresh(rt string) (int, map[string]any) {
	e.t.Helper()
	return e.postToken(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}, DefaultClientID, DefaultClientSecret, true)
}

func TestAuthorizationCodeIsSingleUse(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	code := e.authorize()
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect}}
	status, m := e.postToken(form, DefaultClientID, DefaultClientSecret, false)
	require.Equal(t, http.StatusOK, status, m)
	assertTypes(t, m, map[string]string{"access_token": "s", "token_type": "s", "refresh_token": "s", "expires_in": "n", "scope": "s", "principal": "s"})
	assert.Equal(t, "Bearer", m["token_type"])
	assert.Equal(t, 3600, atoi(t, m["expires_in"]))
	assert.Equal(t, Scope, m["scope"])
	assert.Equal(t, e.org.Email, m["principal"])
	assert.NotContains(t, m, "organizer_key", "the current endpoint carries no owner keys")
	assert.Greater(t, len(m["access_token"].(string)), 200)
	e.postToken(url.Values{}, "", "", true) // a request without grant_type is counted too
	status, _ = e.doToken(m["access_token"].(string), http.MethodGet, "/admin/rest/v1/me", nil)
	assert.Equal(t, http.StatusOK, status)

	status, m = e.postToken(form, DefaultClientID, DefaultClientSecret, true)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", m["error"])
	assert.Equal(t, 2, e.srv.TokenRequests("authorization_code"))
	assert.Equal(t, 3, e.srv.TokenRequests(""))
}

func TestInvalidClient(t *testing.T) {
	t.Parallel()
	e := setup(t, quiet())
	form := func() url.Values {
		return url.Values{"grant_type": {"authorization_code"}, "code": {e.authorize()}, "redirect_uri": {redirect}}
	}
	want := map[string]any{"error": "invalid_client", "error_description": "Client authentication failed."}
	status, m := e.postToken(form(), DefaultClientID, "wrong", true)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, want, m)
	status, m = e.postToken(form(), "someone-else", DefaultClientSecret, false)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, want, m)
	f := form()
	f.Set("client_id", "someone-else")
	status, m = e.postToken(f, DefaultClientID, DefaultClientSecret, true)
	assert.Equal(t, http.StatusBadRequest, status, "body client_id contradicting Basic")
	assert.Equal(t, want, m)
}

func TestRefreshRotationModes(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		rotation   Rotation
		wantNew    bool
		wantSame   bool
		oldStaysOK bool
	}{
		{"never omits", RotateNever, false, false, true},
		{"repeat", RotateRepeat, false, true, true},
		{"always", RotateAlways, true, false, true},
		{"revoke old", RotateRevokeOld, true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := setup(t, Options{NoRateLimit: true, Rotation: tc.rotation})
			first := e.exchange()
			rt := first["refresh_token"].(string)
			status, m := e.refresh(rt)
			require.Equal(t, http.StatusOK, status, m)
			assertTypes(t, m, map[string]string{"access_token": "s", "expires_in": "n", "scope": "s", "principal": "s"})
			assert.NotEqual(t, first["access_token"], m["access_token"])
			got, has := m["refresh_token"].(string)
			switch {
			case tc.wantNew:
				assert.True(t, has && got != rt, "a new refresh token")
				assert.Equal(t, "Bearer", m["token_type"])
				status, _ = e.refresh(got)
				assert.Equal(t, http.StatusOK, status, "the new refresh token works")
			case tc.wantSame:
				assert.Equal(t, rt, got)
			default:
				assert.False(t, has, "refresh_token omitted")
				assert.NotContains(t, m, "token_type")
			}
			status, m = e.refresh(rt)
			if tc.oldStaysOK {
				assert.Equal(t, http.StatusOK, status)
			} else {
				assert.Equal(t, http.StatusBadRequest, status)
				assert.Equal(t, "invalid_grant", m["error"])
			}
			want := 2
			if tc.wantNew {
				want = 3
			}
			assert.Equal(t, want, e.srv.TokenRequests("refresh_token"))
		})
	}
}

func TestRefreshInvalidatesOldAccessWhenAsked(t *testing.T) {
	t.Parallel()
	for _, invalidate := range []bool{false, true} {
		e := setup(t, Options{NoRateLimit: true, InvalidateOldAccessOnRefresh: invalidate})
		first := e.exchange()
		status, _ := e.refresh(first["refresh_token"].(string))
		require.Equal(t, http.StatusOK, status)
		status, body := e.doToken(first["access_token"].(string), http.MethodGet, "/admin/rest/v1/me", nil)
		if invalidate {
			assertInvalidToken(t, status, body)
		} else {
			assert.Equal(t, http.StatusOK, status)
		}
	}
}

func TestRefreshTokenLifetimeAndRevocation(t *testing.T) {
	t.Parallel()
	c := &clock{t: time.Now()}
	e := setup(t, Options{NoRateLimit: true, Now: c.Now, RefreshTTL: time.Hour})
	_, rt := e.srv.IssueToken(e.org.Key)
	c.Add(time.Hour)
	status, m := e.refresh(rt)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", m["error"])

	_, rt = e.srv.IssueToken(e.org.Key)
	require.True(t, e.srv.RevokeToken(rt))
	status, m = e.refresh(rt)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "invalid_grant", m["error"])
}

func TestLegacyFields(t *testing.T) {
	t.Parallel()
	e := setup(t, Options{NoRateLimit: true, LegacyFields: true})
	m := e.exchange()
	assertTypes(t, m, map[string]string{"organizer_key": "s", "account_key": "s", "email": "s", "firstName": "s", "lastName": "s"})
	assert.Equal(t, keyString(e.org.Key), m["organizer_key"])
}
