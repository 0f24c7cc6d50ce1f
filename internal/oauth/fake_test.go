package oauth

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// Rotation modes of the fake token endpoint (gotowebinar-api.md 3.5).
const (
	rotateKeep   = "keep"   // version B: the same refresh token comes back
	rotateOmit   = "omit"   // version C: no refresh_token in the response
	rotateNew    = "new"    // a new refresh token; the old one stays usable
	rotateRevoke = "revoke" // version A: a new refresh token; the old one is invalid
)

const (
	testClientID     = "test-client-id"
	testClientSecret = "CLIENTSECRET-9f8e7d"
	basePath         = "/goto"
	apiPath          = basePath + "/G2W/rest/v2/organizers/1/webinars"
	echoPath         = basePath + "/G2W/rest/v2/echo"
)

// fakeGoTo is a small, faithful stand-in for GoTo's token endpoint
// (POST /oauth/token, gotowebinar-api.md 3.3-3.5) and for API endpoints that
// check the Bearer token like GoToWebinar does (403 InvalidToken, 2.0), all
// under a non-empty base path.
type fakeGoTo struct {
	srv *httptest.Server

	mu                  sync.Mutex
	rotate              string
	accessTTL           time.Duration
	invalidateOldAccess bool
	tokenStatus         int           // when set, the token endpoint answers this status
	hang                chan struct{} // when set, the token endpoint blocks until closed or cancelled
	rejectAll           bool          // API rejects every token
	meBody              string
	seq                 int
	access              map[string]time.Time // valid access tokens and their expiry
	refresh             map[string]bool      // valid refresh tokens
	secrets             []string             // every token ever issued
	tokenRequests       int
	refreshes           int // successful refreshes
	apiCalls            map[string]int
	meCalls             int
}

func newFake(t *testing.T) *fakeGoTo {
	t.Helper()
	f := &fakeGoTo{
		rotate:    rotateKeep,
		accessTTL: time.Hour,
		access:    make(map[string]time.Time),
		refresh:   make(map[string]bool),
		apiCalls:  make(map[string]int),
		meBody:    `{"key":5620084814059709442,"accountKey":"9876543210987654321","email":"o@example.com"}`,
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+basePath+"/oauth/token", f.token)
	mux.HandleFunc("GET "+apiPath, f.api(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, `{"_embedded":{"webinars":[]}}`)
	}))
	mux.HandleFunc("POST "+echoPath, f.api(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	}))
	mux.HandleFunc("GET "+basePath+"/G2W/rest/v2/forbidden", f.api(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusForbidden, `{"errorCode":"Forbidden","description":"Not an organizer of this webinar"}`)
	}))
	mux.HandleFunc("GET "+basePath+"/admin/rest/v1/me", f.api(func(w http.ResponseWriter, _ *http.Request) {
		f.mu.Lock()
		f.meCalls++
		body := f.meBody
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, body)
	}))
	f.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		f.mu.Lock()
		if f.hang != nil {
			close(f.hang)
			f.hang = nil
		}
		f.mu.Unlock()
		f.srv.Close()
	})
	return f
}

func (f *fakeGoTo) baseURL() string { return f.srv.URL + basePath }

// config is the client configuration pointing at the fake.
func (f *fakeGoTo) config(t *testing.T) *oauth2.Config {
	t.Helper()
	conf, err := NewConfig(testClientID, testClientSecret, f.baseURL()+"/")
	require.NoError(t, err)
	return conf
}

// issue registers a fresh access/refresh pair that expires (server side)
// after ttl.
func (f *fakeGoTo) issue(ttl time.Duration) (access, refresh string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.issueLocked(ttl)
}

func (f *fakeGoTo) issueLocked(ttl time.Duration) (access, refresh string) {
	f.seq++
	access = fmt.Sprintf("ACCESSTOKEN-%d-a1b2c3", f.seq)
	refresh = fmt.Sprintf("REFRESHTOKEN-%d-d4e5f6", f.seq)
	f.access[access] = time.Now().Add(ttl)
	f.refresh[refresh] = true
	f.secrets = append(f.secrets, access, refresh)
	return access, refresh
}

