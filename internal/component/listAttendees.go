package component

import (
	"context"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// attendeeOut is one attendance of one session, with its webinar.
type attendeeOut struct {
	gotowebinar.Attendee
	WebinarKey gotowebinar.Key `json:"webinarKey"`
}

// listAttendees emits the attendees of every session of a webinar, all
// pages: someone who attended three sessions appears three times, once per
// sessionKey. GET /organizers/{organizerKey}/webinars/{webinarKey}/attendees
func (c *Component) listAttendees(ctx context.Context, k *call) error {
	if err := k.only("webinarKey", "emitBehaviour"); err != nil {
		return err
	}
	org, wk, err := k.webinar(ctx)
	if err != nil {
		return err
	}
	atts, err := k.api.ListWebinarAttendees(ctx, org, wk)
	if err != nil {
		return explain(err, "list the attendees of webinar "+wk.String())
	}
	return emitList(ctx, k, attendeesOut(wk, atts))
}

func attendeesOut(wk gotowebinar.Key, atts []gotowebinar.Attendee) []attendeeOut {
	out := make([]attendeeOut, 0, len(atts))
	for _, a := range atts {
		a.Attendance = nonNil(a.Attendance)
		out = append(out, attendeeOut{Attendee: a, WebinarKey: wk})
	}
	return out
}
