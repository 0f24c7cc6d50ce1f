package gotowebinar

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Webhook product and version values GoTo expects for GoToWebinar events.
const (
	ProductG2W          = "g2w"
	WebhookEventVersion = "1.0.0"
)

// WebhookSecretKey is the developer app's secret used to sign webhook calls.
type WebhookSecretKey struct {
	ID        int64     `json:"id"`
	Value     string    `json:"value"`
	ValidFrom time.Time `json:"validFrom"`
}

// WebhookCreate registers a callback for one event; empty EventVersion and Product
// default to WebhookEventVersion and ProductG2W.
type WebhookCreate struct {
	CallbackURL  string `json:"callbackUrl"`
	EventName    string `json:"eventName"`
	EventVersion string `json:"eventVersion"`
	Product      string `json:"product"`
}

// Webhook is a registered callback; State is ACTIVE or INACTIVE.
type Webhook struct {
	WebhookKey   string    `json:"webhookKey"`
	CallbackURL  string    `json:"callbackUrl"`
	EventName    string    `json:"eventName"`
	EventVersion string    `json:"eventVersion"`
	Product      string    `json:"product"`
	State        string    `json:"state"`
	CreateTime   time.Time `json:"createTime"`
}

// WebhookUpdate changes a webhook's callback or state.
type WebhookUpdate struct {
	WebhookKey  string `json:"webhookKey"`
	CallbackURL string `json:"callbackUrl,omitempty"`
	State       string `json:"state,omitempty"`
}

// CreateWebhookSecretKey creates the signing secret; a zero validFrom is omitted.
// POST /webhooks/secretkey
func (c *Client) CreateWebhookSecretKey(ctx context.Context, validFrom time.Time) (*WebhookSecretKey, error) {
	body := map[string]string{}
	if !validFrom.IsZero() {
		body["validFrom"] = formatTime(validFrom)
	}
	var out WebhookSecretKey
	if err := c.do(ctx, newCall("create webhook secret key", http.MethodPost, c.apiURL(nil, "webhooks", "secretkey"), body), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// CreateWebhooks registers webhooks; they start INACTIVE until UpdateWebhooks.
// POST /webhooks
func (c *Client) CreateWebhooks(ctx context.Context, ws []WebhookCreate) ([]Webhook, error) {
	body := make([]WebhookCreate, len(ws))
	for i, w := range ws {
		if w.EventVersion == "" {
			w.EventVersion = WebhookEventVersion
		}
		if w.Product == "" {
			w.Product = ProductG2W
		}
		body[i] = w
	}
	var resp halResponse
	cl := newCall("create webhooks", http.MethodPost, c.apiURL(nil, "webhooks"), body)
	if err := c.do(ctx, cl, &resp); err != nil {
		return nil, err
	}
	return decodeEmbedded[Webhook](cl.op, resp, "webhooks")
}

// UpdateWebhooks changes callbacks or states.
// PUT /webhooks
func (c *Client) UpdateWebhooks(ctx context.Context, ws []WebhookUpdate) error {
	return c.do(ctx, newCall("update webhooks", http.MethodPut, c.apiURL(nil, "webhooks"), ws), nil)
}

// ListWebhooks lists the app's GoToWebinar webhooks.
// GET /webhooks?product=g2w
func (c *Client) ListWebhooks(ctx context.Context) ([]Webhook, error) {
	var resp halResponse
	cl := newCall("list webhooks", http.MethodGet, c.apiURL(url.Values{"product": {ProductG2W}}, "webhooks"), nil)
	if err := c.do(ctx, cl, &resp); err != nil {
		return nil, err
	}
	return decodeEmbedded[Webhook](cl.op, resp, "webhooks")
}

// DeleteWebhooks deletes webhooks by key (the keys travel in a DELETE body).
// DELETE /webhooks
func (c *Client) DeleteWebhooks(ctx context.Context, webhookKeys []string) error {
	return c.do(ctx, newCall("delete webhooks", http.MethodDelete, c.apiURL(nil, "webhooks"), webhookKeys), nil)
}

// Webhook fetches one webhook.
// GET /webhooks/{webhookKey}
func (c *Client) Webhook(ctx context.Context, webhookKey string) (*Webhook, error) {
	return getObject[Webhook](ctx, c, "get webhook", c.apiURL(nil, "webhooks", webhookKey))
}

// decodeEmbedded decodes the list of {"_embedded":{"<name>":[...]}}; an
// absent list (GoTo omits _embedded when empty) is nil.
func decodeEmbedded[T any](op string, resp halResponse, name string) ([]T, error) {
	var out []T
	if raw, ok := resp.Embedded[name]; ok {
		if err := json.Unmarshal(raw, &out); err != nil {
			return nil, &Error{Op: op, StatusCode: http.StatusOK, Err: fmt.Errorf("decode _embedded.%s: %w", name, err)}
		}
	}
	return out, nil
}
