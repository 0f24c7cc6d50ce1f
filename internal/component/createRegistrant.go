package component

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/elasticio/gotowebinar-component/internal/gotowebinar"
)

// registrantOptionalFields are the RegistrantFields of the API besides
// firstName, lastName and email, in the order of the API's schema.
var registrantOptionalFields = []string{
	"address", "city", "state", "zipCode", "country", "phone", "industry", "organization",
	"jobTitle", "purchasingTimeFrame", "purchasingRole", "numberOfEmployees",
	"questionsAndComments", "source",
}

// registrantRoleAlias is the v1 name of purchasingRole, still accepted as
// input and sent to the API under its v2 name.
const registrantRoleAlias = "roleInPurchaseProcess"

// registrantControlProps are the body properties of createRegistrant that
// are not registrant fields.
var registrantControlProps = []string{"webinarKey", "responses", "questions", "resendConfirmation"}

// registrantUpsert is what createRegistrant emits.
type registrantUpsert struct {
	RegistrantKey     gotowebinar.Key `json:"registrantKey"`
	JoinURL           string          `json:"joinUrl"`
	Status            string          `json:"status,omitempty"`
	Email             string          `json:"email"`
	WebinarKey        gotowebinar.Key `json:"webinarKey"`
	AlreadyRegistered bool            `json:"alreadyRegistered"`
}

// createRegistrant registers a person for a webinar, or finds the existing
// registration of the same email: POST .../webinars/{webinarKey}/registrants,
// a 409 being a success with alreadyRegistered true.
func (c *Component) createRegistrant(ctx context.Context, k *call) error {
	org, wk, err := k.webinar(ctx)
	if err != nil {
		return err
	}
	fields, err := registrantFieldsOf(k.body)
	if err != nil {
		return err
	}
	form, err := k.api.RegistrationFields(ctx, org, wk)
	if err != nil {
		return explain(err, "get the registration form of webinar "+wk.String())
	}
	reg, err := registrantRequest(fields, k.body, form)
	if err != nil {
		return err
	}
	out, err := k.upsertRegistrant(ctx, org, wk, reg)
	if err != nil {
		return err
	}
	return k.emit(ctx, out)
}

// upsertRegistrant creates the registrant; a duplicate email resolves to
// the existing registration.
func (k *call) upsertRegistrant(ctx context.Context, org, wk gotowebinar.Key, reg gotowebinar.RegistrantCreate) (*registrantUpsert, error) {
	created, err := k.api.CreateRegistrant(ctx, org, wk, reg, k.flag("resendConfirmation"))
	if err == nil {
		return k.registrantSummary(ctx, org, wk, *created, reg.Email, false), nil
	}
	var apiErr *gotowebinar.Error
	if !errors.As(err, &apiErr) || !errors.Is(err, gotowebinar.ErrConflict) {
		return nil, explain(err, "create registrant "+reg.Email+" of webinar "+wk.String())
	}
	if existing, ok := apiErr.ExistingRegistrant(); ok {
		return k.registrantSummary(ctx, org, wk, existing, reg.Email, true), nil
	}
	return k.registrantByEmail(ctx, org, wk, reg.Email, apiErr)
}

// registrantSummary completes a created or existing registration with its
// status and stored email. The registration has happened: a failure to
// read it back only leaves the status out.
func (k *call) registrantSummary(ctx context.Context, org, wk gotowebinar.Key, r gotowebinar.RegistrantCreated, email string, already bool) *registrantUpsert {
	out := &registrantUpsert{RegistrantKey: r.RegistrantKey, JoinURL: r.JoinURL, Email: email, WebinarKey: wk, AlreadyRegistered: already}
	d, err := k.api.Registrant(ctx, org, wk, r.RegistrantKey)
	if err != nil {
		k.log.WithError(err).Warn("the registrant's status could not be read back; emitting without it")
		return out
	}
	out.Status, out.Email = d.Status, d.Email
	if out.JoinURL == "" {
		out.JoinURL = d.JoinURL
	}
	return out
}

