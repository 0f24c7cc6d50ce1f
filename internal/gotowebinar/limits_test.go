package gotowebinar

import (
	"bytes"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHugeErrorBodyDoesNotGrowMemory(t *testing.T) {
	// Not parallel: it measures process-wide allocation.
	env := setup(t)
	const total = 100 << 20
	var written atomic.Int64
	env.mux.HandleFunc(webinarPath, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		chunk := bytes.Repeat([]byte("x"), 64<<10)
		for written.Load() < total {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return // the client hung up, as it should
			}
		}
	})

	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := env.client.Webinar(t.Context(), orgKey, wbKey)
	runtime.ReadMemStats(&after)

	require.Error(t, err)
	assert.ErrorIs(t, err, ErrValidation)
	assert.Less(t, len(err.Error()), 400, "the message quotes only a short prefix")
	grown := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, grown, uint64(10<<20), "allocated %d bytes for a 100 MB body", grown)
}

func TestConnectionsAreReused(t *testing.T) {
	t.Parallel()
	env := setup(t, WithPacing(0, 0))
	var n atomic.Int32
	env.mux.HandleFunc(webinarPath, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%2 == 0 {
			writeJSON(w, 404, `{"errorCode":"NotFound","description":"gone","padding":"`+string(bytes.Repeat([]byte("p"), 8<<10))+`"}`)
			return
		}
		// Trailing bytes after the JSON value must be drained too.
		writeJSON(w, 200, `{"subject":"s"}`+"\n\n")
	})
	for range 100 {
		_, _ = env.client.Webinar(t.Context(), orgKey, wbKey)
	}
	assert.EqualValues(t, 100, n.Load())
	assert.LessOrEqual(t, env.newConns.Load(), int32(2))
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	env := setup(t)
	env.mux.HandleFunc(webinarPath, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"webinarKey":"5620084814059709442"}`)
	})
	var wg sync.WaitGroup
	var ok atomic.Int32
	for range 20 {
		wg.Go(func() {
			got, err := env.client.Webinar(t.Context(), orgKey, wbKey)
			if assert.NoError(t, err) && got.WebinarKey == wbKey {
				ok.Add(1)
			}
		})
	}
	wg.Wait()
	assert.EqualValues(t, 20, ok.Load())
}
