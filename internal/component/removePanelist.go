package component

import (
	"context"
	"fmt"
)

// removePanelist removes a panelist from a webinar and emits {webinarKey,
// panelistKey, removed: true}.
// DELETE /organizers/{organizerKey}/webinars/{webinarKey}/panelists/{panelistKey}
func (c *Component) removePanelist(ctx context.Context, k *call) error {
	if err := k.only("webinarKey", "panelistKey"); err != nil {
		return err
	}
	org, wk, err := k.webinar(ctx)
	if err != nil {
		return err
	}
	pk, err := k.key("panelistKey")
	if err != nil {
		return err
	}
	if err := k.api.DeletePanelist(ctx, org, wk, pk); err != nil {
		return explain(err, fmt.Sprintf("remove panelist %s from webinar %s", pk, wk))
	}
	return k.emit(ctx, map[string]any{"webinarKey": wk, "panelistKey": pk, "removed": true})
}
