package gotowebinar

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"
)

const webhookJSON = `{"webhookKey":"wh-1","callbackUrl":"https://cb","eventName":"registrant.added","eventVersion":"1.0.0",
	"product":"g2w","state":"INACTIVE","createTime":"2026-02-01T10:00:00.5Z"}`

var webhookWant = Webhook{WebhookKey: "wh-1", CallbackURL: "https://cb", EventName: "registrant.added",
	EventVersion: "1.0.0", Product: "g2w", State: "INACTIVE", CreateTime: ts("2026-02-01T10:00:00.5Z")}

func TestWebhookEndpoints(t *testing.T) {
	t.Parallel()
	runEndpointCases(t, []endpointCase{{
		name: "#43 webhook secret key", method: http.MethodPost, path: "/webhooks/secretkey",
		body:   `{"validFrom":"2026-03-01T12:00:00Z"}`,
		status: 200, resp: `{"id":7,"value":"4f9c-secret","validFrom":"2026-03-01T12:00:00Z"}`,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.CreateWebhookSecretKey(ctx, time.Date(2026, 3, 1, 13, 0, 0, 0, time.FixedZone("CET", 3600)))
		},
		want: &WebhookSecretKey{ID: 7, Value: "4f9c-secret", ValidFrom: ts("2026-03-01T12:00:00Z")},
	}, {
		name: "#44 create webhooks", method: http.MethodPost, path: "/webhooks",
		body:   `[{"callbackUrl":"https://cb","eventName":"registrant.added","eventVersion":"1.0.0","product":"g2w"}]`,
		status: 200, resp: `{"_embedded":{"webhooks":[` + webhookJSON + `]}}`,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.CreateWebhooks(ctx, []WebhookCreate{{CallbackURL: "https://cb", EventName: "registrant.added"}})
		},
		want: []Webhook{webhookWant},
	}, {
		name: "#45 update webhooks", method: http.MethodPut, path: "/webhooks",
		body: `[{"webhookKey":"wh-1","state":"ACTIVE"}]`, status: 204,
		call: func(ctx context.Context, c *Client) (any, error) {
			return nil, c.UpdateWebhooks(ctx, []WebhookUpdate{{WebhookKey: "wh-1", State: "ACTIVE"}})
		},
	}, {
		name: "#46 list webhooks", method: http.MethodGet, path: "/webhooks", query: url.Values{"product": {"g2w"}},
		status: 200, resp: `{"_embedded":{"webhooks":[` + webhookJSON + `]}}`,
		call: func(ctx context.Context, c *Client) (any, error) { return c.ListWebhooks(ctx) },
		want: []Webhook{webhookWant},
	}, {
		name: "#47 delete webhooks", method: http.MethodDelete, path: "/webhooks", body: `["wh-1","wh-2"]`, status: 202,
		call: func(ctx context.Context, c *Client) (any, error) {
			return nil, c.DeleteWebhooks(ctx, []string{"wh-1", "wh-2"})
		},
	}, {
		name: "#48 get webhook", method: http.MethodGet, path: "/webhooks/wh-1", status: 200, resp: webhookJSON,
		call: func(ctx context.Context, c *Client) (any, error) { return c.Webhook(ctx, "wh-1") },
		want: &webhookWant,
	}})
}
