package component

import "context"

// getWebinar emits one webinar: GET /organizers/{organizerKey}/webinars/{webinarKey}.
func (c *Component) getWebinar(ctx context.Context, k *call) error {
	org, wk, err := k.webinar(ctx)
	if err != nil {
		return err
	}
	w, err := k.api.Webinar(ctx, org, wk)
	if err != nil {
		return explain(err, "get webinar "+wk.String())
	}
	return k.emit(ctx, w)
}
