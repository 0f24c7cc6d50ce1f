//go:build nodewire

package wire_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
)

// apiRequest is what the fake platform API saw of one call.
type apiRequest struct {
	Method, Path, Query string
	// Auth is the decoded Basic credential ("user:key"), or the raw
	// Authorization header when it is not Basic.
	Auth        string
	ContentType string
	Body        []byte
}

// platform is the platform API of one scenario: both sailors of the
// scenario use it (one after the other), so ELASTICIO_API_URI is the same
// for both. It answers the step data and account updates and records every
// call; anything else is a 404, recorded too, so an extra call shows up in
// the comparison.
type platform struct {
	srv  *httptest.Server
	step []byte
	opts platformOptions

	mu   sync.Mutex
	reqs []apiRequest
	// conflicts is how many more hook data creations answer 409; take
	// resets it for the next sailor.
	conflicts int
}

// platformOptions are a scenario's departures from a healthy platform.
type platformOptions struct {
	// stepStatus, when set, is the status the step fetch answers with
	// instead of the step (a start-up failure).
	stepStatus int
	// hookConflicts is how many creations of the startup hook's data
	// answer 409 (data left by an earlier start) before one succeeds.
	hookConflicts int
	// hookState is the stored startup state the shutdown hook reads.
	hookState string
}

func newPlatform(flowID, stepID string, step map[string]any, opts platformOptions) *platform {
	p := &platform{opts: opts, conflicts: opts.hookConflicts}
	p.step, _ = json.Marshal(step)
	stepPath := "/v1/tasks/" + flowID + "/steps/" + stepID
	hookPath := "/sailor-support/hooks/task/" + flowID + "/startup/data"
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		rec := apiRequest{
			Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			Auth: r.Header.Get("Authorization"), ContentType: r.Header.Get("Content-Type"), Body: body,
		}
		if user, pass, ok := r.BasicAuth(); ok {
			rec.Auth = user + ":" + pass
		}
		p.mu.Lock()
		p.reqs = append(p.reqs, rec)
		conflict := r.Method == http.MethodPost && r.URL.Path == hookPath && p.conflicts > 0
		if conflict {
			p.conflicts--
		}
		p.mu.Unlock()
		switch {
		case conflict:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusConflict)
			_, _ = w.Write([]byte(`{"error":"startup data already exists"}`))
		case r.Method == http.MethodPost && r.URL.Path == hookPath:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write(body)
		case r.Method == http.MethodGet && r.URL.Path == hookPath:
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(p.opts.hookState))
		case r.Method == http.MethodDelete && r.URL.Path == hookPath:
			w.WriteHeader(http.StatusNoContent)
		case r.Method == http.MethodGet && r.URL.Path == stepPath && p.opts.stepStatus != 0:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(p.opts.stepStatus)
			_, _ = w.Write([]byte(`{"error":"step not available"}`))
		case r.Method == http.MethodGet && r.URL.Path == stepPath:
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(p.step)
		case r.Method == http.MethodPost && r.URL.Path == resultPath:
			w.WriteHeader(http.StatusOK)
		case r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/v1/accounts/"):
			w.Header().Set("Content-Type", "application/json")
			id := strings.TrimPrefix(r.URL.Path, "/v1/accounts/")
			var in map[string]any
			_ = json.Unmarshal(body, &in)
			out, _ := json.Marshal(map[string]any{"id": id, "keys": in["keys"]})
			_, _ = w.Write(out)
		default:
			http.NotFound(w, r)
		}
	}))
	return p
}

func (p *platform) URL() string { return p.srv.URL }
func (p *platform) Close()      { p.srv.Close() }

// take returns the calls recorded since the last take.
func (p *platform) take() []apiRequest {
	p.mu.Lock()
	defer p.mu.Unlock()
	r := p.reqs
	p.reqs = nil
	p.conflicts = p.opts.hookConflicts
	return r
}
