package component

import (
	"context"
	"fmt"
)

// listSessionAttendees emits the attendees of one session.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/sessions/{sessionKey}/attendees
func (c *Component) listSessionAttendees(ctx context.Context, k *call) error {
	if err := k.only("webinarKey", "sessionKey", "emitBehaviour"); err != nil {
		return err
	}
	org, wk, sk, err := sessionKeys(ctx, k)
	if err != nil {
		return err
	}
	atts, err := k.api.SessionAttendees(ctx, org, wk, sk)
	if err != nil {
		return explain(err, fmt.Sprintf("list the attendees of session %s of webinar %s", sk, wk))
	}
	return emitList(ctx, k, attendeesOut(wk, atts))
}
