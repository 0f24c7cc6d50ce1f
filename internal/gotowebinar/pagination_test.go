package gotowebinar

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const webinarsPath = "/G2W/rest/v2/organizers/1234567890123456789/webinars"

// webinarPages serves total webinars in pages like GoTo: _embedded omitted when empty,
// 400 for a page size above 200.
func webinarPages(t *testing.T, total int, calls *atomic.Int32) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		size, _ := strconv.Atoi(q.Get("size"))
		if size < 1 || size > 200 {
			writeJSON(w, 400, `{"errorCode":"InvalidRequest","description":"size must be 1..200"}`)
			return
		}
		assert.NotEmpty(t, q.Get("fromTime"))
		lo, hi := min(page*size, total), min((page+1)*size, total)
		resp := map[string]any{"page": map[string]int{
			"size": size, "totalElements": total, "totalPages": (total + size - 1) / size, "number": page,
		}}
		if hi > lo {
			items := make([]map[string]string, 0, hi-lo)
			for i := lo; i < hi; i++ {
				items = append(items, map[string]string{"webinarKey": (wbKey + Key(i)).String(), "subject": "W" + strconv.Itoa(i)})
			}
			resp["_embedded"] = map[string]any{"webinars": items}
		}
		writeJSON(w, 200, mustJSON(resp))
	}
}

func TestListWebinarsReturnsEveryPage(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	env.mux.HandleFunc(webinarsPath, webinarPages(t, 450, &calls))

	all, err := env.client.ListWebinars(t.Context(), orgKey, rangeFrom, rangeTo)
	require.NoError(t, err)
	require.Len(t, all, 450)
	seen := map[Key]bool{}
	for _, w := range all {
		seen[w.WebinarKey] = true
	}
	assert.Len(t, seen, 450, "no duplicates, no gaps")
	assert.Equal(t, wbKey+449, all[449].WebinarKey)
	assert.EqualValues(t, 3, calls.Load())
}

func TestListWebinarsEmptyPageWithoutEmbedded(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	env.mux.HandleFunc(webinarsPath, webinarPages(t, 0, &calls))

	all, err := env.client.ListWebinars(t.Context(), orgKey, rangeFrom, rangeTo)
	require.NoError(t, err)
	assert.Empty(t, all)
	assert.EqualValues(t, 1, calls.Load())
}

func TestIteratorStopsFetchingWhenCallerBreaks(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	env.mux.HandleFunc(webinarsPath, webinarPages(t, 450, &calls))

	n := 0
	for w, err := range env.client.Webinars(t.Context(), orgKey, rangeFrom, rangeTo) {
		require.NoError(t, err)
		n++
		if w.WebinarKey == wbKey+200 { // first item of the second page
			break
		}
	}
	assert.Equal(t, 201, n)
	assert.EqualValues(t, 2, calls.Load(), "the third page is never requested")
}

func TestIteratorSurfacesErrorLast(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var calls atomic.Int32
	pages := webinarPages(t, 450, &calls)
	env.mux.HandleFunc(webinarsPath, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "1" {
			calls.Add(1)
			writeJSON(w, 404, `{"errorCode":"NotFound","description":"gone"}`)
			return
		}
		pages(w, r)
	})

	var items, errs int
	var last error
	for _, err := range env.client.Webinars(t.Context(), orgKey, rangeFrom, rangeTo) {
		if err != nil {
			errs++
			last = err
			continue
		}
		assert.Zero(t, errs, "no item after the error")
		items++
	}
	assert.Equal(t, 200, items)
	assert.Equal(t, 1, errs)
	assert.ErrorIs(t, last, ErrNotFound)

	all, err := env.client.ListWebinars(t.Context(), orgKey, rangeFrom, rangeTo)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.Nil(t, all)
}

func TestQueryTimesAreUTCAndEncoded(t *testing.T) {
	t.Parallel()
	env := setup(t)
	var raw string
	env.mux.HandleFunc(webinarsPath, func(w http.ResponseWriter, r *http.Request) {
		raw = r.URL.RawQuery
		writeJSON(w, 200, `{"page":{"size":200,"totalElements":0,"totalPages":0,"number":0}}`)
	})
	_, err := env.client.ListWebinars(t.Context(), orgKey, rangeFrom.In(berlin), rangeTo)
	require.NoError(t, err)
	assert.Contains(t, raw, "fromTime=2026-01-01T00%3A00%3A00Z")
	assert.Contains(t, raw, "toTime=2026-12-31T23%3A59%3A59Z")
	assert.NotContains(t, raw, "+")
}
