package component

import "context"

// listCoorganizers emits the co-organizers of a webinar (GoTo leaves out
// its creator). GET /organizers/{organizerKey}/webinars/{webinarKey}/coorganizers
func (c *Component) listCoorganizers(ctx context.Context, k *call) error {
	if err := k.only("webinarKey", "emitBehaviour"); err != nil {
		return err
	}
	org, wk, err := k.webinar(ctx)
	if err != nil {
		return err
	}
	cs, err := k.api.Coorganizers(ctx, org, wk)
	if err != nil {
		return explain(err, "list the co-organizers of webinar "+wk.String())
	}
	return emitList(ctx, k, coorganizersOut(wk, cs))
}
