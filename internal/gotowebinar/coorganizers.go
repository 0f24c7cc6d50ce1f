package gotowebinar

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// Coorganizer is a webinar co-organizer (schema Coorganizer); Surname is absent for
// external ones.
type Coorganizer struct {
	MemberKey Key    `json:"memberKey"`
	GivenName string `json:"givenName"`
	Surname   string `json:"surname,omitempty"`
	Email     string `json:"email"`
	JoinLink  string `json:"joinLink"`
	External  bool   `json:"external"`
}

// CoorganizerCreate adds one co-organizer: internal ones by OrganizerKey, external
// ones by GivenName (the full name) and Email.
type CoorganizerCreate struct {
	External     bool   `json:"external"`
	OrganizerKey Key    `json:"organizerKey,omitempty"`
	GivenName    string `json:"givenName,omitempty"`
	Email        string `json:"email,omitempty"`
}

func (c *Client) coorganizersURL(q url.Values, organizerKey, webinarKey Key, rest ...any) string {
	return c.apiURL(q, append([]any{"organizers", organizerKey, "webinars", webinarKey, "coorganizers"}, rest...)...)
}

// Coorganizers lists the co-organizers of a webinar, without its creator.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/coorganizers
func (c *Client) Coorganizers(ctx context.Context, organizerKey, webinarKey Key) ([]Coorganizer, error) {
	return getJSON[[]Coorganizer](ctx, c, "list coorganizers", c.coorganizersURL(nil, organizerKey, webinarKey))
}

// CreateCoorganizers adds co-organizers.
// POST /organizers/{organizerKey}/webinars/{webinarKey}/coorganizers
func (c *Client) CreateCoorganizers(ctx context.Context, organizerKey, webinarKey Key, cs []CoorganizerCreate) ([]Coorganizer, error) {
	var out []Coorganizer
	if err := c.do(ctx, newCall("create coorganizers", http.MethodPost, c.coorganizersURL(nil, organizerKey, webinarKey), cs), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteCoorganizer removes a co-organizer; external must be true for external ones.
// DELETE /organizers/{organizerKey}/webinars/{webinarKey}/coorganizers/{coorganizerKey}
func (c *Client) DeleteCoorganizer(ctx context.Context, organizerKey, webinarKey, coorganizerKey Key, external bool) error {
	q := url.Values{"external": {strconv.FormatBool(external)}}
	return c.do(ctx, newCall("delete coorganizer", http.MethodDelete, c.coorganizersURL(q, organizerKey, webinarKey, coorganizerKey), nil), nil)
}

// ResendCoorganizerInvitation mails the invitation again.
// POST /organizers/{organizerKey}/webinars/{webinarKey}/coorganizers/{coorganizerKey}/resendInvitation
func (c *Client) ResendCoorganizerInvitation(ctx context.Context, organizerKey, webinarKey, coorganizerKey Key, external bool) error {
	q := url.Values{"external": {strconv.FormatBool(external)}}
	return c.do(ctx, newCall("resend coorganizer invitation", http.MethodPost, c.coorganizersURL(q, organizerKey, webinarKey, coorganizerKey, "resendInvitation"), nil), nil)
}