// registrantByEmail finds the registration a 409 without a registrantKey
// refers to, by listing the webinar's registrants.
func (k *call) registrantByEmail(ctx context.Context, org, wk gotowebinar.Key, email string, conflict *gotowebinar.Error) (*registrantUpsert, error) {
	for r, err := range k.api.Registrants(ctx, org, wk) {
		if err != nil {
			return nil, explain(err, "find the existing registrant "+email+" of webinar "+wk.String())
		}
		if strings.EqualFold(strings.TrimSpace(r.Email), email) {
			return &registrantUpsert{RegistrantKey: r.RegistrantKey, JoinURL: r.JoinURL, Status: r.Status,
				Email: r.Email, WebinarKey: wk, AlreadyRegistered: true}, nil
		}
	}
	return nil, permanent(fmt.Errorf("create registrant %s of webinar %s: GoToWebinar answered %s, but no registrant of the webinar has this email",
		email, wk, describe(conflict)))
}

// registrantFieldsOf reads the registrant fields of the body as text and
// refuses properties the API cannot take.
func registrantFieldsOf(body map[string]any) (map[string]string, error) {
	fields := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(body)) {
		if slices.Contains(registrantControlProps, name) {
			continue
		}
		if !isRegistrantField(name) {
			return nil, invalidField(name, "is not a registrant field GoToWebinar accepts; use firstName, lastName, email, "+
				strings.Join(registrantOptionalFields, ", ")+", questions, responses or resendConfirmation")
		}
		s, err := textValue(name, body[name])
		if err != nil {
			return nil, err
		}
		if name == registrantRoleAlias {
			name = "purchasingRole"
			if other := fields[name]; other != "" && s != "" && other != s {
				return nil, invalidField(registrantRoleAlias, "and purchasingRole differ; send one of them")
			}
		}
		if s != "" {
			fields[name] = s
		}
	}
	for _, name := range []string{"firstName", "lastName", "email"} {
		if fields[name] == "" {
			return nil, invalidField(name, "is required: GoToWebinar registers no one without a first name, last name and email")
		}
	}
	return fields, nil
}

func isRegistrantField(name string) bool {
	switch name {
	case "firstName", "lastName", "email", registrantRoleAlias:
		return true
	}
	return slices.Contains(registrantOptionalFields, name)
}

// textValue reads a field that GoToWebinar takes as text: a string, or a
// number written as given.
func textValue(name string, v any) (string, error) {
	switch x := v.(type) {
	case nil:
		return "", nil
	case string:
		return strings.TrimSpace(x), nil
	case json.Number:
		return x.String(), nil
	case float64:
		return fmt.Sprint(x), nil
	}
	return "", invalidField(name, fmt.Sprintf("must be text, not %T", v))
}

// registrantRequest checks the fields against the webinar's registration
// form and builds the API request with the custom question answers.
func registrantRequest(fields map[string]string, body map[string]any, form *gotowebinar.RegistrationFields) (gotowebinar.RegistrantCreate, error) {
	var reg gotowebinar.RegistrantCreate
	if err := checkFormFields(fields, form.Fields); err != nil {
		return reg, err
	}
	raw, err := json.Marshal(fields)
	if err != nil {
		return reg, err
	}
	if err := json.Unmarshal(raw, &reg); err != nil {
		return reg, err
	}
	reg.Responses, err = questionAnswers(body, form.Questions)
	return reg, err
}

// checkFormFields applies the form's required flags, sizes and fixed
// choices (matched regardless of case), so the user learns every rule
// before GoToWebinar refuses the registration.
func checkFormFields(fields map[string]string, form []gotowebinar.RegistrationField) error {
	for _, f := range form {
		v := fields[f.Field]
		switch {
		case v == "" && f.Required:
			return invalidField(f.Field, "is required by the webinar's registration form")
		case f.MaxSize > 0 && utf8.RuneCountInString(v) > f.MaxSize:
			return invalidField(f.Field, fmt.Sprintf("is longer than the %d characters the registration form allows", f.MaxSize))
		case v != "" && len(f.Answers) > 0:
			i := slices.IndexFunc(f.Answers, func(a string) bool { return strings.EqualFold(a, v) })
			if i < 0 {
				return invalidField(f.Field, fmt.Sprintf("%q is not one of the registration form's choices: %s", v, strings.Join(f.Answers, ", ")))
			}
			fields[f.Field] = f.Answers[i]
		}
	}
	return nil
}
