package component

import (
	"context"
	"reflect"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// updateWebinarInputs are the properties updateWebinar takes (schema
// WebinarReqUpdate, the key, the notification flag and the startTime/endTime
// shortcut for one session).
var updateWebinarInputs = []string{
	"webinarKey", "subject", "description", "times", "startTime", "endTime", "timeZone", "locale",
	"emailSettings", "notifyParticipants",
}

// updateWebinar changes the given properties of a webinar (PUT
// /organizers/{organizerKey}/webinars/{webinarKey}?notifyParticipants=...)
// and emits the webinar as it is afterwards. times replaces the whole
// schedule.
func (c *Component) updateWebinar(ctx context.Context, k *call) error {
	if err := k.only(updateWebinarInputs...); err != nil {
		return err
	}
	wk, err := k.key("webinarKey")
	if err != nil {
		return err
	}
	u, err := webinarUpdateInput(k)
	if err != nil {
		return err
	}
	notify, err := strictFlag(k, "notifyParticipants")
	if err != nil {
		return err
	}
	org, err := k.organizer(ctx)
	if err != nil {
		return err
	}
	if err := k.api.UpdateWebinar(ctx, org, wk, *u, notify); err != nil {
		return explain(err, "update webinar "+wk.String())
	}
	return emitWebinarAfterWrite(ctx, k, org, wk, nil)
}

// webinarUpdateInput builds the partial update; at least one property.
func webinarUpdateInput(k *call) (*gotowebinar.WebinarUpdate, error) {
	u := &gotowebinar.WebinarUpdate{
		Subject: k.str("subject"), Description: k.str("description"), TimeZone: k.str("timeZone"),
	}
	var err error
	if u.Locale, err = oneOf(k, "locale", webinarLocales...); err != nil {
		return nil, err
	}
	if u.Times, err = webinarTimes(k); err != nil {
		return nil, err
	}
	if u.EmailSettings, err = emailSettings(k); err != nil {
		return nil, err
	}
	if reflect.ValueOf(*u).IsZero() {
		return nil, invalidField("subject, description, times, timeZone, locale or emailSettings",
			"nothing to update: set at least one of them")
	}
	return u, nil
}
