package sailor_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/elasticio/gotowebinar-component/internal/platform"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
	"github.com/elasticio/gotowebinar-component/internal/sailor/cipher"
	"github.com/elasticio/gotowebinar-component/internal/sailor/membus"
	"github.com/elasticio/gotowebinar-component/internal/sailor/settings"
)

const objectToken = "object-token"

// objectServer is an httptest object storage ("maester") under /maester.
type objectServer struct {
	*httptest.Server
	mu      sync.Mutex
	objects map[string][]byte
	puts    int
	failGet bool
}

func newObjectServer(t *testing.T) *objectServer {
	t.Helper()
	s := &objectServer{objects: map[string][]byte{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /maester/objects", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+objectToken {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.puts++
		id := fmt.Sprintf("obj-%d", s.puts)
		s.objects[id] = b
		s.mu.Unlock()
		fmt.Fprintf(w, `{"objectId":%q}`, id)
	})
	mux.HandleFunc("GET /maester/objects/{id}", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		b, ok := s.objects[r.PathValue("id")]
		fail := s.failGet
		s.mu.Unlock()
		if !ok || fail || r.Header.Get("Authorization") != "Bearer "+objectToken {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(b)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

// put stores body encrypted, as an upstream sailor would, and returns its id.
func (s *objectServer) put(c *cipher.Cipher, body string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.puts++
	id := fmt.Sprintf("obj-%d", s.puts)
	s.objects[id] = c.Encrypt([]byte(body))
	return id
}

func (s *objectServer) get(t *testing.T, c *cipher.Cipher, id string) string {
	t.Helper()
	s.mu.Lock()
	b, ok := s.objects[id]
	s.mu.Unlock()
	require.True(t, ok, "object %s stored", id)
	plain, err := c.Decrypt(b)
	require.NoError(t, err)
	return string(plain)
}

// newObjectHarness is newHarness with object storage wired in.
func newObjectHarness(t *testing.T, h sailor.HandlerFunc, env map[string]string, step sailor.Step, skipResolve bool) (*harness, *objectServer) {
	t.Helper()
	srv := newObjectServer(t)
	st, err := settings.Load(testEnv(env))
	require.NoError(t, err)
	objects, err := platform.NewObjectStorage(srv.URL+"/maester", objectToken, nil, st.FlowID, st.StepID, platform.WithObjectRetries(0))
	require.NoError(t, err)
	reg := sailor.NewRegistry()
	require.NoError(t, reg.Handle("f", h))
	log := logrus.New()
	log.SetOutput(io.Discard)
	bus := membus.New()
	sl, err := sailor.New(sailor.Config{
		Settings: st, Transport: bus, Registry: reg, Step: step, Logger: logrus.NewEntry(log),
		Clock: newFakeClock(), Objects: objects, SkipObjectResolution: skipResolve,
	})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sl.Run(ctx) }()
	t.Cleanup(func() { cancel(); require.NoError(t, <-done) })
	c, err := cipher.New(testPassword, testIV)
	require.NoError(t, err)
	return &harness{t: t, bus: bus, sl: sl, st: st, cipher: c}, srv
}

func TestReferencedBodiesAreFetchedBeforeTheHandlerRuns(t *testing.T) {
	var seen struct {
		body, passthrough string
	}
	handler := func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		seen.body = string(req.Message.Body)
		seen.passthrough = string(req.Message.Passthrough["step_1"])
		return nil
	}
	h, srv := newObjectHarness(t, handler, nil, sailor.Step{}, false)
	c, _ := cipher.New(testPassword, testIV)
	bodyID := srv.put(c, `{"big":"body"}`)
	ptID := srv.put(c, `{"big":"passthrough"}`)
	msg := fmt.Sprintf(`{"body":{},"headers":{"x-ipaas-object-storage-id":%q},"passthrough":{"step_1":{"body":{},"headers":{"x-ipaas-object-storage-id":%q}}}}`, bodyID, ptID)

	outcome, _ := h.send(msg, nil)
	assert.Equal(t, membus.Acked, outcome)
	assert.JSONEq(t, `{"big":"body"}`, seen.body)
	assert.JSONEq(t, `{"body":{"big":"passthrough"},"headers":{"x-ipaas-object-storage-id":"`+ptID+`"}}`, seen.passthrough)
}

func TestReferencesAreLeftAloneWhenAutoResolveIsOff(t *testing.T) {
	var body string
	handler := func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		body = string(req.Message.Body)
		return nil
	}
	h, _ := newObjectHarness(t, handler, nil, sailor.Step{}, true)
	outcome, _ := h.send(`{"body":{},"headers":{"x-ipaas-object-storage-id":"missing"}}`, nil)
	assert.Equal(t, membus.Acked, outcome)
	assert.JSONEq(t, `{}`, body)
}

func TestAMissingObjectIsAnErrorAndTheHandlerDoesNotRun(t *testing.T) {
	ran := false
	handler := func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		ran = true
		return nil
	}
	h, _ := newObjectHarness(t, handler, nil, sailor.Step{}, false)
	outcome, _ := h.send(`{"body":{},"headers":{"x-ipaas-object-storage-id":"gone"}}`, nil)
	assert.Equal(t, membus.Rejected, outcome)
	assert.False(t, ran)
	errs := byKey(h.bus.Published(), "error-key")
	require.Len(t, errs, 1)
	payload, _ := h.decodeError(errs[0])
	assert.Equal(t, "Failed to get message body with id=gone", payload["message"])
}

