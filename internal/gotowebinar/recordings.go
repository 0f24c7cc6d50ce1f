package gotowebinar

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"time"
)

// RecordingAsset is a webinar recording (schema Asset). RecordingShareURL and
// WebinarKey are only filled when asked for through includes.
type RecordingAsset struct {
	RecordingAssetKey     string    `json:"recordingAssetKey"`
	Name                  string    `json:"name"`
	ProductName           string    `json:"productName"`
	CreateTime            time.Time `json:"createTime"`
	CreatorKey            Key       `json:"creatorKey"`
	AccountKey            Key       `json:"accountKey"`
	TotalReferenceCount   int       `json:"totalReferenceCount"`
	MP4DownloadURL        string    `json:"mp4DownloadUrl"`
	TranscriptDownloadURL string    `json:"transcriptDownloadUrl,omitempty"`
	RecordingShareURL     string    `json:"recordingShareUrl,omitempty"`
	WebinarKey            Key       `json:"webinarKey,omitempty"`
}

// Values for the includes parameter of the recording searches.
const (
	IncludeRecordingShareURL = "recordingShareUrl"
	IncludeWebinarKey        = "webinarKey"
)

// RecordingAssetSearch is the body of POST /recordingassets/search. SortField is
// CREATETIME or NAME, SortOrder DESC or ASC.
type RecordingAssetSearch struct {
	AccountKey Key    `json:"accountKey"`
	Name       string `json:"name,omitempty"`
	SortField  string `json:"sortField,omitempty"`
	SortOrder  string `json:"sortOrder,omitempty"`
}

// AccountRecordingAssetSearch is the body of the admin search over an account.
type AccountRecordingAssetSearch struct {
	OrganizerKey Key       `json:"organizerKey"`
	Name         string    `json:"name,omitempty"`
	SortField    string    `json:"sortField,omitempty"`
	SortOrder    string    `json:"sortOrder,omitempty"`
	FromTime     time.Time `json:"-"`
	ToTime       time.Time `json:"-"`
}

// MarshalJSON writes FromTime/ToTime as UTC instants and omits them when zero.
func (s AccountRecordingAssetSearch) MarshalJSON() ([]byte, error) {
	type plain AccountRecordingAssetSearch
	out := struct {
		plain
		FromTime string `json:"fromTime,omitempty"`
		ToTime   string `json:"toTime,omitempty"`
	}{plain: plain(s)}
	if !s.FromTime.IsZero() {
		out.FromTime = formatTime(s.FromTime)
	}
	if !s.ToTime.IsZero() {
		out.ToTime = formatTime(s.ToTime)
	}
	return json.Marshal(out)
}

func includesQuery(page int, includes []string) url.Values {
	q := pageQuery(nil, page, "size")
	for _, in := range includes {
		q.Add("includes", in)
	}
	return q
}

// RecordingAssets iterates the recordings matching a search. Although a POST, the
// search changes nothing; it is still not retried on 5xx, like every POST.
// POST /recordingassets/search
func (c *Client) RecordingAssets(ctx context.Context, s RecordingAssetSearch, includes ...string) iter.Seq2[RecordingAsset, error] {
	return halPages[RecordingAsset](ctx, c, "recordingAssets", func(page int) call {
		return newCall("search recording assets", http.MethodPost, c.apiURL(includesQuery(page, includes), "recordingassets", "search"), s)
	})
}

// SearchRecordingAssets returns every recording of RecordingAssets.
// POST /recordingassets/search
func (c *Client) SearchRecordingAssets(ctx context.Context, s RecordingAssetSearch, includes ...string) ([]RecordingAsset, error) {
	return collect(c.RecordingAssets(ctx, s, includes...))
}

// AccountRecordingAssets iterates an account's recordings (needs an admin token).
// POST /accounts/{accountKey}/recordingassets/search
func (c *Client) AccountRecordingAssets(ctx context.Context, accountKey Key, s AccountRecordingAssetSearch, includes ...string) iter.Seq2[RecordingAsset, error] {
	return halPages[RecordingAsset](ctx, c, "recordingAssets", func(page int) call {
		return newCall("search account recording assets", http.MethodPost, c.apiURL(includesQuery(page, includes), "accounts", accountKey, "recordingassets", "search"), s)
	})
}

// SearchAccountRecordingAssets returns every recording of AccountRecordingAssets.
// POST /accounts/{accountKey}/recordingassets/search
func (c *Client) SearchAccountRecordingAssets(ctx context.Context, accountKey Key, s AccountRecordingAssetSearch, includes ...string) ([]RecordingAsset, error) {
	return collect(c.AccountRecordingAssets(ctx, accountKey, s, includes...))
}

// WebinarRecordingAssets iterates the recordings of one webinar.
// GET /webinars/{webinarKey}/recordingAssets
func (c *Client) WebinarRecordingAssets(ctx context.Context, webinarKey Key) iter.Seq2[RecordingAsset, error] {
	return dataPages[RecordingAsset](ctx, c, func(page int) call {
		return newCall("list webinar recording assets", http.MethodGet, c.apiURL(pageQuery(nil, page, "limit"), "webinars", webinarKey, "recordingAssets"), nil)
	})
}

// ListWebinarRecordingAssets returns every recording of WebinarRecordingAssets.
// GET /webinars/{webinarKey}/recordingAssets
func (c *Client) ListWebinarRecordingAssets(ctx context.Context, webinarKey Key) ([]RecordingAsset, error) {
	return collect(c.WebinarRecordingAssets(ctx, webinarKey))
}
