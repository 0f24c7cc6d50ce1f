package component

import (
	"context"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// panelistOut is a panelist as emitted: GoTo's panelistId, a 19-digit
// number, becomes panelistKey as a string, the name removePanelist takes.
type panelistOut struct {
	PanelistKey gotowebinar.Key `json:"panelistKey"`
	WebinarKey  gotowebinar.Key `json:"webinarKey"`
	Name        string          `json:"name"`
	Email       string          `json:"email"`
	JoinLink    string          `json:"joinLink"`
	FirstName   string          `json:"firstName,omitempty"`
	LastName    string          `json:"lastName,omitempty"`
}

// listPanelists emits the panelists of a webinar.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/panelists
func (c *Component) listPanelists(ctx context.Context, k *call) error {
	if err := k.only("webinarKey", "emitBehaviour"); err != nil {
		return err
	}
	org, wk, err := k.webinar(ctx)
	if err != nil {
		return err
	}
	ps, err := k.api.Panelists(ctx, org, wk)
	if err != nil {
		return explain(err, "list the panelists of webinar "+wk.String())
	}
	out := make([]panelistOut, 0, len(ps))
	for _, p := range ps {
		out = append(out, panelistOut{PanelistKey: p.PanelistID, WebinarKey: wk, Name: p.Name, Email: p.Email,
			JoinLink: p.JoinLink, FirstName: p.FirstName, LastName: p.LastName})
	}
	return emitList(ctx, k, out)
}
