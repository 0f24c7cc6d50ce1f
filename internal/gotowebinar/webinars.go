package gotowebinar

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Webinar is an item of the webinar lists (schema Webinar). Lists carry no creation time.
type Webinar struct {
	WebinarKey          Key             `json:"webinarKey"`
	WebinarID           string          `json:"webinarID"`
	OrganizerKey        Key             `json:"organizerKey"`
	AccountKey          Key             `json:"accountKey"`
	Subject             string          `json:"subject"`
	Description         string          `json:"description"`
	Times               []DateTimeRange `json:"times"`
	TimeZone            string          `json:"timeZone"`
	Locale              string          `json:"locale"`
	ApprovalType        string          `json:"approvalType"`
	RegistrationURL     string          `json:"registrationUrl"`
	Impromptu           bool            `json:"impromptu"`
	IsPasswordProtected bool            `json:"isPasswordProtected"`
	RecurrenceType      string          `json:"recurrenceType"`
	ExperienceType      string          `json:"experienceType"`
}

// WebinarDetails is one webinar fetched by key (schema WebinarByKey).
type WebinarDetails struct {
	WebinarKey          Key             `json:"webinarKey"`
	WebinarID           string          `json:"webinarID"`
	Subject             string          `json:"subject"`
	Description         string          `json:"description"`
	OrganizerKey        Key             `json:"organizerKey"`
	OrganizerEmail      string          `json:"organizerEmail"`
	OrganizerName       string          `json:"organizerName"`
	Times               []DateTimeRange `json:"times"`
	RegistrationURL     string          `json:"registrationUrl"`
	InSession           bool            `json:"inSession"`
	Impromptu           bool            `json:"impromptu"`
	Type                string          `json:"type"`
	TimeZone            string          `json:"timeZone"`
	NumberOfRegistrants int             `json:"numberOfRegistrants"`
	RegistrationLimit   int             `json:"registrationLimit"`
	Locale              string          `json:"locale"`
	AccountKey          Key             `json:"accountKey"`
	RecurrencePeriod    string          `json:"recurrencePeriod"`
	ExperienceType      string          `json:"experienceType"`
	IsPasswordProtected bool            `json:"isPasswordProtected"`
}

// EmailSetting switches one kind of notification email.
type EmailSetting struct {
	Enabled bool `json:"enabled"`
}

// FollowUpEmailSetting configures the attendee follow-up email.
type FollowUpEmailSetting struct {
	Enabled            bool `json:"enabled"`
	IncludeCertificate bool `json:"includeCertificate"`
}

// EmailSettings is schema WebinarEmailSettings; nil members are left to GoTo's defaults.
type EmailSettings struct {
	ConfirmationEmail     *EmailSetting         `json:"confirmationEmail,omitempty"`
	ReminderEmail         *EmailSetting         `json:"reminderEmail,omitempty"`
	AbsenteeFollowUpEmail *EmailSetting         `json:"absenteeFollowUpEmail,omitempty"`
	AttendeeFollowUpEmail *FollowUpEmailSetting `json:"attendeeFollowUpEmail,omitempty"`
}

// WebinarCreate is the body of POST Org/webinars (schema WebinarReqCreate). For
// Type "sequence" set RecurrenceStart, RecurrencePattern and RecurrenceEnd
// (YYYY-MM-DD) instead of Times.
type WebinarCreate struct {
	Subject             string          `json:"subject"`
	Description         string          `json:"description,omitempty"`
	Times               []DateTimeRange `json:"times,omitempty"`
	TimeZone            string          `json:"timeZone,omitempty"`
	Type                string          `json:"type,omitempty"`
	Locale              string          `json:"locale,omitempty"`
	IsPasswordProtected bool            `json:"isPasswordProtected,omitempty"`
	RecordingAssetKey   string          `json:"recordingAssetKey,omitempty"`
	IsOndemand          bool            `json:"isOndemand,omitempty"`
	IsBreakout          bool            `json:"isBreakout,omitempty"`
	ExperienceType      string          `json:"experienceType,omitempty"`
	EmailSettings       *EmailSettings  `json:"emailSettings,omitempty"`
	RecurrenceStart     *DateTimeRange  `json:"recurrenceStart,omitempty"`
	RecurrencePattern   string          `json:"recurrencePattern,omitempty"`
	RecurrenceEnd       string          `json:"recurrenceEnd,omitempty"`
}

// CreatedWebinar is the answer to a webinar creation.
type CreatedWebinar struct {
	WebinarKey Key `json:"webinarKey"`
	// RecurrenceKey is set for series only.
	RecurrenceKey Key `json:"recurrenceKey"`
}

