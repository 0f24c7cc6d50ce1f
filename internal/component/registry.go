package component

import (
	"context"

	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// Registry returns the component's table: every trigger and action of
// component.json with its handler, the webinars select model of every
// function that has a webinar field, the dynamic metadata of
// createRegistrant and the credential check. The runtime cross-checks it
// against component.json at start-up.
func (c *Component) Registry() (*sailor.Registry, error) {
	functions := []struct {
		name string
		fn   func(context.Context, *call) error
		// webinarField: the function has a webinarKey field whose options
		// come from the webinars select model.
		webinarField bool
	}{
		// Registrants.
		{"createRegistrant", c.createRegistrant, true},
		{"getRegistrant", c.getRegistrant, true},
		{"listRegistrants", c.listRegistrants, true},
		{"deleteRegistrant", c.deleteRegistrant, true},
		{"newRegistrants", c.newRegistrants, true},
		// Webinars.
		{"listWebinars", c.listWebinars, false},
		{"getWebinar", c.getWebinar, true},
		{"createWebinar", c.createWebinar, false},
		{"updateWebinar", c.updateWebinar, true},
		{"cancelWebinar", c.cancelWebinar, true},
		{"getRegistrationFields", c.getRegistrationFields, true},
		{"newWebinars", c.newWebinars, false},
		{"webinarChanges", c.webinarChanges, false},
		// Sessions and attendance.
		{"listSessions", c.listSessions, true},
		{"getSessionDetails", c.getSessionDetails, true},
		{"listAttendees", c.listAttendees, true},
		{"listSessionAttendees", c.listSessionAttendees, true},
		{"getAttendeeDetails", c.getAttendeeDetails, true},
		{"newAttendees", c.newAttendees, false},
		// People.
		{"addPanelists", c.addPanelists, true},
		{"listPanelists", c.listPanelists, true},
		{"removePanelist", c.removePanelist, true},
		{"addCoorganizers", c.addCoorganizers, true},
		{"listCoorganizers", c.listCoorganizers, true},
		{"removeCoorganizer", c.removeCoorganizer, true},
	}
	r := sailor.NewRegistry()
	for _, f := range functions {
		if err := r.Handle(f.name, c.handler(f.name, f.fn)); err != nil {
			return nil, err
		}
		if f.webinarField {
			r.SelectModel(f.name, "webinars", c.webinarsModel)
		}
	}
	r.MetaModel("createRegistrant", c.createRegistrantMetaModel)
	r.VerifyCredentials(c.verifyCredentials)
	return r, nil
}
