package fake

import (
	"net/http"
	"strconv"
)

// maxPageSize is GoTo's documented maximum for size and limit.
const maxPageSize = 200

// Page sizes GoTo applies when the parameter is absent.
const (
	defaultPageSize  = 20
	defaultPageLimit = 100 // registrants; GoTo's value is undocumented
)

type pageJSON struct {
	Size          int `json:"size"`
	TotalElements int `json:"totalElements"`
	TotalPages    int `json:"totalPages"`
	Number        int `json:"number"`
}

// intParam reads a non-negative integer query parameter.
func intParam(r *http.Request, name string, def int) (int, bool) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	return n, err == nil && n >= 0
}

// pageA reads page/size (pagination shape A); size above 200 is a 400
// rather than a silent clamp so that client bugs surface.
func (s *Server) pageA(w http.ResponseWriter, r *http.Request) (page, size int, ok bool) {
	page, okP := intParam(r, "page", 0)
	size, okS := intParam(r, "size", defaultPageSize)
	if !okP || !okS || size < 1 {
		s.badRequest(w, "invalid page or size")
		return 0, 0, false
	}
	if size > maxPageSize {
		s.badRequest(w, "size must not exceed %d", maxPageSize)
		return 0, 0, false
	}
	return page, size, true
}

// bounds returns the slice bounds of page number page.
func bounds(total, page, size int) (lo, hi int) {
	lo = min(page*size, total)
	return lo, min(lo+size, total)
}

// writePageA writes {"_embedded":{name:[...]},"page":{...}}; _embedded is
// absent when the page holds no items, as clients observe on GoTo.
func writePageA[T any](w http.ResponseWriter, name string, items []T, page, size int) {
	lo, hi := bounds(len(items), page, size)
	body := map[string]any{"page": pageJSON{
		Size:          size,
		TotalElements: len(items),
		TotalPages:    (len(items) + size - 1) / size,
		Number:        page,
	}}
	if hi > lo {
		body["_embedded"] = map[string]any{name: items[lo:hi]}
	}
	writeJSON(w, http.StatusOK, body)
}

// pageB reads page/limit (registrants shape B); paged is false when neither
// is present, which selects GoTo's older bare-array response.
func (s *Server) pageB(w http.ResponseWriter, r *http.Request) (page, limit int, paged, ok bool) {
	q := r.URL.Query()
	paged = q.Has("page") || q.Has("limit")
	page, okP := intParam(r, "page", 0)
	limit, okL := intParam(r, "limit", defaultPageLimit)
	if !okP || !okL || limit < 1 {
		s.badRequest(w, "invalid page or limit")
		return 0, 0, false, false
	}
	if limit > maxPageSize {
		s.badRequest(w, "limit must not exceed %d", maxPageSize)
		return 0, 0, false, false
	}
	return page, limit, paged, true
}

type pageBJSON[T any] struct {
	Data     []T `json:"data"`
	Total    int `json:"total"`
	Page     int `json:"page"`
	Limit    int `json:"limit"`
	PageSize int `json:"pageSize"`
}

func writePageB[T any](w http.ResponseWriter, items []T, page, limit int) {
	lo, hi := bounds(len(items), page, limit)
	data := items[lo:hi]
	if data == nil {
		data = []T{}
	}
	writeJSON(w, http.StatusOK, pageBJSON[T]{Data: data, Total: len(items), Page: page, Limit: limit, PageSize: len(data)})
}
