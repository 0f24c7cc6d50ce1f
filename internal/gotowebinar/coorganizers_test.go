package gotowebinar

import (
	"context"
	"net/http"
	"net/url"
	"testing"
)

func TestCoorganizerEndpoints(t *testing.T) {
	t.Parallel()
	p := "/organizers/1234567890123456789/webinars/5620084814059709442/coorganizers"
	list := `[{"memberKey":"4234567890123456783","givenName":"Co","surname":"Org","email":"co@example.com","joinLink":"https://j","external":false},
		{"memberKey":"4234567890123456784","givenName":"Ext Person","email":"ext@example.com","joinLink":"https://k","external":true}]`
	want := []Coorganizer{
		{MemberKey: coKey, GivenName: "Co", Surname: "Org", Email: "co@example.com", JoinLink: "https://j"},
		{MemberKey: coKey + 1, GivenName: "Ext Person", Email: "ext@example.com", JoinLink: "https://k", External: true},
	}
	runEndpointCases(t, []endpointCase{{
		name: "#9 coorganizers", method: http.MethodGet, path: p, status: 200, resp: list,
		call: func(ctx context.Context, c *Client) (any, error) { return c.Coorganizers(ctx, orgKey, wbKey) },
		want: want,
	}, {
		name: "#10 create coorganizers", method: http.MethodPost, path: p,
		body:   `[{"external":false,"organizerKey":4234567890123456783},{"external":true,"givenName":"Ext Person","email":"ext@example.com"}]`,
		status: 201, resp: list,
		call: func(ctx context.Context, c *Client) (any, error) {
			return c.CreateCoorganizers(ctx, orgKey, wbKey, []CoorganizerCreate{
				{OrganizerKey: coKey}, {External: true, GivenName: "Ext Person", Email: "ext@example.com"},
			})
		},
		want: want,
	}, {
		name: "#11 delete coorganizer", method: http.MethodDelete, path: p + "/4234567890123456784",
		query: url.Values{"external": {"true"}}, status: 204,
		call: func(ctx context.Context, c *Client) (any, error) {
			return nil, c.DeleteCoorganizer(ctx, orgKey, wbKey, coKey+1, true)
		},
	}, {
		name: "#12 resend coorganizer invitation", method: http.MethodPost, path: p + "/4234567890123456783/resendInvitation",
		query: url.Values{"external": {"false"}}, status: 204,
		call: func(ctx context.Context, c *Client) (any, error) {
			return nil, c.ResendCoorganizerInvitation(ctx, orgKey, wbKey, coKey, false)
		},
	}})
}
