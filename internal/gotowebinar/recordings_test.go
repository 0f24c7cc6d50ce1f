package gotowebinar

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"
)

const assetJSON = `{"name":"Rec","recordingAssetKey":"a1b2c3","productName":"g2w","createTime":"2026-02-01T18:05:00.837Z",
	"creatorKey":1234567890123456789,"accountKey":"8876543210987654321","totalReferenceCount":2,
	"mp4DownloadUrl":"https://dl/1.mp4","recordingShareUrl":"https://share/1","webinarKey":"5620084814059709442"}`

var assetWant = RecordingAsset{RecordingAssetKey: "a1b2c3", Name: "Rec", ProductName: "g2w",
	CreateTime: ts("2026-02-01T18:05:00.837Z"), CreatorKey: orgKey, AccountKey: accKey, TotalReferenceCount: 2,
	MP4DownloadURL: "https://dl/1.mp4", RecordingShareURL: "https://share/1", WebinarKey: wbKey}

func TestRecordingEndpoints(t *testing.T) {
	t.Parallel()
	hal := `{"_embedded":{"recordingAssets":[` + assetJSON + `]},"page":{"size":200,"totalElements":1,"totalPages":1,"number":0}}`
	includes := url.Values{"page": {"0"}, "size": {"200"}, "includes": {"recordingShareUrl", "webinarKey"}}
	runEndpointCases(t, []endpointCase{{
		name: "#40 search recording assets", method: http.MethodPost, path: "/recordingassets/search",
		query: includes, body: `{"accountKey":8876543210987654321,"sortField":"NAME","sortOrder":"ASC"}`,
		status: 200, resp: hal,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.SearchRecordingAssets(ctx, RecordingAssetSearch{AccountKey: accKey, SortField: "NAME", SortOrder: "ASC"},
				IncludeRecordingShareURL, IncludeWebinarKey)
		},
		want: []RecordingAsset{assetWant},
	}, {
		name: "#41 search account recording assets", method: http.MethodPost,
		path: "/accounts/8876543210987654321/recordingassets/search", query: url.Values{"page": {"0"}, "size": {"200"}},
		body:   `{"organizerKey":1234567890123456789,"name":"Rec","fromTime":"2026-01-01T00:00:00Z","toTime":"2026-12-31T23:59:59Z"}`,
		status: 200, resp: hal,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.SearchAccountRecordingAssets(ctx, accKey, AccountRecordingAssetSearch{
				OrganizerKey: orgKey, Name: "Rec", FromTime: rangeFrom.In(time.FixedZone("X", 3600)), ToTime: rangeTo,
			})
		},
		want: []RecordingAsset{assetWant},
	}, {
		name: "#42 webinar recording assets", method: http.MethodGet, path: "/webinars/5620084814059709442/recordingAssets",
		query: url.Values{"page": {"0"}, "limit": {"200"}}, status: 200,
		resp: `{"data":[` + assetJSON + `],"total":1,"page":0,"pageSize":1}`,
		call: func(ctx context.Context, c *Client) (any, error) { return c.ListWebinarRecordingAssets(ctx, wbKey) },
		want: []RecordingAsset{assetWant},
	}})
}
