package component

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// verifyCredentials checks a credential before it is saved: the token
// (refreshed when expired; the new token is stored through req.Keys), the
// user behind it (GET /admin/rest/v1/me) and, when the credential names an
// organizerKey, that this organizer's webinars can be listed. The error text
// tells the user what to fix.
func (c *Component) verifyCredentials(ctx context.Context, req *sailor.ServiceRequest) error {
	var org gotowebinar.Key
	if raw, ok := req.Config["organizerKey"]; ok && !empty(raw) {
		var err error
		if org, err = parseKey("organizerKey", raw); err != nil {
			return err
		}
	}
	ctx, k, err := c.serviceCall(ctx, "verifyCredentials", req)
	if err != nil {
		return err
	}
	if _, err := k.cred.Token(ctx); err != nil {
		return explain(err, "check the GoToWebinar authorization")
	}
	me, err := k.api.Me(ctx)
	if err != nil {
		return explain(err, "look up the GoTo user of the credential")
	}
	if org == 0 {
		return nil
	}
	return checkOrganizer(ctx, k, org, me)
}

// checkOrganizer lists one page of the organizer's webinars of the next day:
// a 403 or 404 means the organizerKey is wrong for this GoTo user.
func checkOrganizer(ctx context.Context, k *call, org gotowebinar.Key, me *gotowebinar.User) error {
	now := k.now()
	for _, err := range k.api.Webinars(ctx, org, now, now.AddDate(0, 0, 1)) {
		if err == nil {
			break
		}
		var apiErr *gotowebinar.Error
		if errors.As(err, &apiErr) && !errors.Is(err, gotowebinar.ErrInvalidToken) &&
			(apiErr.StatusCode == http.StatusForbidden || apiErr.StatusCode == http.StatusNotFound) {
			return permanent(fmt.Errorf("organizerKey: %s is not an organizer whose webinars this GoTo user may manage (the user's own organizer key is %s): correct or clear the organizerKey of the credential (%s)",
				org, me.Key, describe(apiErr)))
		}
		return explain(err, "list the webinars of organizer "+org.String())
	}
	return nil
}
