package platform

import (
	"bytes"
	"net/http"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Not parallel: it measures allocations, which other tests would disturb.
func TestOversizedBodyIsRejectedWithoutBufferingIt(t *testing.T) {
	const size = 64 << 20
	for _, declared := range []bool{false, true} {
		t.Run("content-length declared "+strconv.FormatBool(declared), func(t *testing.T) {
			api := setup(t)
			var calls atomic.Int32
			api.mux.HandleFunc("GET /v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				if declared {
					w.Header().Set("Content-Length", strconv.Itoa(size))
				}
				chunk := bytes.Repeat([]byte(" "), 32<<10)
				for written := 0; written < size; written += len(chunk) {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			})
			c, rec := newTestClient(t, api)

			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := c.StepData(t.Context(), "f", "s")
			runtime.ReadMemStats(&after)

			t.Logf("allocated %d KiB", (after.TotalAlloc-before.TotalAlloc)>>10)
			require.ErrorIs(t, err, ErrBodyTooLarge)
			assert.Contains(t, err.Error(), "response body exceeds 1048576 bytes")
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(16<<20), "allocated bytes while refusing a 64 MiB body")
			assert.Equal(t, int32(1), calls.Load(), "an oversized body is not retried")
			assert.Empty(t, rec.got())
		})
	}
}

func TestLargeErrorBodyIsTruncatedInTheError(t *testing.T) {
	t.Parallel()
	api := setup(t)
	api.mux.HandleFunc("GET /v1/tasks/{flow}/steps/{step}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write(bytes.Repeat([]byte("x"), 3<<20))
	})
	c, _ := newTestClient(t, api)

	_, err := c.StepData(t.Context(), "f", "s")

	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	assert.LessOrEqual(t, len(apiErr.Message), maxMessageLen+len("…"))
}
