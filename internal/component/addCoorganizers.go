package component

import (
	"context"
	"fmt"
	"strings"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// coorganizerOut is a co-organizer as emitted: memberKey is also given as
// coorganizerKey, the name removeCoorganizer takes.
type coorganizerOut struct {
	gotowebinar.Coorganizer
	CoorganizerKey gotowebinar.Key `json:"coorganizerKey"`
	WebinarKey     gotowebinar.Key `json:"webinarKey"`
}

func coorganizersOut(wk gotowebinar.Key, cs []gotowebinar.Coorganizer) []coorganizerOut {
	out := make([]coorganizerOut, 0, len(cs))
	for _, co := range cs {
		out = append(out, coorganizerOut{Coorganizer: co, CoorganizerKey: co.MemberKey, WebinarKey: wk})
	}
	return out
}

const coorganizersExample = `[{"external": true, "givenName": "Eve", "surname": "External", "email": "eve@example.org"}, {"external": false, "organizerKey": "1234567890123456789"}]`

// addCoorganizers adds co-organizers (field or body property coorganizers)
// and emits the created ones: external ones by givenName, surname and
// email; internal ones (organizers of the same account) by organizerKey.
// POST /organizers/{organizerKey}/webinars/{webinarKey}/coorganizers
func (c *Component) addCoorganizers(ctx context.Context, k *call) error {
	if err := k.only("webinarKey", "coorganizers", "emitBehaviour"); err != nil {
		return err
	}
	org, wk, err := k.webinar(ctx)
	if err != nil {
		return err
	}
	items, err := objectList(k, "coorganizers", coorganizersExample)
	if err != nil {
		return err
	}
	var cs []gotowebinar.CoorganizerCreate
	for i, it := range items {
		co, err := coorganizerInput(fmt.Sprintf("coorganizers[%d]", i), it)
		if err != nil {
			return err
		}
		cs = append(cs, co)
	}
	created, err := k.api.CreateCoorganizers(ctx, org, wk, cs)
	if err != nil {
		return explain(err, "add co-organizers to webinar "+wk.String())
	}
	return emitList(ctx, k, coorganizersOut(wk, created))
}

// coorganizerInput checks one co-organizer. external defaults to true
// unless organizerKey is given.
func coorganizerInput(field string, it map[string]any) (gotowebinar.CoorganizerCreate, error) {
	if err := onlyProperties(field, it, "external", "givenName", "surname", "email", "organizerKey"); err != nil {
		return gotowebinar.CoorganizerCreate{}, err
	}
	_, hasOrg := it["organizerKey"]
	external := !hasOrg
	if v, ok := it["external"]; ok && v != nil {
		b, isBool := parseBool(v)
		if !isBool {
			return gotowebinar.CoorganizerCreate{}, invalidField(field+".external", fmt.Sprintf("must be true or false, not %v", v))
		}
		external = b
	}
	if !external {
		return internalCoorganizer(field, it)
	}
	if hasOrg {
		return gotowebinar.CoorganizerCreate{}, invalidField(field+".organizerKey",
			"is for internal co-organizers only: remove it, or set external to false and remove givenName, surname and email")
	}
	name := strings.TrimSpace(textProperty(it, "givenName") + " " + textProperty(it, "surname"))
	email := textProperty(it, "email")
	if name == "" {
		return gotowebinar.CoorganizerCreate{}, invalidField(field+".givenName", "is required for an external co-organizer")
	}
	if !strings.Contains(email, "@") {
		return gotowebinar.CoorganizerCreate{}, invalidField(field+".email", fmt.Sprintf("%q is not an email address", email))
	}
	// GoTo takes an external co-organizer's full name in givenName.
	return gotowebinar.CoorganizerCreate{External: true, GivenName: name, Email: email}, nil
}

func internalCoorganizer(field string, it map[string]any) (gotowebinar.CoorganizerCreate, error) {
	for _, name := range []string{"givenName", "surname", "email"} {
		if textProperty(it, name) != "" {
			return gotowebinar.CoorganizerCreate{}, invalidField(field+"."+name,
				"GoToWebinar takes an internal co-organizer by organizerKey only: remove "+name+", or set external to true")
		}
	}
	v, ok := it["organizerKey"]
	if !ok || empty(v) {
		return gotowebinar.CoorganizerCreate{}, invalidField(field+".organizerKey", "is required for an internal co-organizer (external: false)")
	}
	key, err := parseKey(field+".organizerKey", v)
	if err != nil {
		return gotowebinar.CoorganizerCreate{}, err
	}
	return gotowebinar.CoorganizerCreate{External: false, OrganizerKey: key}, nil
}
