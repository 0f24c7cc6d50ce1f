package component

import (
	"context"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// cancelWebinar cancels a webinar (DELETE
// /organizers/{organizerKey}/webinars/{webinarKey}), optionally e-mailing
// its registrants, and emits {webinarKey, cancelled: true}. For a session
// of a series, deleteAll false cancels that session only (GoTo's default:
// every session).
func (c *Component) cancelWebinar(ctx context.Context, k *call) error {
	if err := k.only("webinarKey", "sendCancellationEmails", "deleteAll"); err != nil {
		return err
	}
	wk, err := k.key("webinarKey")
	if err != nil {
		return err
	}
	all, err := optionalBool(k, "deleteAll")
	if err != nil {
		return err
	}
	notify, err := strictFlag(k, "sendCancellationEmails")
	if err != nil {
		return err
	}
	org, err := k.organizer(ctx)
	if err != nil {
		return err
	}
	opts := gotowebinar.CancelOptions{SendCancellationEmails: notify, DeleteAll: all}
	if err := k.api.CancelWebinar(ctx, org, wk, opts); err != nil {
		return explain(err, "cancel webinar "+wk.String())
	}
	return k.emit(ctx, map[string]any{
		"webinarKey": wk, "cancelled": true, "sendCancellationEmails": opts.SendCancellationEmails,
	})
}
