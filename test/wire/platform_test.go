//go:build nodewire

package wire_test

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
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
	// accountStatus, when set, is the status account updates answer with.
	accountStatus int
	// objects are bodies already in object storage, by id, as plain JSON
	// (served encrypted, as the sailors store them).
	objects map[string]string
}

// refusal is the HTTP status with which the platform refuses a call of
// the scenario, or 0.
func (o platformOptions) refusal() int { return cmp.Or(o.stepStatus, o.accountStatus) }

// objectsPath is where the fake platform serves object storage
// (ELASTICIO_OBJECT_STORAGE_URI is the API's URI with it).
const objectsPath = "/maester"

// objectID names a stored body by its content, so that both sailors'
// uploads of the same body get the same id whatever their order.
func objectID(plain []byte) string {
	sum := sha256.Sum256(plain)
	return "obj-" + hex.EncodeToString(sum[:6])
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
		var stored []byte // an upload, decrypted
		if r.Method == http.MethodPost && r.URL.Path == objectsPath+"/objects" {
			plain, err := decrypt(body)
			if err == nil {
				stored = plain
				rec.Body = plain // compared as JSON, not as ciphertext
			}
		}
		p.mu.Lock()
		p.reqs = append(p.reqs, rec)
		conflict := r.Method == http.MethodPost && r.URL.Path == hookPath && p.conflicts > 0
		if conflict {
			p.conflicts--
		}
		p.mu.Unlock()
		switch {
		case r.Method == http.MethodPost && r.URL.Path == objectsPath+"/objects":
			if stored == nil {
				http.Error(w, "not a ciphertext of ours", http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			_, _ = fmt.Fprintf(w, `{"objectId":%q}`, objectID(stored))
		case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, objectsPath+"/objects/"):
			plain, ok := p.opts.objects[strings.TrimPrefix(r.URL.Path, objectsPath+"/objects/")]
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/octet-stream")
			_, _ = w.Write(encrypt([]byte(plain)))
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
		case r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/v1/accounts/") && p.opts.accountStatus != 0:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(p.opts.accountStatus)
			_, _ = w.Write([]byte(`{"error":"accounts are read-only just now"}`))
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
	// Object storage calls may run concurrently (the Node sailor's do):
	// they are compared in the order of what they ask, in the slots they
	// took.
	var slots []int
	var calls []apiRequest
	for i, q := range r {
		if strings.HasPrefix(q.Path, objectsPath+"/") {
			slots = append(slots, i)
			calls = append(calls, q)
		}
	}
	slices.SortStableFunc(calls, func(a, b apiRequest) int {
		return cmp.Or(strings.Compare(a.Method, b.Method), strings.Compare(a.Path, b.Path), bytes.Compare(a.Body, b.Body))
	})
	for k, i := range slots {
		r[i] = calls[k]
	}
	return r
}