func TestLargeOutgoingBodiesAreUploaded(t *testing.T) {
	big := strings.Repeat("x", 200)
	handler := func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		return out.Data(ctx, &sailor.Message{ID: "out-1", Body: json.RawMessage(`{"data":"` + big + `"}`), Headers: map[string]any{}})
	}
	env := map[string]string{
		"ELASTICIO_EMIT_LIGHTWEIGHT_MESSAGE":      "true",
		"ELASTICIO_OBJECT_STORAGE_SIZE_THRESHOLD": "100",
	}
	h, srv := newObjectHarness(t, handler, env, sailor.Step{IsPassthrough: true}, false)
	in := `{"body":{"in":"` + big + `"},"passthrough":{"step_1":{"body":{"earlier":"` + big + `"},"headers":{}}}}`
	outcome, _ := h.send(in, nil)
	assert.Equal(t, membus.Acked, outcome)

	data := byKey(h.bus.Published(), "data-key")
	require.Len(t, data, 1)
	m := h.decodeData(data[0])
	assert.Equal(t, map[string]any{}, m["body"], "the body travels by reference")
	id, _ := m["headers"].(map[string]any)["x-ipaas-object-storage-id"].(string)
	require.NotEmpty(t, id)
	assert.JSONEq(t, `{"data":"`+big+`"}`, srv.get(t, h.cipher, id))

	pt := m["passthrough"].(map[string]any)
	earlier := pt["step_1"].(map[string]any)
	assert.Equal(t, map[string]any{}, earlier["body"])
	ptID := earlier["headers"].(map[string]any)["x-ipaas-object-storage-id"].(string)
	assert.JSONEq(t, `{"earlier":"`+big+`"}`, srv.get(t, h.cipher, ptID))
	own := pt["step_2"].(map[string]any)
	assert.Equal(t, map[string]any{}, own["body"], "the step's own copy is the externalised one")
	assert.Equal(t, id, own["headers"].(map[string]any)["x-ipaas-object-storage-id"])
}

func TestSmallBodiesAndDisabledLightweightStayInline(t *testing.T) {
	handler := func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		return out.Data(ctx, &sailor.Message{Body: req.Message.Body, Headers: map[string]any{}})
	}
	for name, env := range map[string]map[string]string{
		"under the threshold": {"ELASTICIO_EMIT_LIGHTWEIGHT_MESSAGE": "true"},
		"lightweight off":     {"ELASTICIO_OBJECT_STORAGE_SIZE_THRESHOLD": "1"},
	} {
		t.Run(name, func(t *testing.T) {
			h, srv := newObjectHarness(t, handler, env, sailor.Step{}, false)
			outcome, _ := h.send(`{"body":{"small":true}}`, nil)
			assert.Equal(t, membus.Acked, outcome)
			m := h.decodeData(byKey(h.bus.Published(), "data-key")[0])
			assert.Equal(t, map[string]any{"small": true}, m["body"])
			assert.Zero(t, srv.puts)
		})
	}
}

func TestUploadFailureIsAnError(t *testing.T) {
	handler := func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		return out.Data(ctx, &sailor.Message{Body: req.Message.Body, Headers: map[string]any{}})
	}
	env := map[string]string{"ELASTICIO_EMIT_LIGHTWEIGHT_MESSAGE": "true", "ELASTICIO_OBJECT_STORAGE_SIZE_THRESHOLD": "1"}
	h, srv := newObjectHarness(t, handler, env, sailor.Step{}, false)
	srv.Close() // storage down
	outcome, _ := h.send(`{"body":{"x":1}}`, nil)
	assert.Equal(t, membus.Rejected, outcome)
	assert.Empty(t, byKey(h.bus.Published(), "data-key"))
	errs := byKey(h.bus.Published(), "error-key")
	require.Len(t, errs, 1)
	payload, _ := h.decodeError(errs[0])
	assert.Contains(t, payload["message"], "Lightweight message/passthrough body upload error")
}

// A step that does not emit lightweight messages sends a self-contained
// passthrough: an earlier step's body left in object storage, which this
// step's handler got by reference (autoResolveObjectReferences off), is
// fetched back into the output. A step that emits lightweight messages
// passes the reference on.
func TestPassthroughReferencesAreFetchedBackWhenLightweightIsOff(t *testing.T) {
	handler := func(ctx context.Context, req *sailor.Request, out sailor.Emitter) error {
		return out.Data(ctx, &sailor.Message{Body: json.RawMessage(`{"out":1}`), Headers: map[string]any{}})
	}
	for name, c := range map[string]struct {
		env      map[string]string
		wantBody map[string]any
	}{
		"lightweight off": {env: nil, wantBody: map[string]any{"earlier": "stored"}},
		"lightweight on": {env: map[string]string{"ELASTICIO_EMIT_LIGHTWEIGHT_MESSAGE": "true"},
			wantBody: map[string]any{}},
	} {
		t.Run(name, func(t *testing.T) {
			h, srv := newObjectHarness(t, handler, c.env, sailor.Step{IsPassthrough: true}, true)
			ptID := srv.put(h.cipher, `{"earlier":"stored"}`)
			in := fmt.Sprintf(`{"body":{},"passthrough":{"step_1":{"body":{},"headers":{"x-ipaas-object-storage-id":%q}}}}`, ptID)
			outcome, _ := h.send(in, nil)
			require.Equal(t, membus.Acked, outcome)

			m := h.decodeData(byKey(h.bus.Published(), "data-key")[0])
			earlier := m["passthrough"].(map[string]any)["step_1"].(map[string]any)
			assert.Equal(t, c.wantBody, earlier["body"])
			assert.Equal(t, ptID, earlier["headers"].(map[string]any)["x-ipaas-object-storage-id"], "the reference stays")
		})
	}
}
