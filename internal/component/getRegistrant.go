package component

import (
	"context"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// registrantDetailsOut is what getRegistrant emits: the registrant and its
// webinar's key.
type registrantDetailsOut struct {
	*gotowebinar.RegistrantDetails
	WebinarKey gotowebinar.Key `json:"webinarKey"`
}

// getRegistrant emits one registrant with every registration field and the
// answers to the custom questions (as question/answer text pairs):
// GET /organizers/{organizerKey}/webinars/{webinarKey}/registrants/{registrantKey}.
func (c *Component) getRegistrant(ctx context.Context, k *call) error {
	org, wk, err := k.webinar(ctx)
	if err != nil {
		return err
	}
	rk, err := k.key("registrantKey")
	if err != nil {
		return err
	}
	r, err := k.api.Registrant(ctx, org, wk, rk)
	if err != nil {
		return explain(err, "get registrant "+rk.String()+" of webinar "+wk.String())
	}
	r.RegistrationDate = r.RegistrationDate.UTC()
	return k.emit(ctx, registrantDetailsOut{RegistrantDetails: r, WebinarKey: wk})
}
