package component

import (
	"context"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// registrantDeleted is what deleteRegistrant emits.
type registrantDeleted struct {
	WebinarKey    gotowebinar.Key `json:"webinarKey"`
	RegistrantKey gotowebinar.Key `json:"registrantKey"`
	Deleted       bool            `json:"deleted"`
}

// deleteRegistrant removes a registrant of a webinar that has not ended:
// DELETE /organizers/{organizerKey}/webinars/{webinarKey}/registrants/{registrantKey}.
func (c *Component) deleteRegistrant(ctx context.Context, k *call) error {
	org, wk, err := k.webinar(ctx)
	if err != nil {
		return err
	}
	rk, err := k.key("registrantKey")
	if err != nil {
		return err
	}
	if err := k.api.DeleteRegistrant(ctx, org, wk, rk); err != nil {
		return explain(err, "delete registrant "+rk.String()+" of webinar "+wk.String())
	}
	return k.emit(ctx, registrantDeleted{WebinarKey: wk, RegistrantKey: rk, Deleted: true})
}
