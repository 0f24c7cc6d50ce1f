package gotowebinar_test

// Contract tests: the real client against the real fake (internal/gotowebinar/fake),
// both written independently from gotowebinar-api.md. The fake is served by httptest
// below a non-empty base path, the client gets a token through the fake's own OAuth
// dance, and every response is checked against the fake's seeded data through its
// accessors. Client and fake share one virtual clock: the client's pacing and back-off
// sleeps advance the fake's clock, so the fake's 10 requests/second limit is real but
// nobody waits.

import (
	"context"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	g2w "github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/gotowebinar/fake"
)

// contractBase is where the fake is mounted, so a client that drops the base URL's path
// fails every contract test.
const contractBase = "/goto-base"

// twoTo53 is the first integer float64 cannot tell from its neighbour.
const twoTo53 = int64(1) << 53

// vclock is the virtual clock shared by client and fake.
type vclock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func (c *vclock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *vclock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now = c.now.Add(d)
	}
	c.slept = append(c.slept, d)
	return nil
}

func (c *vclock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.slept)
}

// exchange is one HTTP exchange as the recorder saw it.
type exchange struct {
	Method string
	Path   string // below the base path
	Query  url.Values
	Status int
}

// recorder is the test's stand-in for internal/oauth: it adds the bearer token and
// records each exchange. It never logs the token.
type recorder struct {
	base http.RoundTripper

	mu        sync.Mutex
	token     string
	exchanges []exchange
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	tok := r.token
	r.mu.Unlock()
	out := req.Clone(req.Context())
	out.Header.Set("Authorization", "Bearer "+tok)
	resp, err := r.base.RoundTrip(out)
	ex := exchange{Method: req.Method, Path: strings.TrimPrefix(req.URL.Path, contractBase), Query: req.URL.Query()}
	if err == nil {
		ex.Status = resp.StatusCode
	}
	r.mu.Lock()
	r.exchanges = append(r.exchanges, ex)
	r.mu.Unlock()
	return resp, err
}

func (r *recorder) setToken(tok string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.token = tok
}

// since returns the exchanges after the first n.
func (r *recorder) since(n int) []exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.exchanges[n:])
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.exchanges)
}

func statuses(xs []exchange) []int {
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = x.Status
	}
	return out
}

// contract is one fake GoTo under contractBase and a client authorised for its main
// organizer.
type contract struct {
	fake   *fake.Server
	server *httptest.Server
	base   string // server URL + contractBase
	clock  *vclock
	rec    *recorder
	client *g2w.Client
	org    fake.Organizer
	ctx    context.Context
}

// newContract starts a fake with opts (Now is always the shared virtual clock) and a
// client with the default pacing unless clientOpts says otherwise.
func newContract(t *testing.T, opts fake.Options, clientOpts ...g2w.Option) *contract {
	t.Helper()
	clock := &vclock{now: time.Now().UTC().Truncate(time.Second)}
	opts.Now = clock.Now
	fk := fake.New(opts)
	mux := http.NewServeMux()
	mux.Handle(contractBase+"/", http.StripPrefix(contractBase, fk))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	c := &contract{fake: fk, server: srv, base: srv.URL + contractBase, clock: clock,
		org: fk.MainOrganizer(), ctx: t.Context()}
	c.rec = &recorder{base: srv.Client().Transport}
	c.rec.setToken(c.authorize(t))
	all := append([]g2w.Option{g2w.WithBaseURL(c.base), g2w.WithClock(clock.Now, clock.Sleep)}, clientOpts...)
	client, err := g2w.NewClient(&http.Client{Transport: c.rec}, all...)
	require.NoError(t, err)
	c.client = client
	return c
}

