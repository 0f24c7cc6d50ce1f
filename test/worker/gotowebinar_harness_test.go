package worker_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

// The GoToWebinar product binary (cmd/gotowebinar) against the fake
// GoToWebinar: what the end-to-end tests of gotowebinar_test.go need on top
// of the test component's harness.

var (
	gotoBuildOnce sync.Once
	gotoBinPath   string
	gotoBuildErr  error
)

// gotoBinary builds cmd/gotowebinar once, with the harness's build flags
// (-race under the race detector), next to the test component, so that
// TestMain removes it with the rest.
func gotoBinary(t *testing.T) string {
	t.Helper()
	gotoBuildOnce.Do(func() {
		path := filepath.Join(filepath.Dir(binary), "gotowebinar")
		args := append([]string{"build", "-o", path}, buildFlags...)
		build := exec.Command("go", append(args, "github.com/elasticio/gotowebinar-component/cmd/gotowebinar")...)
		out, err := build.CombinedOutput()
		if err != nil {
			gotoBuildErr = fmt.Errorf("build cmd/gotowebinar: %v\n%s", err, out)
			return
		}
		gotoBinPath = path
	})
	require.NoError(t, gotoBuildErr)
	return gotoBinPath
}

// gotoBase is the path below which the fake GoToWebinar is served, so that
// a component that drops the base path of GOTO_API_URL fails.
const gotoBase = "/goto"

// gotoWorld is a seeded fake GoToWebinar (API and OAuth token endpoint) on
// an httptest server, and a grant of its main organizer.
type gotoWorld struct {
	fake            *fake.Server
	srv             *httptest.Server
	base            string
	organizer       fake.Organizer
	access, refresh string
}

func newGotoWorld(t *testing.T) *gotoWorld {
	t.Helper()
	return newGotoWorldWith(t, fake.Options{Seed: fake.DefaultSeed})
}

// newGotoWorldWith is newGotoWorld with the fake's options (token rotation,
// lifetimes, ...).
func newGotoWorldWith(t *testing.T, opts fake.Options) *gotoWorld {
	t.Helper()
	f := fake.New(opts)
	mux := http.NewServeMux()
	mux.Handle(gotoBase+"/", http.StripPrefix(gotoBase, f))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	org := f.MainOrganizer()
	access, refresh := f.IssueToken(org.Key)
	require.NotEmpty(t, access)
	require.NotEmpty(t, refresh)
	return &gotoWorld{fake: f, srv: srv, base: srv.URL + gotoBase, organizer: org, access: access, refresh: refresh}
}

// config is a step configuration: the credential of the main organizer
// (as the platform stores an OAuth credential) plus fields.
func (g *gotoWorld) config(fields map[string]any) map[string]any {
	cfg := map[string]any{
		"_account": accountID,
		"oauth": map[string]any{
			"access_token": g.access, "refresh_token": g.refresh, "token_type": "Bearer",
			"expires_in": 3600, "scope": "collab:",
		},
	}
	for k, v := range fields {
		cfg[k] = v
	}
	return cfg
}

// plainWebinar returns the first webinar of the main organizer starting
// more than a day from now, not cancelled, approving registrants
// automatically, whose form asks names and email only.
func (g *gotoWorld) plainWebinar(t *testing.T) fake.Webinar {
	t.Helper()
	for _, w := range g.fake.Webinars(g.organizer.Key) {
		if w.Times[0].Start.After(time.Now().Add(24*time.Hour)) && !w.Cancelled && w.ApprovalType == "AUTOMATIC" &&
			len(w.Fields) == 3 && len(w.Questions) == 0 {
			return w
		}
	}
	require.FailNow(t, "no seeded webinar fits")
	return fake.Webinar{}
}

// registrant returns the fake's registrant of webinar wk with email.
func (g *gotoWorld) registrant(t *testing.T, wk int64, email string) fake.Registrant {
	t.Helper()
	for _, r := range g.fake.Registrants(wk) {
		if strings.EqualFold(r.Email, email) {
			return r
		}
	}
	require.FailNow(t, "registrant not in the fake", "%s of webinar %d", email, wk)
	return fake.Registrant{}
}

// status is what the fake answers GET /admin/rest/v1/me with accessToken.
func (g *gotoWorld) status(t *testing.T, accessToken string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, g.base+"/admin/rest/v1/me", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+accessToken)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// gotoKey formats a fake key as the component emits it: a JSON string.
func gotoKey(k int64) string { return strconv.FormatInt(k, 10) }

// runGoTo sets the step data (function and config, keeping the snapshot)
// and starts cmd/gotowebinar for function against g, waiting until it
// consumes.
func (f *flow) runGoTo(g *gotoWorld, function string, config map[string]any) *worker {
	f.t.Helper()
	f.api.setStep("function", function)
	f.api.setStep("config", config)
	env := f.env(function, map[string]string{
		"GOTO_API_URL": g.base, "GOTO_AUTH_URL": g.base,
		"CITRIX_APP_ID": fake.DefaultClientID, "CITRIX_APP_SECRET": fake.DefaultClientSecret,
	})
	w := startBinary(f.t, gotoBinary(f.t), env)
	w.waitLog("amqpbus: consuming", 20*time.Second)
	return w
}

