package component

import (
	"context"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// getRegistrationFields emits a webinar's registration form: the standard
// fields (required flags, maximum lengths, fixed answers) and the custom
// questions with their answer choices, GET
// /organizers/{organizerKey}/webinars/{webinarKey}/registrants/fields.
func (c *Component) getRegistrationFields(ctx context.Context, k *call) error {
	if err := k.only("webinarKey"); err != nil {
		return err
	}
	wk, err := k.key("webinarKey")
	if err != nil {
		return err
	}
	org, err := k.organizer(ctx)
	if err != nil {
		return err
	}
	f, err := k.api.RegistrationFields(ctx, org, wk)
	if err != nil {
		return explain(err, "get the registration fields of webinar "+wk.String())
	}
	if f.Fields == nil {
		f.Fields = []gotowebinar.RegistrationField{}
	}
	if f.Questions == nil {
		f.Questions = []gotowebinar.RegistrationQuestion{}
	}
	return k.emit(ctx, map[string]any{"webinarKey": wk, "fields": f.Fields, "questions": f.Questions})
}
