package gotowebinar

import (
	"context"
	"net/http"
)

// Panelist is a webinar panelist (schema Panelist).
type Panelist struct {
	PanelistID Key    `json:"panelistId"`
	Name       string `json:"name"`
	Email      string `json:"email"`
	JoinLink   string `json:"joinLink"`
	// FirstName and LastName are deprecated by GoTo in favour of Name.
	FirstName string `json:"firstName,omitempty"`
	LastName  string `json:"lastName,omitempty"`
}

// PanelistCreate is one panelist to add.
type PanelistCreate struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// CreatedPanelist is an added panelist.
type CreatedPanelist struct {
	PanelistKey Key    `json:"panelistKey"`
	Name        string `json:"name"`
	Email       string `json:"email"`
	JoinLink    string `json:"joinLink"`
}

func (c *Client) panelistsURL(organizerKey, webinarKey Key, rest ...any) string {
	return c.apiURL(nil, append([]any{"organizers", organizerKey, "webinars", webinarKey, "panelists"}, rest...)...)
}

// Panelists lists the panelists of a webinar.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/panelists
func (c *Client) Panelists(ctx context.Context, organizerKey, webinarKey Key) ([]Panelist, error) {
	return getJSON[[]Panelist](ctx, c, "list panelists", c.panelistsURL(organizerKey, webinarKey))
}

// CreatePanelists adds panelists and sends their invitations.
// POST /organizers/{organizerKey}/webinars/{webinarKey}/panelists
func (c *Client) CreatePanelists(ctx context.Context, organizerKey, webinarKey Key, ps []PanelistCreate) ([]CreatedPanelist, error) {
	var out []CreatedPanelist
	if err := c.do(ctx, newCall("create panelists", http.MethodPost, c.panelistsURL(organizerKey, webinarKey), ps), &out); err != nil {
		return nil, err
	}
	return out, nil
}

// DeletePanelist removes a panelist.
// DELETE /organizers/{organizerKey}/webinars/{webinarKey}/panelists/{panelistKey}
func (c *Client) DeletePanelist(ctx context.Context, organizerKey, webinarKey, panelistKey Key) error {
	return c.do(ctx, newCall("delete panelist", http.MethodDelete, c.panelistsURL(organizerKey, webinarKey, panelistKey), nil), nil)
}

// ResendPanelistInvitation mails the invitation again.
// POST /organizers/{organizerKey}/webinars/{webinarKey}/panelists/{panelistKey}/resendInvitation
func (c *Client) ResendPanelistInvitation(ctx context.Context, organizerKey, webinarKey, panelistKey Key) error {
	return c.do(ctx, newCall("resend panelist invitation", http.MethodPost, c.panelistsURL(organizerKey, webinarKey, panelistKey, "resendInvitation"), nil), nil)
}