// poll sends one trigger message (as the platform's scheduler does) and
// returns the data bodies and the snapshot the poll published, once the
// message is settled.
func (f *flow) poll(messageID string) (data []map[string]any, snapshot map[string]any) {
	f.t.Helper()
	f.send(`{"body":{},"headers":{}}`, inputHeaders(messageID))
	snaps := f.collect(keySnapshot, 1, waitOutput)
	assert.Equal(f.t, "snapshot", snaps[0].Headers["snapshotEvent"])
	assert.Equal(f.t, messageID, snaps[0].Headers["parentMessageId"])
	require.NoError(f.t, json.Unmarshal(snaps[0].Body, &snapshot), "snapshots are plain JSON")
	f.assertSettled(0)
	for _, d := range f.drain(keyData) {
		assert.Equal(f.t, messageID, d.Headers["parentMessageId"])
		data = append(data, f.decode(d)["body"].(map[string]any))
	}
	assert.Empty(f.t, f.drain(keyError), "error events")
	assert.Empty(f.t, f.drain(keyRebound), "rebounds")
	assert.Empty(f.t, f.drain(keySnapshot), "one snapshot per poll")
	return data, snapshot
}

// accountHold holds the first PUT /api/v1/accounts/{id} of a flow's
// platform API until released, so a test can look at the broker while the
// worker waits for its new keys to be stored.
type accountHold struct {
	entered chan request
	release chan struct{}
}

// holdAccountUpdates puts a proxy in front of the flow's platform API
// (call it before starting the worker): every request still reaches and is
// recorded by the fake API, the first account update only once released.
func (f *flow) holdAccountUpdates() *accountHold {
	f.t.Helper()
	h := &accountHold{entered: make(chan request, 1), release: make(chan struct{})}
	orig := f.api.Config.Handler
	ctx := f.t.Context() // done before cleanups run: never blocks Close
	var held atomic.Bool
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/api/v1/accounts/") && held.CompareAndSwap(false, true) {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			h.entered <- request{Method: r.Method, Path: r.URL.Path, Body: body}
			select {
			case <-h.release:
			case <-ctx.Done():
			}
		}
		orig.ServeHTTP(w, r)
	}))
	f.t.Cleanup(proxy.Close)
	f.api.Server = proxy
	return h
}

// assertNoTokens checks the process output for the OAuth tokens it handled.
func assertNoTokens(t *testing.T, logs string, tokens ...string) {
	t.Helper()
	for _, tok := range tokens {
		if tok != "" {
			assert.NotContains(t, logs, tok, "an OAuth token in the worker's output")
		}
	}
}

// storeAccountUpdates makes the flow's platform API keep what a worker
// stores, as the platform does (call it before starting the worker, and
// before holdAccountUpdates): the keys of a successful PUT
// /api/v1/accounts/{id} replace those fields of the step configuration it
// serves from then on, so a worker started later gets the persisted keys.
func (f *flow) storeAccountUpdates() {
	f.t.Helper()
	orig := f.api.Config.Handler
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPut || !strings.HasPrefix(r.URL.Path, "/api/v1/accounts/") {
			orig.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		orig.ServeHTTP(rec, r)
		var update struct {
			Keys map[string]any `json:"keys"`
		}
		if rec.Code < 300 && json.Unmarshal(body, &update) == nil {
			a := f.api
			a.mu.Lock()
			cfg := maps.Clone(a.step["config"].(map[string]any))
			maps.Copy(cfg, update.Keys)
			a.step["config"] = cfg
			a.mu.Unlock()
		}
		maps.Copy(w.Header(), rec.Header())
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	f.t.Cleanup(proxy.Close)
	f.api.Server = proxy
}

// stepConfig is a copy of the step configuration the platform API serves
// now, its oauth object copied too.
func (a *fakeAPI) stepConfig() map[string]any {
	a.mu.Lock()
	defer a.mu.Unlock()
	cfg := maps.Clone(a.step["config"].(map[string]any))
	if o, ok := cfg["oauth"].(map[string]any); ok {
		cfg["oauth"] = maps.Clone(o)
	}
	return cfg
}

// storedKeys decodes the body of an account update: the credential's
// oauth object and its other fields.
func storedKeys(t *testing.T, put request) (oauthObj, keys map[string]any) {
	t.Helper()
	var update struct {
		Keys map[string]any `json:"keys"`
	}
	require.NoError(t, json.Unmarshal(put.Body, &update), "%s", put.Body)
	oauthObj, ok := update.Keys["oauth"].(map[string]any)
	require.True(t, ok, "the account update carries the oauth object: %s", put.Body)
	return oauthObj, update.Keys
}

// awaitAccountUpdate waits for the held account update of hold.
func (w *worker) awaitAccountUpdate(hold *accountHold) request {
	w.t.Helper()
	select {
	case put := <-hold.entered:
		return put
	case <-time.After(waitOutput):
		require.FailNow(w.t, "no account update", "worker output:\n%s", w.logs())
	}
	return request{}
}

// refreshAs asks the fake's token endpoint for a refresh, as another
// replica of the step would: the status and the decoded answer. It counts
// as a token request of the fake.
func (g *gotoWorld) refreshAs(t *testing.T, refreshToken string) (status int, answer map[string]any) {
	t.Helper()
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refreshToken}}
	req, err := http.NewRequest(http.MethodPost, g.base+"/oauth/token", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(fake.DefaultClientID, fake.DefaultClientSecret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&answer))
	return resp.StatusCode, answer
}

// tokenCounts are the fake's refresh requests and API requests so far.
func (g *gotoWorld) tokenCounts() (refreshes, apiCalls int) {
	return g.fake.TokenRequests("refresh_token"), g.fake.APIRequests()
}
