package gotowebinar

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// UserSubscriptionCreate subscribes the token's user to a webhook.
type UserSubscriptionCreate struct {
	WebhookKey            string `json:"webhookKey"`
	CallbackURL           string `json:"callbackUrl,omitempty"`
	UserSubscriptionState string `json:"userSubscriptionState,omitempty"`
}

// UserSubscriptionUpdate changes a subscription's callback or state.
type UserSubscriptionUpdate struct {
	WebhookKey            string `json:"webhookKey"`
	UserSubscriptionKey   string `json:"userSubscriptionKey"`
	CallbackURL           string `json:"callbackUrl,omitempty"`
	UserSubscriptionState string `json:"userSubscriptionState,omitempty"`
}

// UserSubscription links a user to a webhook. ActivationState is ACTIVE only when
// both the webhook and the subscription are ACTIVE.
type UserSubscription struct {
	UserSubscriptionKey   string    `json:"userSubscriptionKey"`
	WebhookKey            string    `json:"webhookKey"`
	CallbackURL           string    `json:"callbackUrl"`
	EventName             string    `json:"eventName"`
	EventVersion          string    `json:"eventVersion"`
	Product               string    `json:"product"`
	UserSubscriptionState string    `json:"userSubscriptionState"`
	ActivationState       string    `json:"activationState"`
	CreateTime            time.Time `json:"createTime"`
}

// CreateUserSubscriptions subscribes the user to webhooks.
// POST /userSubscriptions
func (c *Client) CreateUserSubscriptions(ctx context.Context, subs []UserSubscriptionCreate) ([]UserSubscription, error) {
	var resp halResponse
	cl := newCall("create user subscriptions", http.MethodPost, c.apiURL(nil, "userSubscriptions"), subs)
	if err := c.do(ctx, cl, &resp); err != nil {
		return nil, err
	}
	return decodeEmbedded[UserSubscription](cl.op, resp, "userSubscriptions")
}

// UpdateUserSubscriptions changes subscriptions.
// PUT /userSubscriptions
func (c *Client) UpdateUserSubscriptions(ctx context.Context, subs []UserSubscriptionUpdate) error {
	return c.do(ctx, newCall("update user subscriptions", http.MethodPut, c.apiURL(nil, "userSubscriptions"), subs), nil)
}

// ListUserSubscriptions lists the user's GoToWebinar subscriptions.
// GET /userSubscriptions?product=g2w
func (c *Client) ListUserSubscriptions(ctx context.Context) ([]UserSubscription, error) {
	var resp halResponse
	cl := newCall("list user subscriptions", http.MethodGet, c.apiURL(url.Values{"product": {ProductG2W}}, "userSubscriptions"), nil)
	if err := c.do(ctx, cl, &resp); err != nil {
		return nil, err
	}
	return decodeEmbedded[UserSubscription](cl.op, resp, "userSubscriptions")
}

// DeleteUserSubscriptions deletes subscriptions by key (keys in the DELETE body).
// DELETE /userSubscriptions
func (c *Client) DeleteUserSubscriptions(ctx context.Context, keys []string) error {
	return c.do(ctx, newCall("delete user subscriptions", http.MethodDelete, c.apiURL(nil, "userSubscriptions"), keys), nil)
}

// UserSubscription fetches one subscription.
// GET /userSubscriptions/{userSubscriptionKey}
func (c *Client) UserSubscription(ctx context.Context, key string) (*UserSubscription, error) {
	return getObject[UserSubscription](ctx, c, "get user subscription", c.apiURL(nil, "userSubscriptions", key))
}
