package component

import (
	"context"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// webinarRegistrant is a registrant list item with its webinar.
type webinarRegistrant struct {
	gotowebinar.Registrant
	WebinarKey     gotowebinar.Key `json:"webinarKey"`
	WebinarSubject string          `json:"webinarSubject,omitempty"`
}

// listRegistrants emits every registrant of a webinar, reading all pages
// of 200: GET /organizers/{organizerKey}/webinars/{webinarKey}/registrants.
func (c *Component) listRegistrants(ctx context.Context, k *call) error {
	org, wk, err := k.webinar(ctx)
	if err != nil {
		return err
	}
	list, err := k.api.ListRegistrants(ctx, org, wk)
	if err != nil {
		return explain(err, "list the registrants of webinar "+wk.String())
	}
	items := make([]webinarRegistrant, 0, len(list))
	for _, r := range list {
		r.RegistrationDate = r.RegistrationDate.UTC()
		items = append(items, webinarRegistrant{Registrant: r, WebinarKey: wk})
	}
	return emitList(ctx, k, items)
}
