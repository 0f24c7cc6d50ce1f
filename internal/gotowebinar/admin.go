package gotowebinar

import (
	"context"
	"encoding/json"
)

// User is the authenticated GoTo user as the admin API reports it. Key is the
// organizerKey to use in webinar paths; the current token response no longer carries it.
type User struct {
	Key        Key           `json:"key"`
	AccountKey Key           `json:"accountKey"`
	Email      string        `json:"email"`
	FirstName  string        `json:"firstName"`
	LastName   string        `json:"lastName"`
	Locale     string        `json:"locale"`
	TimeZone   string        `json:"timeZone"`
	Accounts   []UserAccount `json:"accounts"`
	// CreateTime is kept raw: its format is not documented.
	CreateTime json.RawMessage `json:"createTime,omitempty"`
}

// UserAccount is one account the user belongs to.
type UserAccount struct {
	Key  Key    `json:"key"`
	Name string `json:"name"`
}

// Me returns the user owning the token.
// GET /admin/rest/v1/me
func (c *Client) Me(ctx context.Context) (*User, error) {
	return getObject[User](ctx, c, "get me", c.buildURL(adminPath, nil, "me"))
}
