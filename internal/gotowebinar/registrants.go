package gotowebinar

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// RegistrantCreate is the body of a registration (schema RegistrantFields).
// FirstName, LastName and Email are required, and so are the answers to every custom
// question marked required in RegistrationFields.
type RegistrantCreate struct {
	FirstName            string               `json:"firstName"`
	LastName             string               `json:"lastName"`
	Email                string               `json:"email"`
	Source               string               `json:"source,omitempty"`
	Address              string               `json:"address,omitempty"`
	City                 string               `json:"city,omitempty"`
	State                string               `json:"state,omitempty"`
	ZipCode              string               `json:"zipCode,omitempty"`
	Country              string               `json:"country,omitempty"`
	Phone                string               `json:"phone,omitempty"`
	Organization         string               `json:"organization,omitempty"`
	JobTitle             string               `json:"jobTitle,omitempty"`
	QuestionsAndComments string               `json:"questionsAndComments,omitempty"`
	Industry             string               `json:"industry,omitempty"`
	NumberOfEmployees    string               `json:"numberOfEmployees,omitempty"`
	PurchasingTimeFrame  string               `json:"purchasingTimeFrame,omitempty"`
	PurchasingRole       string               `json:"purchasingRole,omitempty"`
	Responses            []RegistrantResponse `json:"responses,omitempty"`
}

// RegistrantResponse answers one custom question: free text in ResponseText,
// a multiple-choice pick in AnswerKey.
type RegistrantResponse struct {
	QuestionKey  Key    `json:"questionKey"`
	ResponseText string `json:"responseText,omitempty"`
	AnswerKey    Key    `json:"answerKey,omitempty"`
}

// RegistrantCreated is the answer to a registration, and what a 409 carries for an
// already registered email (see Error.ExistingRegistrant).
type RegistrantCreated struct {
	RegistrantKey Key    `json:"registrantKey"`
	JoinURL       string `json:"joinUrl"`
}

// Registrant is a list item (schema Registrant); fetch Registrant details for the
// extra registration fields.
type Registrant struct {
	RegistrantKey    Key       `json:"registrantKey"`
	FirstName        string    `json:"firstName"`
	LastName         string    `json:"lastName"`
	Email            string    `json:"email"`
	RegistrationDate time.Time `json:"registrationDate"`
	// Status is APPROVED, DENIED or WAITING.
	Status   string `json:"status"`
	JoinURL  string `json:"joinUrl"`
	TimeZone string `json:"timeZone"`
}

// RegistrantDetails is one registrant with every field (schema RegistrantDetailed).
type RegistrantDetails struct {
	Registrant
	Source                  string `json:"source"`
	Phone                   string `json:"phone"`
	State                   string `json:"state"`
	City                    string `json:"city"`
	Organization            string `json:"organization"`
	ZipCode                 string `json:"zipCode"`
	NumberOfEmployees       string `json:"numberOfEmployees"`
	Industry                string `json:"industry"`
	JobTitle                string `json:"jobTitle"`
	PurchasingRole          string `json:"purchasingRole"`
	ImplementationTimeFrame string `json:"implementationTimeFrame"`
	PurchasingTimeFrame     string `json:"purchasingTimeFrame"`
	QuestionsAndComments    string `json:"questionsAndComments"`
	EmployeeCount           string `json:"employeeCount"`
	Country                 string `json:"country"`
	Address                 string `json:"address"`
	// Type is LATE or REGULAR; absent for series.
	Type         string `json:"type"`
	Unsubscribed bool   `json:"unsubscribed"`
	// Responses are read back as text pairs, unlike the key-based write format.
	Responses []RegistrantAnswer `json:"responses"`
}

// RegistrantAnswer is a custom question and its answer as text.
type RegistrantAnswer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// RegistrantPage is one page of registrants (schema RegistrantPaginatedResponse).
type RegistrantPage struct {
	Registrants []Registrant
	Total       int
	Page        int
	Limit       int
	PageSize    int
}

// RegistrantPageOptions selects a page; the zero value asks for page 0 of 200.
type RegistrantPageOptions struct {
	Page  int
	Limit int
}

// RegistrationFields describes the registration form (schema RegistrationFields).
type RegistrationFields struct {
	Fields    []RegistrationField    `json:"fields"`
	Questions []RegistrationQuestion `json:"questions"`
}

// RegistrationField is a standard field (named like the RegistrantCreate JSON fields).
type RegistrationField struct {
	Field    string   `json:"field"`
	Required bool     `json:"required"`
	MaxSize  int      `json:"maxSize"`
	Answers  []string `json:"answers,omitempty"`
}

