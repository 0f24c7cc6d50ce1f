package gotowebinar

import (
	"bytes"
	"context"
	"encoding/json"
	"iter"
)

// maxPageSize is the largest page GoTo serves, for both pagination shapes.
const maxPageSize = 200

// Page is the paging block of the HAL-style responses (shape A).
type Page struct {
	Size          int `json:"size"`
	TotalElements int `json:"totalElements"`
	TotalPages    int `json:"totalPages"`
	Number        int `json:"number"`
}

// halResponse is shape A: the list sits under _embedded.<name>, which GoTo omits
// when the page is empty.
type halResponse struct {
	Embedded map[string]json.RawMessage `json:"_embedded"`
	Page     Page                       `json:"page"`
}

// halPages iterates a shape-A list; build returns the call for a 0-based page.
func halPages[T any](ctx context.Context, c *Client, name string, build func(page int) call) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		for page := 0; ; page++ {
			cl := build(page)
			var resp halResponse
			if err := c.do(ctx, cl, &resp); err != nil {
				yield(zero, err)
				return
			}
			items, err := decodeEmbedded[T](cl.op, resp, name)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if len(items) == 0 || page+1 >= resp.Page.TotalPages {
				return
			}
		}
	}
}

// dataPage is shape B: {data, total, page, limit, pageSize}.
type dataPage[T any] struct {
	Data     []T `json:"data"`
	Total    int `json:"total"`
	Page     int `json:"page"`
	Limit    int `json:"limit"`
	PageSize int `json:"pageSize"`
}

// UnmarshalJSON also accepts a bare array, which GoTo sends when no paging
// parameter was given; it becomes one complete page.
func (p *dataPage[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var items []T
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		*p = dataPage[T]{Data: items, Total: len(items), PageSize: len(items), Limit: len(items)}
		return nil
	}
	type plain dataPage[T]
	return json.Unmarshal(b, (*plain)(p))
}

// dataPages iterates a shape-B list.
func dataPages[T any](ctx context.Context, c *Client, build func(page int) call) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		for page := 0; ; page++ {
			var resp dataPage[T]
			if err := c.do(ctx, build(page), &resp); err != nil {
				yield(zero, err)
				return
			}
			for _, it := range resp.Data {
				if !yield(it, nil) {
					return
				}
			}
			limit := resp.Limit
			if limit <= 0 {
				limit = maxPageSize
			}
			if len(resp.Data) == 0 || (page+1)*limit >= resp.Total {
				return
			}
		}
	}
}

// collect drains an iterator into a slice, stopping at the first error.
func collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
