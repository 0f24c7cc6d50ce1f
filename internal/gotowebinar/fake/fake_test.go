package fake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// basePath is where tests mount the fake, so absolute-path mistakes fail.
const basePath = "/goto-base"

type env struct {
	t     *testing.T
	srv   *Server
	base  string // URL of the fake's root, below basePath
	token string
	org   Organizer
}

// setup serves a fake under basePath with rate limiting off unless the
// options say otherwise, and issues a token for the main organizer.
func setup(t *testing.T, opts Options) *env {
	t.Helper()
	srv := New(opts)
	mux := http.NewServeMux()
	mux.Handle(basePath+"/", http.StripPrefix(basePath, srv))
	ts := httptest.NewServer(mux)
	t.Cleanup(ts.Close)
	org := srv.MainOrganizer()
	access, _ := srv.IssueToken(org.Key)
	require.NotEmpty(t, access)
	return &env{t: t, srv: srv, base: ts.URL + basePath, token: access, org: org}
}

func quiet() Options { return Options{NoRateLimit: true} }

// do sends a request with the env's token and returns status and body.
func (e *env) do(method, path string, body any) (int, []byte) {
	e.t.Helper()
	return e.doToken(e.token, method, path, body)
}

func (e *env) doToken(token, method, path string, body any) (int, []byte) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		require.NoError(e.t, err)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, e.base+path, rd)
	require.NoError(e.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(e.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	return resp.StatusCode, data
}

// decode parses JSON keeping numbers as json.Number, so that tests can
// tell numbers from strings.
func decode(t *testing.T, data []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	require.NoError(t, d.Decode(&v), string(data))
	return v
}

func obj(t *testing.T, data []byte) map[string]any {
	t.Helper()
	m, ok := decode(t, data).(map[string]any)
	require.True(t, ok, "want a JSON object: %s", data)
	return m
}

func arr(t *testing.T, data []byte) []any {
	t.Helper()
	a, ok := decode(t, data).([]any)
	require.True(t, ok, "want a JSON array: %s", data)
	return a
}

// getOK GETs path and requires 200.
func (e *env) getOK(path string) []byte {
	e.t.Helper()
	status, body := e.do(http.MethodGet, path, nil)
	require.Equal(e.t, http.StatusOK, status, string(body))
	return body
}

// assertTypes checks the JSON type of each key: "n" number, "s" string,
// "b" bool, "a" array, "o" object.
func assertTypes(t *testing.T, m map[string]any, types map[string]string) {
	t.Helper()
	for k, want := range types {
		v, ok := m[k]
		if !assert.True(t, ok, "missing key %q in %v", k, m) {
			continue
		}
		var got string
		switch v.(type) {
		case json.Number:
			got = "n"
		case string:
			got = "s"
		case bool:
			got = "b"
		case []any:
			got = "a"
		case map[string]any:
			got = "o"
		}
		assert.Equal(t, want, got, "JSON type of %q", k)
	}
}

// assertKey checks a 19-digit key, as a number ("n") or a string ("s").
func assertKey(t *testing.T, v any, kind string) string {
	t.Helper()
	var s string
	switch kind {
	case "n":
		n, ok := v.(json.Number)
		require.True(t, ok, "want a JSON number, got %T %v", v, v)
		s = n.String()
	default:
		str, ok := v.(string)
		require.True(t, ok, "want a JSON string, got %T %v", v, v)
		s = str
	}
	assert.Len(t, s, 19, "key %s", s)
	return s
}

// assertAppError checks GoTo's application error body.
func assertAppError(t *testing.T, status, wantStatus int, body []byte) {
	t.Helper()
	require.Equal(t, wantStatus, status, string(body))
	assertTypes(t, obj(t, body), map[string]string{"errorCode": "s", "description": "s", "incident": "s"})
}

func q(v map[string]string) string {
	vals := url.Values{}
	for k, x := range v {
		vals.Set(k, x)
	}
	return "?" + vals.Encode()
}

func orgPath(e *env) string { return "/G2W/rest/v2/organizers/" + keyString(e.org.Key) }

func wbPath(e *env, key int64) string { return orgPath(e) + "/webinars/" + keyString(key) }

// findWebinar returns the first seeded webinar of the main organizer that
// satisfies keep.
func (e *env) findWebinar(keep func(Webinar) bool) Webinar {
	e.t.Helper()
	for _, w := range e.srv.Webinars(e.org.Key) {
		if keep(w) {
			return w
		}
	}
	require.FailNow(e.t, "no seeded webinar matches")
	return Webinar{}
}

func upcoming(w Webinar) bool { return w.Times[0].Start.After(time.Now()) }

// clock is an injectable clock for rate-limit and expiry tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func iso(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func itoa(n int) string { return keyString(int64(n)) }

// atoi reads a json.Number as int.
func atoi(t *testing.T, v any) int {
	t.Helper()
	n, ok := v.(json.Number)
	require.True(t, ok, "want a JSON number, got %T", v)
	i, err := n.Int64()
	require.NoError(t, err)
	return int(i)
}

func bufCopy(w io.Writer, resp *http.Response) (int64, error) { return io.Copy(w, resp.Body) }