// cfg builds a step configuration holding a freshly issued pair whose stored
// expires_at is expiresAt; the server-side expiry follows it.
func (f *fakeGoTo) cfg(expiresAt time.Time) map[string]any {
	access, refresh := f.issue(time.Until(expiresAt))
	return map[string]any{
		"_account": "account-1",
		"oauth": map[string]any{
			"access_token":  access,
			"refresh_token": refresh,
			"token_type":    "Bearer",
			"expires_in":    float64(3600),
			"expires_at":    expiresAt.UTC().Format(time.RFC3339Nano),
			"scope":         "collab:",
			"principal":     "o@example.com",
			"custom_field":  "kept as is",
		},
	}
}

func (f *fakeGoTo) revokeAccess(access string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.access, access)
}

func (f *fakeGoTo) set(fn func(f *fakeGoTo)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *fakeGoTo) counts() (tokenRequests, refreshes int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokenRequests, f.refreshes
}

func (f *fakeGoTo) calls(access string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.apiCalls[access]
}

func (f *fakeGoTo) totalCalls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, c := range f.apiCalls {
		n += c
	}
	return n
}

func (f *fakeGoTo) refreshValid(refresh string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.refresh[refresh]
}

func (f *fakeGoTo) allSecrets() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string{testClientSecret}, f.secrets...)
}

// token is POST /oauth/token with grant_type=refresh_token.
func (f *fakeGoTo) token(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.tokenRequests++
	hang, status := f.hang, f.tokenStatus
	f.mu.Unlock()
	if hang != nil {
		select {
		case <-hang:
		case <-r.Context().Done():
		}
		return
	}
	if status != 0 {
		writeJSON(w, status, `{"error":"server_error"}`)
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") || r.ParseForm() != nil {
		writeJSON(w, http.StatusBadRequest, `{"error":"invalid_request"}`)
		return
	}
	if !clientAuthenticated(r) {
		writeJSON(w, http.StatusBadRequest, `{"error":"invalid_client","error_description":"Client authentication failed."}`)
		return
	}
	if r.PostForm.Get("grant_type") != "refresh_token" {
		writeJSON(w, http.StatusBadRequest, `{"error":"unsupported_grant_type"}`)
		return
	}
	old := r.PostForm.Get("refresh_token")
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.refresh[old] {
		writeJSON(w, http.StatusBadRequest, `{"error":"invalid_grant","error_description":"Invalid refresh token."}`)
		return
	}
	if f.invalidateOldAccess {
		clear(f.access)
	}
	access, refresh := f.issueLocked(f.accessTTL)
	resp := map[string]any{
		"access_token": access,
		"token_type":   "Bearer",
		"expires_in":   int(f.accessTTL / time.Second),
		"scope":        "collab:",
		"principal":    "o@example.com",
	}
	switch f.rotate {
	case rotateKeep:
		resp["refresh_token"] = old
		delete(f.refresh, refresh)
	case rotateOmit:
		delete(f.refresh, refresh)
	case rotateNew:
		resp["refresh_token"] = refresh
	case rotateRevoke:
		resp["refresh_token"] = refresh
		delete(f.refresh, old)
	}
	f.refreshes++
	body, _ := json.Marshal(resp)
	writeJSON(w, http.StatusOK, string(body))
}

// clientAuthenticated accepts client_secret_basic (form-encoded id and
// secret, RFC 6749 2.3.1) and client_secret_post, as GoTo's metadata lists.
func clientAuthenticated(r *http.Request) bool {
	id, secret, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	return id == testClientID && secret == testClientSecret
}

// api wraps an API handler with GoToWebinar's token check.
func (f *fakeGoTo) api(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		access, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		f.mu.Lock()
		f.apiCalls[access]++
		exp, ok := f.access[access]
		valid := ok && time.Now().Before(exp) && !f.rejectAll
		f.mu.Unlock()
		if !valid {
			writeJSON(w, http.StatusForbidden, `{"int_err_code":"InvalidToken","msg":"Invalid token passed"}`)
			return
		}
		next(w, r)
	}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}
