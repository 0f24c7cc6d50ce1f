package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
)

// fakePlatform serves the one platform call a worker makes at start-up:
// GET /v1/tasks/{flow}/steps/{step}. Anything else is a 404; nothing counts
// those, so a worker that asks for more fails or logs the error itself.
type fakePlatform struct {
	srv *httptest.Server
}

func newFakePlatform() *fakePlatform {
	step, _ := json.Marshal(map[string]any{
		"id": "step_2", "comp_id": "bench-comp", "function": "passthrough",
		"config":         map[string]any{"_account": "bench-account", "token": "t"},
		"snapshot":       map[string]any{},
		"is_passthrough": false,
		"variables":      map[string]any{},
	})
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/tasks/") && strings.Contains(r.URL.Path, "/steps/") {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(step)
			return
		}
		http.NotFound(w, r)
	})
	return &fakePlatform{srv: httptest.NewServer(mux)}
}

func (p *fakePlatform) URL() string { return p.srv.URL }
func (p *fakePlatform) Close()      { p.srv.Close() }
