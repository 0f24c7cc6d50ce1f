package gotowebinar

import (
	"context"
	"net/http"
	"testing"
)

func TestPanelistEndpoints(t *testing.T) {
	t.Parallel()
	p := "/organizers/1234567890123456789/webinars/5620084814059709442/panelists"
	runEndpointCases(t, []endpointCase{{
		name: "#14 panelists", method: http.MethodGet, path: p, status: 200,
		resp: `[{"name":"Pat","email":"pat@example.com","panelistId":6234567890123456781,"joinLink":"https://j"}]`,
		call: func(ctx context.Context, c *Client) (any, error) { return c.Panelists(ctx, orgKey, wbKey) },
		want: []Panelist{{Name: "Pat", Email: "pat@example.com", PanelistID: pnKey, JoinLink: "https://j"}},
	}, {
		name: "#15 create panelists", method: http.MethodPost, path: p,
		body:   `[{"name":"Pat","email":"pat@example.com"}]`,
		status: 201, resp: `[{"name":"Pat","email":"pat@example.com","joinLink":"https://j","panelistKey":"6234567890123456781"}]`,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.CreatePanelists(ctx, orgKey, wbKey, []PanelistCreate{{Name: "Pat", Email: "pat@example.com"}})
		},
		want: []CreatedPanelist{{PanelistKey: pnKey, Name: "Pat", Email: "pat@example.com", JoinLink: "https://j"}},
	}, {
		name: "#16 delete panelist", method: http.MethodDelete, path: p + "/6234567890123456781", status: 204,
		call: func(ctx context.Context, c *Client) (any, error) {
			return nil, c.DeletePanelist(ctx, orgKey, wbKey, pnKey)
		},
	}, {
		name: "#17 resend panelist invitation", method: http.MethodPost, path: p + "/6234567890123456781/resendInvitation",
		status: 204,
		call: func(ctx context.Context, c *Client) (any, error) {
			return nil, c.ResendPanelistInvitation(ctx, orgKey, wbKey, pnKey)
		},
	}})
}