// authorize runs the OAuth dance against the fake exactly as the platform would:
// authorize (approved at once, 302 with a code), then the code exchange with Basic
// client authentication. It returns the access token.
func (c *contract) authorize(t *testing.T) string {
	t.Helper()
	hc := &http.Client{
		Transport:     c.server.Client().Transport,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	const redirect = "https://tenant.example.com/callback/oauth2"
	q := url.Values{"client_id": {fake.DefaultClientID}, "response_type": {"code"},
		"redirect_uri": {redirect}, "state": {"s-1"}}
	resp, err := hc.Get(c.base + "/oauth/authorize?" + q.Encode())
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusFound, resp.StatusCode)
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, "s-1", loc.Query().Get("state"))
	code := loc.Query().Get("code")
	require.NotEmpty(t, code)

	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirect}}
	req, err := http.NewRequest(http.MethodPost, c.base+"/oauth/token", strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.SetBasicAuth(fake.DefaultClientID, fake.DefaultClientSecret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err = hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
		TokenType    string `json:"token_type"`
		ExpiresIn    int    `json:"expires_in"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	require.NotEmpty(t, tok.AccessToken)
	require.NotEmpty(t, tok.RefreshToken)
	require.Equal(t, "Bearer", tok.TokenType)
	require.Equal(t, 3600, tok.ExpiresIn)
	return tok.AccessToken
}

// raw GETs a path below the API base with the contract's token and decodes the body
// with UseNumber, so tests can see whether a key travelled as a number or a string.
func (c *contract) raw(t *testing.T, path string) any {
	t.Helper()
	req, err := http.NewRequestWithContext(c.ctx, http.MethodGet, c.base+path, nil)
	require.NoError(t, err)
	resp, err := c.rec.RoundTrip(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, path)
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}

// window is a fromTime/toTime range covering all seeded data.
func (c *contract) window() (time.Time, time.Time) {
	now := c.clock.Now()
	return now.AddDate(-2, 0, 0), now.AddDate(2, 0, 0)
}

// key converts a fake key and checks it is one that float64 would corrupt.
func key(t *testing.T, k int64) g2w.Key {
	t.Helper()
	require.Greater(t, k, twoTo53, "seeded keys must exceed 2^53")
	return g2w.Key(k)
}

func keys[T any](items []T, f func(T) g2w.Key) []g2w.Key {
	out := make([]g2w.Key, len(items))
	for i, it := range items {
		out[i] = f(it)
	}
	return out
}

func asAPIError(t *testing.T, err error) *g2w.Error {
	t.Helper()
	var e *g2w.Error
	require.True(t, errors.As(err, &e), "want *gotowebinar.Error, got %T: %v", err, err)
	return e
}

// findWebinar returns the first of the organizer's webinars that match keep.
func (c *contract) findWebinar(t *testing.T, keep func(fake.Webinar) bool) fake.Webinar {
	t.Helper()
	for _, w := range c.fake.Webinars(c.org.Key) {
		if keep(w) {
			return w
		}
	}
	t.Fatal("no seeded webinar matches")
	return fake.Webinar{}
}

func (c *contract) past(w fake.Webinar) bool {
	return len(w.Times) > 0 && w.Times[len(w.Times)-1].End.Before(c.clock.Now())
}

func (c *contract) future(w fake.Webinar) bool {
	return len(w.Times) > 0 && w.Times[0].Start.After(c.clock.Now())
}

func assertRanges(t *testing.T, want []fake.TimeRange, got []g2w.DateTimeRange) {
	t.Helper()
	require.Len(t, got, len(want))
	for i := range want {
		assert.True(t, want[i].Start.Equal(got[i].StartTime), "start %d: %s != %s", i, want[i].Start, got[i].StartTime)
		assert.True(t, want[i].End.Equal(got[i].EndTime), "end %d: %s != %s", i, want[i].End, got[i].EndTime)
	}
}

// TestContractCallsEveryClientMethod makes sure the contract files call every exported
// method of *gotowebinar.Client at least once, so a new endpoint cannot slip in
// untested against the fake.
func TestContractCallsEveryClientMethod(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("contract*_test.go")
	require.NoError(t, err)
	called := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, 0)
		require.NoError(t, err)
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if inner, ok := sel.X.(*ast.SelectorExpr); ok && (inner.Sel.Name == "client" || inner.Sel.Name == "cl") {
				called[sel.Sel.Name] = true
			}
			if id, ok := sel.X.(*ast.Ident); ok && (id.Name == "client" || id.Name == "cl") {
				called[sel.Sel.Name] = true
			}
			return true
		})
	}
	typ := reflect.TypeFor[*g2w.Client]()
	var missing []string
	for i := range typ.NumMethod() {
		if name := typ.Method(i).Name; !called[name] {
			missing = append(missing, name)
		}
	}
	assert.Empty(t, missing, "client methods never called by a contract test")
}
