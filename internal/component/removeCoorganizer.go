package component

import (
	"context"
	"fmt"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// removeCoorganizer removes a co-organizer from a webinar and emits
// {webinarKey, coorganizerKey, external, removed: true}. GoTo needs to know
// whether the co-organizer is external; when the external flag is not
// given, it is read from the webinar's co-organizers.
// DELETE /organizers/{organizerKey}/webinars/{webinarKey}/coorganizers/{coorganizerKey}
func (c *Component) removeCoorganizer(ctx context.Context, k *call) error {
	if err := k.only("webinarKey", "coorganizerKey", "external"); err != nil {
		return err
	}
	org, wk, err := k.webinar(ctx)
	if err != nil {
		return err
	}
	ck, err := k.key("coorganizerKey")
	if err != nil {
		return err
	}
	external, err := coorganizerExternal(ctx, k, org, wk, ck)
	if err != nil {
		return err
	}
	if err := k.api.DeleteCoorganizer(ctx, org, wk, ck, external); err != nil {
		return explain(err, fmt.Sprintf("remove co-organizer %s (external: %t) from webinar %s", ck, external, wk))
	}
	return k.emit(ctx, map[string]any{"webinarKey": wk, "coorganizerKey": ck, "external": external, "removed": true})
}

// coorganizerExternal is the external flag as given, else as listed.
func coorganizerExternal(ctx context.Context, k *call, org, wk, ck gotowebinar.Key) (bool, error) {
	if v, ok := k.value("external"); ok {
		b, isBool := parseBool(v)
		if !isBool {
			return false, invalidField("external", fmt.Sprintf("must be true or false, not %v", v))
		}
		return b, nil
	}
	cs, err := k.api.Coorganizers(ctx, org, wk)
	if err != nil {
		return false, explain(err, "list the co-organizers of webinar "+wk.String())
	}
	for _, co := range cs {
		if co.MemberKey == ck {
			return co.External, nil
		}
	}
	return false, permanent(fmt.Errorf("remove co-organizer %s from webinar %s: not found: the webinar has no co-organizer with this key", ck, wk))
}