// WebinarUpdate is the body of PUT Wb (schema WebinarReqUpdate). Times replaces the
// whole schedule, so send every interval.
type WebinarUpdate struct {
	Subject       string          `json:"subject,omitempty"`
	Description   string          `json:"description,omitempty"`
	Times         []DateTimeRange `json:"times,omitempty"`
	TimeZone      string          `json:"timeZone,omitempty"`
	Locale        string          `json:"locale,omitempty"`
	EmailSettings *EmailSettings  `json:"emailSettings,omitempty"`
}

// CancelOptions are the query flags of DELETE Wb.
type CancelOptions struct {
	// SendCancellationEmails notifies registrants (GoTo default false).
	SendCancellationEmails bool
	// DeleteAll false cancels only this session of a series; nil keeps GoTo's default (true).
	DeleteAll *bool
}

func pageQuery(q url.Values, page int, sizeParam string) url.Values {
	if q == nil {
		q = url.Values{}
	}
	q.Set("page", strconv.Itoa(page))
	q.Set(sizeParam, strconv.Itoa(maxPageSize))
	return q
}

// AccountWebinars iterates the account's webinars scheduled in [from, to], fetching
// 200 per page. GET /accounts/{accountKey}/webinars
func (c *Client) AccountWebinars(ctx context.Context, accountKey Key, from, to time.Time) iter.Seq2[Webinar, error] {
	return halPages[Webinar](ctx, c, "webinars", func(page int) call {
		q := pageQuery(timeRange(from, to), page, "size")
		return newCall("list account webinars", http.MethodGet, c.apiURL(q, "accounts", accountKey, "webinars"), nil)
	})
}

// ListAccountWebinars returns every webinar of AccountWebinars.
// GET /accounts/{accountKey}/webinars
func (c *Client) ListAccountWebinars(ctx context.Context, accountKey Key, from, to time.Time) ([]Webinar, error) {
	return collect(c.AccountWebinars(ctx, accountKey, from, to))
}

// Webinars iterates the organizer's upcoming and past webinars scheduled in
// [from, to], fetching 200 per page. GET /organizers/{organizerKey}/webinars
func (c *Client) Webinars(ctx context.Context, organizerKey Key, from, to time.Time) iter.Seq2[Webinar, error] {
	return halPages[Webinar](ctx, c, "webinars", func(page int) call {
		q := pageQuery(timeRange(from, to), page, "size")
		return newCall("list webinars", http.MethodGet, c.apiURL(q, "organizers", organizerKey, "webinars"), nil)
	})
}

// ListWebinars returns every webinar of Webinars. GET /organizers/{organizerKey}/webinars
func (c *Client) ListWebinars(ctx context.Context, organizerKey Key, from, to time.Time) ([]Webinar, error) {
	return collect(c.Webinars(ctx, organizerKey, from, to))
}

// CreateWebinar schedules a webinar. Never retried after the request may have been
// sent. POST /organizers/{organizerKey}/webinars
func (c *Client) CreateWebinar(ctx context.Context, organizerKey Key, w WebinarCreate) (*CreatedWebinar, error) {
	var out CreatedWebinar
	cl := newCall("create webinar", http.MethodPost, c.apiURL(nil, "organizers", organizerKey, "webinars"), w)
	if err := c.do(ctx, cl, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Webinar fetches one webinar; a cancelled webinar is ErrNotFound.
// GET /organizers/{organizerKey}/webinars/{webinarKey}
func (c *Client) Webinar(ctx context.Context, organizerKey, webinarKey Key) (*WebinarDetails, error) {
	return getObject[WebinarDetails](ctx, c, "get webinar", c.apiURL(nil, "organizers", organizerKey, "webinars", webinarKey))
}

// UpdateWebinar changes a webinar (202, no body).
// PUT /organizers/{organizerKey}/webinars/{webinarKey}
func (c *Client) UpdateWebinar(ctx context.Context, organizerKey, webinarKey Key, u WebinarUpdate, notifyParticipants bool) error {
	q := url.Values{"notifyParticipants": {strconv.FormatBool(notifyParticipants)}}
	cl := newCall("update webinar", http.MethodPut, c.apiURL(q, "organizers", organizerKey, "webinars", webinarKey), u)
	return c.do(ctx, cl, nil)
}

// CancelWebinar cancels (deletes) a webinar; a webinar in session is ErrConflict.
// DELETE /organizers/{organizerKey}/webinars/{webinarKey}
func (c *Client) CancelWebinar(ctx context.Context, organizerKey, webinarKey Key, opts CancelOptions) error {
	q := url.Values{"sendCancellationEmails": {strconv.FormatBool(opts.SendCancellationEmails)}}
	if opts.DeleteAll != nil {
		q.Set("deleteAll", strconv.FormatBool(*opts.DeleteAll))
	}
	cl := newCall("cancel webinar", http.MethodDelete, c.apiURL(q, "organizers", organizerKey, "webinars", webinarKey), nil)
	return c.do(ctx, cl, nil)
}