// RegistrationQuestion is a custom question; Type is multipleChoice or shortAnswer.
type RegistrationQuestion struct {
	QuestionKey Key              `json:"questionKey"`
	Question    string           `json:"question"`
	Required    bool             `json:"required"`
	Type        string           `json:"type"`
	MaxSize     int              `json:"maxSize"`
	Answers     []QuestionAnswer `json:"answers,omitempty"`
}

// QuestionAnswer is one choice of a multiple-choice question.
type QuestionAnswer struct {
	AnswerKey Key    `json:"answerKey"`
	Answer    string `json:"answer"`
}

// CreateRegistrant registers a person. A duplicate email fails with ErrConflict; use
// errors.As and Error.ExistingRegistrant to recover the existing registration.
// resendConfirmation re-sends the confirmation mail on such a re-registration.
// POST /organizers/{organizerKey}/webinars/{webinarKey}/registrants
func (c *Client) CreateRegistrant(ctx context.Context, organizerKey, webinarKey Key, r RegistrantCreate, resendConfirmation bool) (*RegistrantCreated, error) {
	q := url.Values{"resendConfirmation": {strconv.FormatBool(resendConfirmation)}}
	var out RegistrantCreated
	cl := newCall("create registrant", http.MethodPost, c.apiURL(q, "organizers", organizerKey, "webinars", webinarKey, "registrants"), r)
	if err := c.do(ctx, cl, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) registrantsCall(organizerKey, webinarKey Key, q url.Values) call {
	return newCall("list registrants", http.MethodGet, c.apiURL(q, "organizers", organizerKey, "webinars", webinarKey, "registrants"), nil)
}

// RegistrantsPage fetches one page. With nil opts no paging parameter is sent and GoTo
// answers with its legacy bare array, returned as a single page holding everything.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/registrants
func (c *Client) RegistrantsPage(ctx context.Context, organizerKey, webinarKey Key, opts *RegistrantPageOptions) (*RegistrantPage, error) {
	var q url.Values
	if opts != nil {
		limit := opts.Limit
		if limit <= 0 || limit > maxPageSize {
			limit = maxPageSize
		}
		q = url.Values{"page": {strconv.Itoa(opts.Page)}, "limit": {strconv.Itoa(limit)}}
	}
	var resp dataPage[Registrant]
	if err := c.do(ctx, c.registrantsCall(organizerKey, webinarKey, q), &resp); err != nil {
		return nil, err
	}
	return &RegistrantPage{Registrants: resp.Data, Total: resp.Total, Page: resp.Page, Limit: resp.Limit, PageSize: resp.PageSize}, nil
}

// Registrants iterates all registrants of a webinar, 200 per page.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/registrants
func (c *Client) Registrants(ctx context.Context, organizerKey, webinarKey Key) iter.Seq2[Registrant, error] {
	return dataPages[Registrant](ctx, c, func(page int) call {
		return c.registrantsCall(organizerKey, webinarKey, pageQuery(nil, page, "limit"))
	})
}

// ListRegistrants returns every registrant of a webinar.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/registrants
func (c *Client) ListRegistrants(ctx context.Context, organizerKey, webinarKey Key) ([]Registrant, error) {
	return collect(c.Registrants(ctx, organizerKey, webinarKey))
}

// Registrant fetches one registrant with all fields.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/registrants/{registrantKey}
func (c *Client) Registrant(ctx context.Context, organizerKey, webinarKey, registrantKey Key) (*RegistrantDetails, error) {
	return getObject[RegistrantDetails](ctx, c, "get registrant", c.apiURL(nil, "organizers", organizerKey, "webinars", webinarKey, "registrants", registrantKey))
}

// DeleteRegistrant removes a registrant of a future webinar.
// DELETE /organizers/{organizerKey}/webinars/{webinarKey}/registrants/{registrantKey}
func (c *Client) DeleteRegistrant(ctx context.Context, organizerKey, webinarKey, registrantKey Key) error {
	cl := newCall("delete registrant", http.MethodDelete, c.apiURL(nil, "organizers", organizerKey, "webinars", webinarKey, "registrants", registrantKey), nil)
	return c.do(ctx, cl, nil)
}

// RegistrationFields describes the registration form, custom questions included.
// GET /organizers/{organizerKey}/webinars/{webinarKey}/registrants/fields
func (c *Client) RegistrationFields(ctx context.Context, organizerKey, webinarKey Key) (*RegistrationFields, error) {
	return getObject[RegistrationFields](ctx, c, "get registration fields", c.apiURL(nil, "organizers", organizerKey, "webinars", webinarKey, "registrants", "fields"))
}
