package component

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
	"github.com/elasticio/gotowebinar-component/internal/sailor"
)

// registrantFieldTitles label the registrant fields in the mapper.
var registrantFieldTitles = map[string]string{
	"firstName": "First name", "lastName": "Last name", "email": "Email",
	"address": "Address", "city": "City", "state": "State (US)", "zipCode": "ZIP code",
	"country": "Country", "phone": "Phone", "industry": "Industry", "organization": "Organization",
	"jobTitle": "Job title", "purchasingTimeFrame": "Purchasing time frame",
	"purchasingRole": "Role in purchase process", "numberOfEmployees": "Number of employees",
	"questionsAndComments": "Questions and comments", "source": "Source",
}

// createRegistrantMetaModel builds the in-metadata of createRegistrant from
// the registration form of the step's webinar: its standard fields with
// their required flags, sizes and choices, and one property per custom
// question under `questions`. Without a webinar in the step it returns the
// static schema of component.json.
func (c *Component) createRegistrantMetaModel(ctx context.Context, req *sailor.ServiceRequest) (*sailor.MetaModel, error) {
	ctx, k, err := c.serviceCall(ctx, "createRegistrant", req)
	if err != nil {
		return nil, err
	}
	var form *gotowebinar.RegistrationFields
	if wk, err := k.optionalKey("webinarKey"); err != nil {
		return nil, err
	} else if wk != 0 {
		org, err := k.organizer(ctx)
		if err != nil {
			return nil, err
		}
		if form, err = k.api.RegistrationFields(ctx, org, wk); err != nil {
			return nil, explain(err, "get the registration form of webinar "+wk.String())
		}
	}
	in, err := json.Marshal(registrantInSchema(form))
	if err != nil {
		return nil, err
	}
	out, err := json.Marshal(registrantUpsertSchema())
	if err != nil {
		return nil, err
	}
	return &sailor.MetaModel{In: in, Out: out}, nil
}

// registrantInSchema is the in-metadata of createRegistrant: static when
// form is nil, else shaped by the webinar's registration form.
func registrantInSchema(form *gotowebinar.RegistrationFields) map[string]any {
	props := map[string]any{
		"webinarKey": map[string]any{"title": "Webinar key", "type": []string{"string", "number"},
			"description": "Wins over the step's webinar."},
		"responses": responsesSchema(),
		"resendConfirmation": map[string]any{"title": "Resend confirmation email", "type": "boolean",
			"description": "Send the confirmation email again when the email is already registered."},
	}
	required := []string{"firstName", "lastName", "email"}
	for _, name := range required {
		props[name] = map[string]any{"title": registrantFieldTitles[name], "type": "string"}
	}
	if form == nil {
		for _, name := range registrantOptionalFields {
			props[name] = map[string]any{"title": registrantFieldTitles[name], "type": "string"}
		}
		props[registrantRoleAlias] = map[string]any{"title": "Role in purchase process (v1 name of purchasingRole)", "type": "string"}
		props["questions"] = map[string]any{"title": "Custom question answers", "type": "object",
			"description":          "questionKey (or question text) -> answer text; for a multiple-choice question the text or answerKey of the choice.",
			"additionalProperties": map[string]any{"type": []string{"string", "number"}}}
		return map[string]any{"type": "object", "properties": props, "required": required}
	}
	for _, f := range form.Fields {
		props[f.Field] = formFieldSchema(f)
		if f.Required && !slices.Contains(required, f.Field) {
			required = append(required, f.Field)
		}
	}
	props["questions"] = questionsSchema(form.Questions)
	return map[string]any{"type": "object", "properties": props, "required": required}
}

// formFieldSchema describes a standard field of the registration form.
func formFieldSchema(f gotowebinar.RegistrationField) map[string]any {
	title := registrantFieldTitles[f.Field]
	if title == "" {
		title = f.Field
	}
	p := map[string]any{"title": title, "type": "string"}
	if f.MaxSize > 0 {
		p["maxLength"] = f.MaxSize
	}
	if len(f.Answers) > 0 {
		p["enum"] = f.Answers
	}
	return p
}

// questionsSchema has one property per custom question, named by its
// questionKey and titled by its text.
func questionsSchema(qs []gotowebinar.RegistrationQuestion) map[string]any {
	props := map[string]any{}
	required := []string{}
	for _, q := range qs {
		p := map[string]any{"title": q.Question, "type": "string"}
		if q.MaxSize > 0 {
			p["maxLength"] = q.MaxSize
		}
		if q.Type == multipleChoice {
			var texts []string
			for _, a := range q.Answers {
				texts = append(texts, a.Answer)
			}
			p["enum"] = texts
		}
		props[q.QuestionKey.String()] = p
		if q.Required {
			required = append(required, q.QuestionKey.String())
		}
	}
	s := map[string]any{"title": "Custom questions", "type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func responsesSchema() map[string]any {
	return map[string]any{
		"title": "Custom question answers by key", "type": "array",
		"items": map[string]any{"type": "object", "required": []string{"questionKey"}, "properties": map[string]any{
			"questionKey":  map[string]any{"title": "Question key", "type": []string{"string", "number"}},
			"responseText": map[string]any{"title": "Answer text (short answer, or the text of a choice)", "type": "string"},
			"answerKey":    map[string]any{"title": "Answer key (multiple choice)", "type": []string{"string", "number"}},
		}},
	}
}

// registrantUpsertSchema is the out-metadata of createRegistrant.
func registrantUpsertSchema() map[string]any {
	return map[string]any{"type": "object", "required": []string{"registrantKey", "joinUrl", "email", "webinarKey", "alreadyRegistered"},
		"properties": map[string]any{
			"registrantKey":     map[string]any{"title": "Registrant key", "type": "string", "pattern": "^[0-9]+$"},
			"joinUrl":           map[string]any{"title": "Join URL", "type": "string"},
			"status":            map[string]any{"title": "Status", "type": "string", "enum": []string{"APPROVED", "DENIED", "WAITING"}},
			"email":             map[string]any{"title": "Email", "type": "string"},
			"webinarKey":        map[string]any{"title": "Webinar key", "type": "string", "pattern": "^[0-9]+$"},
			"alreadyRegistered": map[string]any{"title": "Already registered", "type": "boolean"},
		}}
}
