package component

import (
	"context"
	"fmt"
	"strings"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// createdPanelistOut is an added panelist as emitted.
type createdPanelistOut struct {
	gotowebinar.CreatedPanelist
	WebinarKey gotowebinar.Key `json:"webinarKey"`
}

// addPanelists adds panelists ([{name, email}] in the field or body
// property panelists), which sends their invitations, and emits the created
// panelists. POST /organizers/{organizerKey}/webinars/{webinarKey}/panelists
func (c *Component) addPanelists(ctx context.Context, k *call) error {
	if err := k.only("webinarKey", "panelists", "emitBehaviour"); err != nil {
		return err
	}
	org, wk, err := k.webinar(ctx)
	if err != nil {
		return err
	}
	ps, err := panelistsInput(k)
	if err != nil {
		return err
	}
	created, err := k.api.CreatePanelists(ctx, org, wk, ps)
	if err != nil {
		return explain(err, "add panelists to webinar "+wk.String())
	}
	out := make([]createdPanelistOut, 0, len(created))
	for _, p := range created {
		out = append(out, createdPanelistOut{CreatedPanelist: p, WebinarKey: wk})
	}
	return emitList(ctx, k, out)
}

// panelistsInput reads panelists: a list of {name, email} objects, given as
// JSON or as a JSON text (the step field).
func panelistsInput(k *call) ([]gotowebinar.PanelistCreate, error) {
	items, err := objectList(k, "panelists", `[{"name": "Pat Panel", "email": "pat@example.com"}]`)
	if err != nil {
		return nil, err
	}
	var ps []gotowebinar.PanelistCreate
	for i, it := range items {
		field := fmt.Sprintf("panelists[%d]", i)
		if err := onlyProperties(field, it, "name", "email"); err != nil {
			return nil, err
		}
		name, email := textProperty(it, "name"), textProperty(it, "email")
		if name == "" {
			return nil, invalidField(field+".name", "is required: the panelist's full name")
		}
		if !strings.Contains(email, "@") {
			return nil, invalidField(field+".email", fmt.Sprintf("%q is not an email address", email))
		}
		ps = append(ps, gotowebinar.PanelistCreate{Name: name, Email: email})
	}
	return ps, nil
}
