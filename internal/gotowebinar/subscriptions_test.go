package gotowebinar

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

const subscriptionJSON = `{"userSubscriptionKey":"us-1","webhookKey":"wh-1","callbackUrl":"https://cb",
	"eventName":"registrant.added","eventVersion":"1.0.0","product":"g2w","userSubscriptionState":"ACTIVE",
	"activationState":"INACTIVE","createTime":"2026-02-01T10:00:00Z"}`

var subscriptionWant = UserSubscription{UserSubscriptionKey: "us-1", WebhookKey: "wh-1", CallbackURL: "https://cb",
	EventName: "registrant.added", EventVersion: "1.0.0", Product: "g2w", UserSubscriptionState: "ACTIVE",
	ActivationState: "INACTIVE", CreateTime: ts("2026-02-01T10:00:00Z")}

func TestUserSubscriptionEndpoints(t *testing.T) {
	t.Parallel()
	runEndpointCases(t, []endpointCase{{
		name: "#49 create user subscriptions", method: http.MethodPost, path: "/userSubscriptions",
		body:   `[{"webhookKey":"wh-1","userSubscriptionState":"ACTIVE"}]`,
		status: 200, resp: `{"_embedded":{"userSubscriptions":[` + subscriptionJSON + `]}}`,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.CreateUserSubscriptions(ctx, []UserSubscriptionCreate{{WebhookKey: "wh-1", UserSubscriptionState: "ACTIVE"}})
		},
		want: []UserSubscription{subscriptionWant},
	}, {
		name: "#50 update user subscriptions", method: http.MethodPut, path: "/userSubscriptions",
		body:   `[{"webhookKey":"wh-1","userSubscriptionKey":"us-1","userSubscriptionState":"INACTIVE"}]`,
		status: 204,
		call: func(ctx context.Context, c *Client) (any, error) {
			return nil, c.UpdateUserSubscriptions(ctx, []UserSubscriptionUpdate{
				{WebhookKey: "wh-1", UserSubscriptionKey: "us-1", UserSubscriptionState: "INACTIVE"}})
		},
	}, {
		name: "#51 list user subscriptions", method: http.MethodGet, path: "/userSubscriptions",
		query: url.Values{"product": {"g2w"}}, status: 200,
		resp: `{"_embedded":{"userSubscriptions":[` + subscriptionJSON + `]}}`,
		call: func(ctx context.Context, c *Client) (any, error) { return c.ListUserSubscriptions(ctx) },
		want: []UserSubscription{subscriptionWant},
	}, {
		name: "#52 delete user subscriptions", method: http.MethodDelete, path: "/userSubscriptions",
		body: `["us-1"]`, status: 202,
		call: func(ctx context.Context, c *Client) (any, error) {
			return nil, c.DeleteUserSubscriptions(ctx, []string{"us-1"})
		},
	}, {
		name: "#53 get user subscription", method: http.MethodGet, path: "/userSubscriptions/us-1", status: 200,
		resp: subscriptionJSON,
		call: func(ctx context.Context, c *Client) (any, error) { return c.UserSubscription(ctx, "us-1") },
		want: &subscriptionWant,
	}})
}
