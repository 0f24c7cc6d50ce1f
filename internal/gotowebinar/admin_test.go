package gotowebinar

import (
	"context"
	"net/http"
	"testing"
)

func TestMe(t *testing.T) {
	t.Parallel()
	runEndpointCases(t, []endpointCase{{
		name: "admin me", method: http.MethodGet, path: "/admin/rest/v1/me", status: 200,
		resp: `{"key":"1234567890123456789","accountKey":8876543210987654321,"email":"o@example.com",
			"firstName":"Org","lastName":"Anizer","locale":"en_US","timeZone":"Europe/Berlin","createTime":1700000000000,
			"accounts":[{"key":"8876543210987654321","name":"ACME"}]}`,
		call: func(ctx context.Context, c *Client) (any, error) { return c.Me(ctx) },
		want: &User{Key: orgKey, AccountKey: accKey, Email: "o@example.com", FirstName: "Org", LastName: "Anizer",
			Locale: "en_US", TimeZone: "Europe/Berlin", CreateTime: []byte("1700000000000"),
			Accounts: []UserAccount{{Key: accKey, Name: "ACME"}}},
	}})
}
