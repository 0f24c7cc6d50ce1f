package platform

import (
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const objectToken = "eyJhbGciOi.token-payload.sig"

// objectStore is a fake maester: POST /objects stores bytes, GET
// /objects/{id} returns them.
type objectStore struct {
	t       *testing.T
	mu      sync.Mutex
	objects map[string][]byte
	next    int
}

func (s *objectStore) register(mux *http.ServeMux) {
	check := func(r *http.Request) {
		assert.Equal(s.t, "Bearer "+objectToken, r.Header.Get("Authorization"))
		assert.Equal(s.t, "f:flow-1;s:step_1;m:", r.Header.Get("x-request-id"))
		assert.Equal(s.t, "Keep-Alive", r.Header.Get("Connection"))
	}
	mux.HandleFunc("POST /objects", func(w http.ResponseWriter, r *http.Request) {
		check(r)
		assert.Equal(s.t, "application/json", r.Header.Get("Content-Type"))
		body, err := io.ReadAll(r.Body)
		assert.NoError(s.t, err)
		s.mu.Lock()
		s.next++
		id := "obj/" + string(rune('0'+s.next))
		s.objects[id] = body
		s.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"objectId":"`+id+`","contentType":"application/json"}`)
	})
	mux.HandleFunc("GET /objects/{id}", func(w http.ResponseWriter, r *http.Request) {
		check(r)
		s.mu.Lock()
		body, ok := s.objects[r.PathValue("id")]
		s.mu.Unlock()
		if !ok {
			http.Error(w, `{"message":"Object not found"}`, http.StatusNotFound)
			return
		}
		_, _ = w.Write(body)
	})
}

func newObjectStorage(t *testing.T, api *fakeAPI, opts ...ObjectStorageOption) (*ObjectStorage, *sleepRecorder) {
	t.Helper()
	rec := &sleepRecorder{}
	opts = append([]ObjectStorageOption{WithObjectSleep(rec.sleep)}, opts...)
	s, err := NewObjectStorage(api.baseURL(), objectToken, nil, "flow-1", "step_1", opts...)
	require.NoError(t, err)
	return s, rec
}

func TestObjectStorage_PutThenGetReturnsTheSameBytes(t *testing.T) {
	t.Parallel()
	api := setup(t)
	store := &objectStore{t: t, objects: map[string][]byte{}}
	store.register(api.mux)
	s, _ := newObjectStorage(t, api)
	ciphertext := []byte{0x00, 0xff, 0x10, 'x', 0x80}

	id, err := s.Put(t.Context(), ciphertext)
	require.NoError(t, err)
	assert.Equal(t, "obj/1", id)
	got, err := s.Get(t.Context(), id)

	require.NoError(t, err)
	assert.Equal(t, ciphertext, got)
}

func TestObjectStorage_MissingObjectIsNotRetried(t *testing.T) {
	t.Parallel()
	api := setup(t)
	store := &objectStore{t: t, objects: map[string][]byte{}}
	store.register(api.mux)
	s, rec := newObjectStorage(t, api)

	_, err := s.Get(t.Context(), "expired")

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
	assert.Equal(t, "Object not found", apiErr.Message)
	assert.Contains(t, err.Error(), "platform: get object: GET "+api.baseURL()+"/objects/expired")
	assert.Empty(t, rec.got())
}

func TestObjectStorage_RetriesWithExponentialBackoff(t *testing.T) {
	t.Parallel()
	api := setup(t)
	seq := &statusSequence{statuses: []int{500, 503, 201}, body: `{"objectId":"o-1"}`}
	api.mux.Handle("POST /objects", seq)
	s, rec := newObjectStorage(t, api)

	id, err := s.Put(t.Context(), []byte("cipher"))

	require.NoError(t, err)
	assert.Equal(t, "o-1", id)
	assert.Equal(t, 3, seq.count())
	delays := rec.got()
	require.Len(t, delays, 2)
	assert.GreaterOrEqual(t, delays[0], 100*time.Millisecond)
	assert.LessOrEqual(t, delays[0], 120*time.Millisecond)
	assert.GreaterOrEqual(t, delays[1], 200*time.Millisecond)
	assert.LessOrEqual(t, delays[1], 240*time.Millisecond)
}

func TestObjectStorage_GivesUpAfterTwoRetries(t *testing.T) {
	t.Parallel()
	api := setup(t)
	seq := &statusSequence{statuses: []int{502}}
	api.mux.Handle("GET /objects/{id}", seq)
	s, _ := newObjectStorage(t, api)

	_, err := s.Get(t.Context(), "o-1")

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.True(t, apiErr.Temporary())
	assert.Equal(t, 3, seq.count())
}

func TestObjectStorage_ClientErrorOnPutIsNotRetried(t *testing.T) {
	t.Parallel()
	api := setup(t)
	seq := &statusSequence{statuses: []int{http.StatusUnauthorized}}
	api.mux.Handle("POST /objects", seq)
	s, _ := newObjectStorage(t, api, WithObjectRetries(4))

	_, err := s.Put(t.Context(), []byte("cipher"))

	require.Error(t, err)
	assert.Equal(t, 1, seq.count())
}

func TestObjectStorage_PutWithoutObjectIDFails(t *testing.T) {
	t.Parallel()
	api := setup(t)
	api.mux.Handle("POST /objects", &statusSequence{statuses: []int{201}, body: `{}`})
	s, _ := newObjectStorage(t, api)

	_, err := s.Put(t.Context(), []byte("cipher"))

	assert.EqualError(t, err, "platform: put object: response has no objectId")
}

func TestObjectStorage_NetworkErrorRetried(t *testing.T) {
	t.Parallel()
	api := setup(t)
	var calls atomic.Int32
	api.mux.HandleFunc("GET /objects/{id}", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if assert.NoError(t, err) {
				_ = conn.Close()
			}
			return
		}
		_, _ = io.WriteString(w, "bytes")
	})
	s, _ := newObjectStorage(t, api)

	got, err := s.Get(t.Context(), "o-1")

	require.NoError(t, err)
	assert.Equal(t, []byte("bytes"), got)
	assert.Equal(t, int32(2), calls.Load())
}

func TestNewObjectStorage_ValidatesInput(t *testing.T) {
	t.Parallel()
	_, err := NewObjectStorage("", objectToken, nil, "f", "s")
	assert.EqualError(t, err, "platform: new object storage: base URL is missing")
	_, err = NewObjectStorage("http://127.0.0.1:1/maester", "", nil, "f", "s")
	assert.EqualError(t, err, "platform: new object storage: token is missing")
}
